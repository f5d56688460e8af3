package org.jukebox.security.internal.coin;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one message of the {@code coin} mechanism, client to server:
 * {@code 0x01 u16 len(coin) coin u8 len(proof) proof}, where {@code coin} is the coin's encoding
 * and {@code proof} is an Ed25519 signature with the coin's spending key over the
 * {@link #transcript}: {@code "jukebox-coin-spend-v1" 0x00 u16 len(serverName) serverName
 * channelBinding coin}. Binding the proof to the channel and the server's name means a coin seen
 * in one exchange cannot be spent by anyone else, on another connection or at another service.
 */
public final class CoinPayment {
  private static final int VERSION = 1;
  private static final int MAX_COIN = 512;
  private static final int MAX_PROOF = 255;
  private static final byte[] LABEL = "jukebox-coin-spend-v1".getBytes(StandardCharsets.US_ASCII);

  /** A parsed message: the coin's encoding (not yet decoded) and the spending proof. */
  public record Parsed(byte[] coin, byte[] proof) {}

  private CoinPayment() {}

  /** The largest well-formed message. */
  public static int maxBytes() {
    return 1 + 2 + MAX_COIN + 1 + MAX_PROOF;
  }

  /** What the spending key signs. */
  public static byte[] transcript(String serverName, byte[] channelBinding, byte[] coin) {
    byte[] name = serverName.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(LABEL);
    out.write(0);
    out.write(name.length >>> 8);
    out.write(name.length);
    out.writeBytes(name);
    out.writeBytes(channelBinding);
    out.writeBytes(coin);
    return out.toByteArray();
  }

  public static byte[] encode(byte[] coin, byte[] proof) {
    return ByteBuffer.allocate(1 + 2 + coin.length + 1 + proof.length).put((byte) VERSION)
        .putShort((short) coin.length).put(coin).put((byte) proof.length).put(proof).array();
  }

  /**
   * @throws IllegalArgumentException what is wrong with the message, for the refusal
   */
  public static Parsed parse(byte[] m) {
    if (m.length > maxBytes()) {
      throw new IllegalArgumentException(m.length + " bytes, more than " + maxBytes());
    }
    ByteBuffer b = ByteBuffer.wrap(m);
    try {
      int version = b.get() & 0xff;
      if (version != VERSION) {
        throw new IllegalArgumentException("version " + version + ", expected " + VERSION);
      }
      int coinLength = b.getShort() & 0xffff;
      if (coinLength > MAX_COIN) {
        throw new IllegalArgumentException("coin of " + coinLength + " bytes, more than " + MAX_COIN);
      }
      byte[] coin = new byte[coinLength];
      b.get(coin);
      byte[] proof = new byte[b.get() & 0xff];
      b.get(proof);
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " bytes after the proof");
      }
      return new Parsed(coin, proof);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated at byte " + b.position() + " of " + m.length);
    }
  }
}
