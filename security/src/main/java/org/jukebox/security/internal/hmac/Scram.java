package org.jukebox.security.internal.hmac;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The arithmetic and the wire messages of the {@code hmac} mechanism, after SCRAM-SHA-256 (RFC
 * 5802, RFC 7677) with HMAC-SHA-256 throughout and a binary encoding instead of SCRAM's text.
 *
 * <pre>
 * SaltedKey       = Hi(key, salt, iterations)            (PBKDF2-HMAC-SHA-256, one block)
 * ClientKey       = HMAC(SaltedKey, "Client Key")
 * StoredKey       = SHA-256(ClientKey)                   (what the server stores)
 * ServerKey       = HMAC(SaltedKey, "Server Key")        (what the server stores)
 * AuthMessage     = "jukebox-hmac-v1" 0x00 u16 len(serverName) serverName
 *                   client-first server-first client-final-without-proof
 * ClientSignature = HMAC(StoredKey, AuthMessage)
 * ClientProof     = ClientKey XOR ClientSignature
 * ServerSignature = HMAC(ServerKey, AuthMessage)
 * </pre>
 *
 * <p>Messages (all lengths big-endian):
 * <pre>
 * client-first : 0x01 u8 len(user) user(UTF-8) clientNonce[32]
 * server-first : 0x02 serverNonce[32] u8 len(salt) salt[16..64] u32 iterations
 * client-final : 0x03 channelBinding[32] serverNonce[32] clientProof[32]
 * server-final : 0x04 serverSignature[32]
 * client-ack   : 0x05
 * </pre>
 * The channel binding travels in client-final (as SCRAM's {@code c=} attribute does) so that
 * the server can say precisely why a relayed exchange fails; it is also covered by the proof,
 * through AuthMessage.
 */
public final class Scram {
  public static final int CLIENT_FIRST = 1;
  public static final int SERVER_FIRST = 2;
  public static final int CLIENT_FINAL = 3;
  public static final int SERVER_FINAL = 4;
  public static final int CLIENT_ACK = 5;

  /** Nonce, channel binding, hash and HMAC sizes: 32 bytes each. */
  public static final int SIZE = 32;
  public static final int MIN_SALT = 16;
  public static final int MAX_SALT = 64;
  public static final int MAX_USER_BYTES = 255;
  /** Below this a derived key is too cheap to compute; RFC 7677 asks for at least 4096. */
  public static final int MIN_ITERATIONS = 4096;
  /** Above this a server could make every client burn seconds of CPU per connection. */
  public static final int MAX_ITERATIONS = 1_000_000;

  private static final byte[] LABEL = "jukebox-hmac-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Scram() {}

  /** The client's first message, as parsed. */
  public record ClientFirst(String user, byte[] nonce) {}

  /** The server's first message, as parsed. */
  public record ServerFirst(byte[] nonce, byte[] salt, int iterations) {}

  /** The client's final message, as parsed. */
  public record ClientFinal(byte[] binding, byte[] serverNonce, byte[] proof) {}

  /** {@code n} random bytes. */
  public static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Hi() of RFC 5802: PBKDF2 with HMAC-SHA-256 for one 32-byte block, over raw key bytes. */
  public static byte[] hi(byte[] key, byte[] salt, int iterations) {
    Mac mac = mac(key);
    mac.update(salt);
    byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
    byte[] result = u.clone();
    for (int i = 1; i < iterations; i++) {
      u = mac.doFinal(u);
      for (int j = 0; j < result.length; j++) {
        result[j] ^= u[j];
      }
    }
    return result;
  }

  public static byte[] clientKey(byte[] saltedKey) {
    return hmac(saltedKey, CLIENT_KEY);
  }

  public static byte[] serverKey(byte[] saltedKey) {
    return hmac(saltedKey, SERVER_KEY);
  }

  public static byte[] storedKey(byte[] clientKey) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(clientKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  public static byte[] hmac(byte[] key, byte[] data) {
    return mac(key).doFinal(data);
  }

  public static byte[] xor(byte[] a, byte[] b) {
    byte[] r = new byte[a.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (byte) (a[i] ^ b[i]);
    }
    return r;
  }

  /** Constant-time comparison, so that timing tells an attacker nothing about a proof. */
  public static boolean same(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  /** What both proofs cover: the server's name and every message up to the client's proof. */
  public static byte[] authMessage(String serverName, byte[] clientFirst, byte[] serverFirst,
      byte[] clientFinalWithoutProof) {
    byte[] name = serverName.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(LABEL);
    out.write(0);
    out.write(name.length >>> 8);
    out.write(name.length);
    out.writeBytes(name);
    out.writeBytes(clientFirst);
    out.writeBytes(serverFirst);
    out.writeBytes(clientFinalWithoutProof);
    return out.toByteArray();
  }

  public static byte[] clientFirst(String user, byte[] nonce) {
    byte[] u = user.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + u.length + SIZE).put((byte) CLIENT_FIRST).put((byte) u.length).put(u).put(nonce).array();
  }

  public static byte[] serverFirst(byte[] nonce, byte[] salt, int iterations) {
    return ByteBuffer.allocate(1 + SIZE + 1 + salt.length + 4).put((byte) SERVER_FIRST).put(nonce)
        .put((byte) salt.length).put(salt).putInt(iterations).array();
  }

  public static byte[] clientFinalWithoutProof(byte[] binding, byte[] serverNonce) {
    return ByteBuffer.allocate(1 + 2 * SIZE).put((byte) CLIENT_FINAL).put(binding).put(serverNonce).array();
  }

  public static byte[] clientFinal(byte[] withoutProof, byte[] proof) {
    return ByteBuffer.allocate(withoutProof.length + SIZE).put(withoutProof).put(proof).array();
  }

  public static byte[] serverFinal(byte[] signature) {
    return ByteBuffer.allocate(1 + SIZE).put((byte) SERVER_FINAL).put(signature).array();
  }

  public static byte[] clientAck() {
    return new byte[] {CLIENT_ACK};
  }

  /**
   * @throws IllegalArgumentException what is wrong with it, for the refusal
   */
  public static ClientFirst parseClientFirst(byte[] m) {
    int max = 2 + MAX_USER_BYTES + SIZE;
    if (m.length > max) {
      throw new IllegalArgumentException(m.length + " bytes, more than " + max);
    }
    expectType(m, CLIENT_FIRST);
    if (m.length < 2) {
      throw new IllegalArgumentException("truncated before the user name");
    }
    int userLength = m[1] & 0xff;
    if (userLength == 0) {
      throw new IllegalArgumentException("empty user name");
    }
    if (m.length != 2 + userLength + SIZE) {
      throw new IllegalArgumentException(m.length + " bytes, expected " + (2 + userLength + SIZE)
          + " for a " + userLength + "-byte user name and a " + SIZE + "-byte nonce");
    }
    String user = new String(m, 2, userLength, StandardCharsets.UTF_8);
    checkUser(user);
    byte[] nonce = new byte[SIZE];
    System.arraycopy(m, 2 + userLength, nonce, 0, SIZE);
    return new ClientFirst(user, nonce);
  }

  /**
   * @throws IllegalArgumentException what is wrong with it, for the refusal
   */
  public static ServerFirst parseServerFirst(byte[] m) {
    int max = 1 + SIZE + 1 + MAX_SALT + 4;
    if (m.length > max) {
      throw new IllegalArgumentException(m.length + " bytes, more than " + max);
    }
    expectType(m, SERVER_FIRST);
    if (m.length < 2 + SIZE) {
      throw new IllegalArgumentException("truncated before the salt");
    }
    ByteBuffer b = ByteBuffer.wrap(m, 1, m.length - 1);
    byte[] nonce = new byte[SIZE];
    b.get(nonce);
    int saltLength = b.get() & 0xff;
    if (saltLength < MIN_SALT || saltLength > MAX_SALT) {
      throw new IllegalArgumentException("salt of " + saltLength + " bytes, expected " + MIN_SALT + ".." + MAX_SALT);
    }
    if (b.remaining() != saltLength + 4) {
      throw new IllegalArgumentException(m.length + " bytes, expected " + (1 + SIZE + 1 + saltLength + 4));
    }
    byte[] salt = new byte[saltLength];
    b.get(salt);
    return new ServerFirst(nonce, salt, b.getInt());
  }

  /**
   * @throws IllegalArgumentException what is wrong with it, for the refusal
   */
  public static ClientFinal parseClientFinal(byte[] m) {
    expectType(m, CLIENT_FINAL);
    if (m.length != 1 + 3 * SIZE) {
      throw new IllegalArgumentException(m.length + " bytes, expected " + (1 + 3 * SIZE));
    }
    ByteBuffer b = ByteBuffer.wrap(m, 1, 3 * SIZE);
    byte[] binding = new byte[SIZE];
    byte[] nonce = new byte[SIZE];
    byte[] proof = new byte[SIZE];
    b.get(binding).get(nonce).get(proof);
    return new ClientFinal(binding, nonce, proof);
  }

  /**
   * @return the server's signature
   * @throws IllegalArgumentException what is wrong with it, for the refusal
   */
  public static byte[] parseServerFinal(byte[] m) {
    expectType(m, SERVER_FINAL);
    if (m.length != 1 + SIZE) {
      throw new IllegalArgumentException(m.length + " bytes, expected " + (1 + SIZE));
    }
    byte[] s = new byte[SIZE];
    System.arraycopy(m, 1, s, 0, SIZE);
    return s;
  }

  /**
   * @throws IllegalArgumentException what is wrong with it, for the refusal
   */
  public static void parseClientAck(byte[] m) {
    expectType(m, CLIENT_ACK);
    if (m.length != 1) {
      throw new IllegalArgumentException(m.length + " bytes, expected 1");
    }
  }

  /**
   * Checks a user name as the key table and the wire carry it: 1 to 255 bytes of UTF-8, no
   * whitespace or control characters (the key file separates fields with spaces).
   *
   * @throws IllegalArgumentException {@code "HMAC user name is blank"}, {@code "HMAC user name is
   *     longer than 255 bytes: ..."}, {@code "HMAC user name contains whitespace or a control
   *     character: ..."}
   */
  public static String checkUser(String user) {
    if (user.isEmpty()) {
      throw new IllegalArgumentException("HMAC user name is blank");
    }
    if (user.getBytes(StandardCharsets.UTF_8).length > MAX_USER_BYTES) {
      throw new IllegalArgumentException("HMAC user name is longer than " + MAX_USER_BYTES + " bytes: "
          + user.substring(0, 40) + "...");
    }
    for (int i = 0; i < user.length(); i++) {
      char c = user.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\uFFFD') {
        throw new IllegalArgumentException("HMAC user name contains whitespace or a control character: \""
            + user.replaceAll("\\p{Cntrl}", "?") + "\"");
      }
    }
    return user;
  }

  private static void expectType(byte[] m, int type) {
    if (m.length == 0) {
      throw new IllegalArgumentException("empty");
    }
    if (m[0] != type) {
      throw new IllegalArgumentException("type " + (m[0] & 0xff) + ", expected " + type);
    }
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
