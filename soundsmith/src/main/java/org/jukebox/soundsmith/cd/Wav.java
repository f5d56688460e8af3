package org.jukebox.soundsmith.cd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * RIFF WAVE files of CD audio (PCM, 44.1 kHz, 16-bit, stereo): reading where the samples are,
 * and writing headers and files. Only what disc images need; any other format is refused by
 * name.
 *
 * <p>Thread-safe: static methods only.
 */
public final class Wav {
  /** Bytes of the canonical header {@link #header} writes. */
  public static final int HEADER_BYTES = 44;
  /** The media type of a WAV stream. */
  public static final String CONTENT_TYPE = "audio/wav";

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;

  private Wav() {}

  /**
   * Where the samples of a WAV file are.
   *
   * @param dataOffset file offset of the first sample byte
   * @param dataBytes bytes of samples (whole 4-byte stereo samples)
   */
  public record Data(long dataOffset, long dataBytes) {}

  /**
   * Finds the samples of a CD-audio WAV file and checks that the file holds all the header says.
   *
   * @throws CdImageException naming the file if it is not a RIFF WAVE file, not 44.1 kHz 16-bit
   *     stereo PCM ({@code "x.wav: 48000 Hz, 16-bit, 2 channels; a CD image needs 44100 Hz,
   *     16-bit, 2 channels"}), or truncated ({@code "x.wav: truncated: its data chunk says 1000
   *     bytes but the file holds 600"})
   * @throws IOException if the file cannot be read
   */
  public static Data read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, head, 0);
      if (head.position() < 12 || head.getInt(0) != 0x46464952 /* RIFF */ || head.getInt(8) != 0x45564157 /* WAVE */) {
        throw new CdImageException(file + ": not a WAV file (no RIFF WAVE header)");
      }
      long pos = 12;
      boolean haveFormat = false;
      ByteBuffer chunk = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      // Bounded: every chunk moves pos forward by at least 8 bytes.
      while (pos + 8 <= size) {
        chunk.clear();
        readFully(ch, chunk, pos);
        int id = chunk.getInt(0);
        long length = Integer.toUnsignedLong(chunk.getInt(4));
        long body = pos + 8;
        if (id == 0x20746d66 /* "fmt " */) {
          if (length < 16 || body + length > size) {
            throw new CdImageException(file + ": not a WAV file (format chunk of " + length + " bytes)");
          }
          ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
          readFully(ch, fmt, body);
          int format = Short.toUnsignedInt(fmt.getShort(0));
          int channels = Short.toUnsignedInt(fmt.getShort(2));
          int rate = fmt.getInt(4);
          int bits = Short.toUnsignedInt(fmt.getShort(14));
          if (format != FORMAT_PCM && format != FORMAT_EXTENSIBLE) {
            throw new CdImageException(file + ": WAV format " + format + " is not PCM; a CD image needs PCM");
          }
          if (rate != 44_100 || bits != 16 || channels != 2) {
            throw new CdImageException(file + ": " + rate + " Hz, " + bits + "-bit, " + channels
                + " channels; a CD image needs 44100 Hz, 16-bit, 2 channels");
          }
          haveFormat = true;
        } else if (id == 0x61746164 /* "data" */) {
          if (!haveFormat) {
            throw new CdImageException(file + ": not a WAV file (data before format chunk)");
          }
          if (body + length > size) {
            throw new CdImageException(file + ": truncated: its data chunk says " + length + " bytes but the file holds "
                + (size - body));
          }
          if (length % 4 != 0) {
            throw new CdImageException(file + ": data chunk of " + length + " bytes is not whole 16-bit stereo samples");
          }
          return new Data(body, length);
        }
        pos = body + length + (length & 1); // chunks are word-aligned
      }
      throw new CdImageException(file + (haveFormat ? ": no data chunk" : ": not a WAV file (no format chunk)"));
    }
  }

  /** The 44-byte header of a CD-audio WAV stream with {@code dataBytes} bytes of samples. */
  public static byte[] header(long dataBytes) {
    if (dataBytes < 0 || dataBytes > 0xFFFF_FFFFL - 36) {
      throw new IllegalArgumentException("dataBytes not in 0..4294967259: " + dataBytes);
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157);
    b.putInt(0x20746d66).putInt(16).putShort((short) FORMAT_PCM).putShort((short) 2).putInt(44_100)
        .putInt(44_100 * 4).putShort((short) 4).putShort((short) 16);
    b.putInt(0x61746164).putInt((int) dataBytes);
    return b.array();
  }

  /**
   * Writes {@code pcm} (little-endian 16-bit stereo at 44.1 kHz) as a WAV file, atomically
   * (a temporary sibling moved into place), creating parent folders.
   *
   * @throws IllegalArgumentException if {@code pcm} is not whole stereo samples
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, byte[] pcm) throws IOException {
    Objects.requireNonNull(pcm, "pcm");
    if (pcm.length % 4 != 0) {
      throw new IllegalArgumentException("PCM of " + pcm.length + " bytes is not whole 16-bit stereo samples");
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(header(pcm.length));
        out.write(pcm);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        return;
      }
      pos += n;
    }
  }
}
