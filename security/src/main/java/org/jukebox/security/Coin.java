package org.jukebox.security;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A digital coin minted by a {@link Bank}: a random 128-bit serial, a value, the id of the bank,
 * the public half of a per-coin spending key (Ed25519), and the bank's Ed25519 signature over all
 * of them. The bank's signature makes the coin unforgeable and its fields tamper-evident; the
 * spending key makes it useless to anyone who sees it but does not hold the matching private key
 * ({@link Spendable}), because spending it means signing the connection's channel binding with
 * that key (see {@link PayPerUseAuthenticator}).
 *
 * <p>Encoding ({@link #encode()}, all integers big-endian):
 * {@code 0x01 serial[16] value:i64 u8 len(bankId) bankId(ASCII) u8 len(holderKey)
 * holderKey(X.509 SubjectPublicKeyInfo) u8 len(signature) signature}. The bank signs
 * {@code "jukebox-coin-v1" 0x00} followed by every byte of the encoding before the signature's
 * length.
 *
 * <p>A coin is a value: immutable, thread-safe, equal to another with the same encoding. It
 * checks its own form when decoded, not its signature: {@link #isSignedBy(PublicKey)} does that.
 */
public final class Coin {
  /** The length of a serial: 16 bytes. */
  public static final int SERIAL_BYTES = 16;
  /** The longest encoding {@link #decode} accepts. */
  public static final int MAX_ENCODED_BYTES = 512;

  private static final int VERSION = 1;
  private static final byte[] LABEL = "jukebox-coin-v1".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern BANK_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final byte[] serial;
  private final long value;
  private final String bankId;
  private final PublicKey holderKey;
  private final byte[] encoded;
  private final int signatureOffset;

  private Coin(byte[] serial, long value, String bankId, PublicKey holderKey, byte[] encoded, int signatureOffset) {
    this.serial = serial;
    this.value = value;
    this.bankId = bankId;
    this.holderKey = holderKey;
    this.encoded = encoded;
    this.signatureOffset = signatureOffset;
  }

  /**
   * A coin the bank {@code bankKey} signs now; for {@link Bank}.
   *
   * @throws IllegalArgumentException if a field is out of range
   */
  static Coin sign(byte[] serial, long value, String bankId, PublicKey holderKey, PrivateKey bankKey) {
    byte[] body = body(serial, value, checkBankId(bankId), holderKey);
    byte[] signature;
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(bankKey);
      s.update(LABEL);
      s.update((byte) 0);
      s.update(body);
      signature = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign a coin with a " + bankKey.getAlgorithm() + " key: " + e.getMessage(), e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(body);
    out.write(signature.length);
    out.writeBytes(signature);
    return decode(out.toByteArray());
  }

  private static byte[] body(byte[] serial, long value, String bankId, PublicKey holderKey) {
    if (serial.length != SERIAL_BYTES) {
      throw new IllegalArgumentException("coin serial is " + serial.length + " bytes, expected " + SERIAL_BYTES);
    }
    checkValue(value);
    byte[] key = holderKey.getEncoded();
    if (key == null || key.length > 255) {
      throw new IllegalArgumentException("holder key cannot be encoded in a coin: " + holderKey.getAlgorithm());
    }
    byte[] id = bankId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(1 + SERIAL_BYTES + 8 + 1 + id.length + 1 + key.length).put((byte) VERSION).put(serial)
        .putLong(value).put((byte) id.length).put(id).put((byte) key.length).put(key).array();
  }

  /**
   * Reads a coin from its encoding, checking its form (not its signature).
   *
   * @throws IllegalArgumentException {@code "malformed coin: ..."} saying what is wrong: too long,
   *     truncated, unknown version, value not positive, bad bank id, holder key not Ed25519,
   *     trailing bytes
   */
  public static Coin decode(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length > MAX_ENCODED_BYTES) {
      throw new IllegalArgumentException("malformed coin: " + encoded.length + " bytes, more than " + MAX_ENCODED_BYTES);
    }
    ByteBuffer b = ByteBuffer.wrap(encoded);
    try {
      int version = b.get() & 0xff;
      if (version != VERSION) {
        throw new IllegalArgumentException("malformed coin: version " + version + ", expected " + VERSION);
      }
      byte[] serial = new byte[SERIAL_BYTES];
      b.get(serial);
      long value = b.getLong();
      if (value <= 0) {
        throw new IllegalArgumentException("malformed coin: value is not positive: " + value);
      }
      byte[] id = new byte[b.get() & 0xff];
      b.get(id);
      String bankId = new String(id, StandardCharsets.US_ASCII);
      if (!BANK_ID.matcher(bankId).matches()) {
        throw new IllegalArgumentException("malformed coin: bad bank id");
      }
      byte[] key = new byte[b.get() & 0xff];
      b.get(key);
      PublicKey holderKey;
      try {
        holderKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(key));
      } catch (GeneralSecurityException | ClassCastException e) {
        throw new IllegalArgumentException("malformed coin: holder key is not an Ed25519 public key");
      }
      int signatureOffset = b.position();
      byte[] signature = new byte[b.get() & 0xff];
      b.get(signature);
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("malformed coin: " + b.remaining() + " bytes after the signature");
      }
      return new Coin(serial, value, bankId, holderKey, encoded.clone(), signatureOffset);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("malformed coin: truncated at byte " + b.position() + " of " + encoded.length);
    }
  }

  /** The 16-byte serial; a copy. */
  public byte[] serial() {
    return serial.clone();
  }

  /** The serial as 32 lowercase hex digits. */
  public String serialHex() {
    return HexFormat.of().formatHex(serial);
  }

  /**
   * The name of the principal that paid with this coin: {@code "coin:" + serialHex()}. The
   * pay-per-use access policy records plays under it.
   */
  public String id() {
    return "coin:" + serialHex();
  }

  /** The coin's value, in the bank's units; positive. */
  public long value() {
    return value;
  }

  /** The id of the bank that (claims to have) minted it. */
  public String bankId() {
    return bankId;
  }

  /** The public half of the key that spends this coin. */
  public PublicKey holderKey() {
    return holderKey;
  }

  /** Whether the bank whose public key is {@code bankKey} signed exactly this coin. */
  public boolean isSignedBy(PublicKey bankKey) {
    Objects.requireNonNull(bankKey, "bankKey");
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(bankKey);
      s.update(LABEL);
      s.update((byte) 0);
      s.update(encoded, 0, signatureOffset);
      int length = encoded[signatureOffset] & 0xff;
      return s.verify(encoded, signatureOffset + 1, length);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The encoding; a copy. */
  public byte[] encode() {
    return encoded.clone();
  }

  /** The encoding, not copied; for this package's wire messages. */
  byte[] encodedUnsafe() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Coin c && Arrays.equals(encoded, c.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Coin[" + serialHex() + ", value " + value + ", bank " + bankId + "]";
  }

  static long checkValue(long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("coin value is not positive: " + value);
    }
    return value;
  }

  /**
   * @throws IllegalArgumentException {@code "bank id must be 1 to 64 characters of A-Z a-z 0-9 . _
   *     -: \"my bank\""}
   */
  static String checkBankId(String id) {
    Objects.requireNonNull(id, "bank id");
    if (!BANK_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("bank id must be 1 to 64 characters of A-Z a-z 0-9 . _ -: \"" + id + "\"");
    }
    return id;
  }

  /**
   * A coin together with the private key that spends it: what a client withdraws from the bank
   * and keeps in its {@link CoinWallet}. Whoever holds it can spend the coin once; keep it as
   * secret as a banknote. Immutable and thread-safe.
   */
  public static final class Spendable {
    private final Coin coin;
    private final PrivateKey key;

    Spendable(Coin coin, PrivateKey key) {
      this.coin = coin;
      this.key = key;
    }

    /**
     * A coin with its spending key, e.g. as restored from a client's store.
     *
     * @throws IllegalArgumentException {@code "the key does not spend coin <serial>"} if
     *     {@code key} is not the private half of the coin's holder key
     */
    public static Spendable of(Coin coin, PrivateKey key) {
      Objects.requireNonNull(coin, "coin");
      Objects.requireNonNull(key, "key");
      boolean matches;
      try {
        byte[] probe = LABEL;
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        s.initVerify(coin.holderKey());
        s.update(probe);
        matches = s.verify(sig);
      } catch (GeneralSecurityException e) {
        matches = false;
      }
      if (!matches) {
        throw new IllegalArgumentException("the key does not spend coin " + coin.serialHex());
      }
      return new Spendable(coin, key);
    }

    /** The coin. */
    public Coin coin() {
      return coin;
    }

    /** The private key that spends it. */
    public PrivateKey key() {
      return key;
    }

    @Override
    public String toString() {
      // Never the key.
      return "Spendable" + coin;
    }
  }
}
