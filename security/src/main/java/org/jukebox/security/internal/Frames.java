package org.jukebox.security.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jukebox.security.Exchange;

/**
 * The framing of the authentication handshake: one type byte, a 4-byte big-endian length, then
 * that many bytes, at most {@link Exchange#MAX_MESSAGE_BYTES}. Reads are unbuffered so that not
 * one byte past the handshake is consumed: RMI's stream starts right after it.
 */
final class Frames {
  /** Client to server: protocol magic and version, then the mechanisms offered. */
  static final int HELLO = 1;
  /** Server to client: the mechanism chosen, or a refusal. */
  static final int CHOICE = 2;
  /** Either way: a mechanism's message. */
  static final int DATA = 3;
  /** Server to client: the principal established, or a refusal. */
  static final int OUTCOME = 4;
  /** Client to server: the authenticator gave up, and why. */
  static final int ABORT = 5;

  static final int MAX = Exchange.MAX_MESSAGE_BYTES;
  /** Reasons are for people; a long one is cut so that it always fits a frame. */
  static final int MAX_REASON_CHARS = 2000;

  /** A frame as read. */
  record Frame(int type, byte[] payload) {}

  private Frames() {}

  static void write(OutputStream out, int type, byte[] payload) throws IOException {
    if (payload.length > MAX) {
      throw new IllegalArgumentException("handshake message of " + payload.length + " bytes exceeds the limit of " + MAX);
    }
    byte[] frame = ByteBuffer.allocate(5 + payload.length).put((byte) type).putInt(payload.length).put(payload).array();
    out.write(frame);
    out.flush();
  }

  static Frame read(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed during authentication");
    }
    DataInputStream data = new DataInputStream(in);
    int length;
    try {
      length = data.readInt();
    } catch (EOFException e) {
      throw new EOFException("truncated handshake message: connection closed inside its header");
    }
    if (length < 0 || length > MAX) {
      throw new IOException("handshake message of " + Integer.toUnsignedString(length)
          + " bytes exceeds the limit of " + MAX);
    }
    byte[] payload = new byte[length];
    int got = 0;
    while (got < length) {
      int n = in.read(payload, got, length - got);
      if (n < 0) {
        throw new EOFException("truncated handshake message: connection closed after " + got + " of " + length + " bytes");
      }
      got += n;
    }
    return new Frame(type, payload);
  }

  static byte[] reason(String reason) {
    String r = reason == null ? "(no reason given)" : reason;
    if (r.length() > MAX_REASON_CHARS) {
      r = r.substring(0, MAX_REASON_CHARS) + "...";
    }
    return r.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes, int offset) {
    return new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
  }

  static String typeName(int type) {
    return switch (type) {
      case HELLO -> "HELLO";
      case CHOICE -> "CHOICE";
      case DATA -> "DATA";
      case OUTCOME -> "OUTCOME";
      case ABORT -> "ABORT";
      default -> "unknown type " + type;
    };
  }
}
