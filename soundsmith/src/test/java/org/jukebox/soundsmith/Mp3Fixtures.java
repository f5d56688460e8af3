package org.jukebox.soundsmith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Makes tagged MP3 files for tests: real audio encoded once by jump3r (and cached), behind ID3
 * tags built byte for byte, so every version and text encoding of the standard can be written,
 * including those mp3agic cannot write (ID3v2.4 UTF-16BE and UTF-8, ID3v2.2, unsynchronisation).
 */
public final class Mp3Fixtures {
  /** ID3v2 text encodings. */
  public static final int LATIN1 = 0;
  public static final int UTF16_BOM = 1;
  public static final int UTF16BE = 2;
  public static final int UTF8 = 3;

  private static byte[] tone;
  private static byte[] vbr;

  private Mp3Fixtures() {}

  /** 1.5 s of a 440 Hz tone: 44.1 kHz mono 128 kbps CBR with an Info header. Encoded once. */
  public static synchronized byte[] tone() {
    if (tone == null) {
      tone = SampleLibrary.encodeTone(440, 1.5);
    }
    return tone.clone();
  }

  /** 2 s of a melody encoded VBR, with a Xing header. Encoded once. */
  public static synchronized byte[] vbrMelody() {
    if (vbr == null) {
      vbr = SampleLibrary.encodeMelody(7, 2.0, true);
    }
    return vbr.clone();
  }

  /** Writes the parts one after the other, creating folders. */
  public static Path write(Path file, byte[]... parts) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, concat(parts));
    return file;
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The text of a frame body: encoding byte, then the text in that encoding. */
  public static byte[] text(int encoding, String... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(encoding);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.writeBytes(encoding == UTF16_BOM || encoding == UTF16BE ? new byte[2] : new byte[1]);
      }
      out.writeBytes(encode(encoding, values[i], false));
    }
    return out.toByteArray();
  }

  /** A string in an ID3 encoding; UTF-16 gets a BOM (big- or little-endian as asked). */
  public static byte[] encode(int encoding, String s, boolean littleEndian) {
    switch (encoding) {
      case LATIN1:
        return s.getBytes(StandardCharsets.ISO_8859_1);
      case UTF16_BOM:
        byte[] body = s.getBytes(littleEndian ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
        byte[] bom = littleEndian ? new byte[] {(byte) 0xFF, (byte) 0xFE} : new byte[] {(byte) 0xFE, (byte) 0xFF};
        return concat(bom, body);
      case UTF16BE:
        return s.getBytes(StandardCharsets.UTF_16BE);
      case UTF8:
        return s.getBytes(StandardCharsets.UTF_8);
      default:
        throw new IllegalArgumentException("encoding " + encoding);
    }
  }

  /** A UTF-16 text body with a little-endian BOM (what Windows taggers write). */
  public static byte[] textUtf16Le(String value) {
    return concat(new byte[] {UTF16_BOM}, encode(UTF16_BOM, value, true));
  }

  /** An ID3v2.3 frame: 4-char id, 32-bit size, two flag bytes, body. */
  public static byte[] frame23(String id, byte[] body) {
    return concat(id.getBytes(StandardCharsets.ISO_8859_1), int32(body.length), new byte[2], body);
  }

  /** An ID3v2.4 frame: 4-char id, syncsafe size, two flag bytes, body. */
  public static byte[] frame24(String id, byte[] body) {
    return concat(id.getBytes(StandardCharsets.ISO_8859_1), syncsafe(body.length), new byte[2], body);
  }

  /** An ID3v2.2 frame: 3-char id, 24-bit size, body. */
  public static byte[] frame22(String id, byte[] body) {
    int n = body.length;
    return concat(id.getBytes(StandardCharsets.ISO_8859_1), new byte[] {(byte) (n >> 16), (byte) (n >> 8), (byte) n},
        body);
  }

  /** An ID3v2 tag of the given major version around frames, with 64 bytes of padding. */
  public static byte[] tag(int major, int flags, byte[]... frames) {
    byte[] body = concat(concat(frames), new byte[64]);
    return concat(new byte[] {'I', 'D', '3', (byte) major, 0, (byte) flags}, syncsafe(body.length), body);
  }

  /** An APIC body: encoding, MIME type, picture type, description, image. */
  public static byte[] apic(int encoding, String mime, int pictureType, String description, byte[] image) {
    byte[] terminator = encoding == UTF16_BOM || encoding == UTF16BE ? new byte[2] : new byte[1];
    return concat(new byte[] {(byte) encoding}, mime.getBytes(StandardCharsets.ISO_8859_1), new byte[1],
        new byte[] {(byte) pictureType}, encode(encoding, description, false), terminator, image);
  }

  /** A 128-byte ID3v1.1 tag. */
  public static byte[] id3v1(String title, String artist, String album, String year, int track, int genre) {
    byte[] t = new byte[128];
    t[0] = 'T';
    t[1] = 'A';
    t[2] = 'G';
    put(t, 3, 30, title);
    put(t, 33, 30, artist);
    put(t, 63, 30, album);
    put(t, 93, 4, year);
    t[125] = 0;
    t[126] = (byte) track;
    t[127] = (byte) genre;
    return t;
  }

  private static void put(byte[] t, int offset, int max, String s) {
    byte[] b = s.getBytes(Charset.forName("ISO-8859-1"));
    System.arraycopy(b, 0, t, offset, Math.min(max, b.length));
  }

  public static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  public static byte[] syncsafe(int v) {
    return new byte[] {(byte) ((v >> 21) & 0x7F), (byte) ((v >> 14) & 0x7F), (byte) ((v >> 7) & 0x7F), (byte) (v & 0x7F)};
  }

  /** Inserts 0x00 after every 0xFF: ID3 unsynchronisation. */
  public static byte[] unsynchronise(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte x : b) {
      out.write(x);
      if (x == (byte) 0xFF) {
        out.write(0);
      }
    }
    return out.toByteArray();
  }

  /** The first {@code n} bytes. */
  public static byte[] prefix(byte[] b, int n) {
    return Arrays.copyOf(b, n);
  }

  /** Collects the log records of a logger subtree while open; keeps the logger strongly reachable. */
  public static final class LogCapture extends java.util.logging.Handler implements AutoCloseable {
    private final java.util.logging.Logger logger;
    private final java.util.logging.Level previous;
    private final java.util.List<java.util.logging.LogRecord> records =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    public LogCapture(String loggerName) {
      logger = java.util.logging.Logger.getLogger(loggerName);
      previous = logger.getLevel();
      logger.setLevel(java.util.logging.Level.ALL);
      logger.addHandler(this);
    }

    @Override
    public void publish(java.util.logging.LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
      logger.setLevel(previous);
    }

    /** Formatted messages of the WARNING (and worse) records so far. */
    public java.util.List<String> warnings() {
      synchronized (records) {
        return records.stream().filter(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
            .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
      }
    }
  }
}
