package org.jukebox.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * The mint of the pay-per-use scheme: holds an Ed25519 signing key and issues {@link Coin}s,
 * each with a fresh random serial and a fresh spending key pair whose private half goes to the
 * client only. Services that take coins know the bank by its id and public key and never hold
 * its private key (see {@link PayPerUseVerifier}).
 *
 * <p>The bank is not a ledger: it does not remember what it minted, and it does not see coins
 * being spent. Double spending is caught by the verifier's {@link SpentCoins} list.
 *
 * <p>Thread-safe.
 */
public final class Bank {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final KeyPair keys;

  private Bank(String id, KeyPair keys) {
    this.id = id;
    this.keys = keys;
  }

  /**
   * A new bank with a fresh Ed25519 key.
   *
   * @throws IllegalArgumentException if {@code id} is not 1 to 64 characters of
   *     {@code A-Z a-z 0-9 . _ -}
   */
  public static Bank generate(String id) {
    Coin.checkBankId(id);
    try {
      return new Bank(id, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  /**
   * The bank {@code id} with the Ed25519 key pair {@code keys} (as loaded from its store).
   *
   * @throws IllegalArgumentException if the id is malformed, or the pair is not an Ed25519 pair
   *     whose halves match: {@code "bank key is not an Ed25519 key pair"}
   */
  public static Bank of(String id, KeyPair keys) {
    Coin.checkBankId(id);
    Objects.requireNonNull(keys, "keys");
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(keys.getPrivate());
      s.update(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] sig = s.sign();
      s.initVerify(keys.getPublic());
      s.update(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      if (!s.verify(sig)) {
        throw new IllegalArgumentException("bank key is not an Ed25519 key pair");
      }
    } catch (GeneralSecurityException | NullPointerException e) {
      throw new IllegalArgumentException("bank key is not an Ed25519 key pair", e);
    }
    return new Bank(id, keys);
  }

  /** The bank's id, which its coins carry. */
  public String id() {
    return id;
  }

  /** The public key that verifies the bank's coins. */
  public PublicKey publicKey() {
    return keys.getPublic();
  }

  /** {@link #publicKey()} as base64 of its X.509 encoding, the form configuration files carry. */
  public String encodedPublicKey() {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  /**
   * Reads a bank public key written by {@link #encodedPublicKey()}.
   *
   * @throws IllegalArgumentException {@code "not a base64 Ed25519 public key: ..."}
   */
  public static PublicKey decodePublicKey(String base64) {
    Objects.requireNonNull(base64, "base64");
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(
          new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a base64 Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * Mints one coin of {@code value}: a fresh serial and spending key, signed by this bank.
   *
   * @return the coin with its spending key, for the client's {@link CoinWallet}
   * @throws IllegalArgumentException {@code "coin value is not positive: 0"}
   */
  public Coin.Spendable mint(long value) {
    Coin.checkValue(value);
    byte[] serial = new byte[Coin.SERIAL_BYTES];
    RANDOM.nextBytes(serial);
    KeyPair holder;
    try {
      holder = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
    return new Coin.Spendable(Coin.sign(serial, value, id, holder.getPublic(), keys.getPrivate()), holder.getPrivate());
  }

  @Override
  public String toString() {
    return "Bank[" + id + "]";
  }
}
