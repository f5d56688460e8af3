package org.jukebox.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import org.jukebox.client.PcmFormat;

/**
 * Reads uncompressed 16-bit PCM from a Sun {@code .au} stream ({@code audio/basic},
 * big-endian) or a WAV stream ({@code audio/wav}, little-endian), as a CD SoundSmith serves
 * them, in blocks of {@value #BLOCK_FRAMES} frames. At offset 0 it reads the header; after a
 * Range request it is told the {@link Layout} found at the start and reads from a frame-aligned
 * offset ({@link Layout#alignedOffset}).
 *
 * <p>Network failures surface as {@link IOException}, a header that is not 16-bit PCM as
 * {@link CorruptAudioException}. Not thread-safe; {@link #close()} from any thread.
 */
public final class PcmStreamReader implements AudioReader {
  /** Frames per block handed to the player: about 93 ms at 44.1 kHz. */
  static final int BLOCK_FRAMES = 4096;
  private static final int AU_MAGIC = 0x2e736e64;
  private static final int AU_LINEAR_16 = 3;

  /**
   * Where and how a stream holds its samples.
   *
   * @param format sample rate and channels
   * @param bigEndian whether samples are big-endian ({@code .au}) or little-endian (WAV)
   * @param audioStart byte offset of the first sample
   * @param dataBytes bytes of samples the header announces; -1 when unknown (to the end)
   */
  public record Layout(PcmFormat format, boolean bigEndian, long audioStart, long dataBytes) {
    /** Bytes per frame: 2 per channel. */
    public int blockAlign() {
      return 2 * format.channels();
    }

    /** Bytes of audio per second. */
    public long bytesPerSecond() {
      return (long) format.sampleRate() * blockAlign();
    }

    /** The byte offset where the frame playing at {@code nanos} starts. */
    public long alignedOffset(long nanos) {
      return audioStart + format.nanosToFrames(nanos) * blockAlign();
    }

    /** Playing time of the whole stream in nanoseconds; 0 if its length is unknown. */
    public long durationNanos() {
      return dataBytes < 0 ? 0 : format.framesToNanos(dataBytes / blockAlign());
    }
  }

  private final FailureRecordingInputStream in;
  private final Layout layout;
  private final long firstFrameOffset;
  private long left;
  private final byte[] buf;

  private PcmStreamReader(FailureRecordingInputStream in, Layout layout, long firstFrameOffset) {
    this.in = in;
    this.layout = layout;
    this.firstFrameOffset = firstFrameOffset;
    this.left = layout.dataBytes() < 0 ? Long.MAX_VALUE
        : Math.max(0, layout.audioStart() + layout.dataBytes() - firstFrameOffset);
    this.buf = new byte[BLOCK_FRAMES * layout.blockAlign()];
  }

  /** Whether the player reads songs of this media type with this reader. */
  public static boolean handles(String contentType) {
    String t = contentType.toLowerCase(Locale.ROOT);
    int semi = t.indexOf(';');
    t = (semi < 0 ? t : t.substring(0, semi)).strip();
    return t.equals("audio/basic") || t.equals("audio/au") || t.equals("audio/wav") || t.equals("audio/x-wav")
        || t.equals("audio/wave") || t.equals("audio/vnd.wave");
  }

  /**
   * Opens a reader on {@code in}, which starts at byte {@code offset} of the song.
   *
   * @param known the layout read at the start of the song; needed when {@code offset > 0}
   * @throws IOException if reading fails
   * @throws CorruptAudioException if the header is not 16-bit PCM in {@code .au} or WAV
   * @throws IllegalArgumentException if {@code offset > 0} without a layout, or not frame-aligned
   */
  public static PcmStreamReader open(InputStream in, long offset, Layout known) throws IOException, CorruptAudioException {
    FailureRecordingInputStream src = new FailureRecordingInputStream(in);
    if (offset == 0) {
      return new PcmStreamReader(src, readHeader(src), -1);
    }
    if (known == null) {
      throw new IllegalArgumentException("a PCM stream opened at " + offset + " needs the layout of its start");
    }
    if (offset < known.audioStart() || (offset - known.audioStart()) % known.blockAlign() != 0) {
      throw new IllegalArgumentException("offset " + offset + " is not at a frame of audio starting at "
          + known.audioStart());
    }
    return new PcmStreamReader(src, known, offset);
  }

  private static Layout readHeader(InputStream in) throws IOException, CorruptAudioException {
    byte[] magic = readN(in, 4, "header");
    int m = ByteBuffer.wrap(magic).getInt();
    if (m == AU_MAGIC) {
      ByteBuffer h = ByteBuffer.wrap(readN(in, 20, ".au header")).order(ByteOrder.BIG_ENDIAN);
      long dataOffset = Integer.toUnsignedLong(h.getInt());
      long size = Integer.toUnsignedLong(h.getInt());
      int encoding = h.getInt();
      int rate = h.getInt();
      int channels = h.getInt();
      if (encoding != AU_LINEAR_16) {
        throw new CorruptAudioException("the .au stream is not 16-bit linear PCM (encoding " + encoding + ")");
      }
      if (dataOffset < 24 || dataOffset > 1 << 20) {
        throw new CorruptAudioException("the .au header gives its data offset as " + dataOffset);
      }
      in.skipNBytes(dataOffset - 24);
      return new Layout(format(rate, channels), true, dataOffset, size == 0xFFFF_FFFFL ? -1 : size);
    }
    if (m == 0x52494646 /* RIFF */) {
      ByteBuffer riff = ByteBuffer.wrap(readN(in, 8, "WAV header")).order(ByteOrder.LITTLE_ENDIAN);
      riff.getInt();
      if (riff.getInt() != 0x45564157 /* WAVE little-endian */) {
        throw new CorruptAudioException("a RIFF stream that is not WAVE");
      }
      long pos = 12;
      PcmFormat format = null;
      // Bounded: each chunk header moves pos on by at least 8, and 64 chunks is far more than any WAV has.
      for (int i = 0; i < 64; i++) {
        ByteBuffer c = ByteBuffer.wrap(readN(in, 8, "WAV chunk")).order(ByteOrder.LITTLE_ENDIAN);
        int id = c.getInt();
        long length = Integer.toUnsignedLong(c.getInt());
        pos += 8;
        if (id == 0x61746164 /* data */) {
          if (format == null) {
            throw new CorruptAudioException("the WAV stream has data before its format");
          }
          return new Layout(format, false, pos, length);
        }
        if (id == 0x20746d66 /* fmt */) {
          if (length < 16 || length > 1024) {
            throw new CorruptAudioException("the WAV format chunk has " + length + " bytes");
          }
          ByteBuffer f = ByteBuffer.wrap(readN(in, (int) length, "WAV format")).order(ByteOrder.LITTLE_ENDIAN);
          int tag = Short.toUnsignedInt(f.getShort(0));
          int channels = Short.toUnsignedInt(f.getShort(2));
          int rate = f.getInt(4);
          int bits = Short.toUnsignedInt(f.getShort(14));
          if ((tag != 1 && tag != 0xFFFE) || bits != 16) {
            throw new CorruptAudioException("the WAV stream is not 16-bit PCM (format " + tag + ", " + bits + " bits)");
          }
          format = format(rate, channels);
          if ((length & 1) == 1) {
            in.skipNBytes(1);
          }
          pos += length + (length & 1);
        } else {
          long skip = length + (length & 1);
          in.skipNBytes(skip);
          pos += skip;
        }
      }
      throw new CorruptAudioException("no data chunk in the first 64 chunks of the WAV stream");
    }
    throw new CorruptAudioException("neither .au nor WAV: the stream starts with " + hex(magic));
  }

  private static PcmFormat format(int rate, int channels) throws CorruptAudioException {
    try {
      return new PcmFormat(rate, channels);
    } catch (IllegalArgumentException e) {
      throw new CorruptAudioException("unplayable PCM: " + e.getMessage());
    }
  }

  private static byte[] readN(InputStream in, int n, String what) throws IOException, CorruptAudioException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new CorruptAudioException(b.length == 0 && what.equals("header") ? "the stream is empty"
          : "the stream ends inside its " + what);
    }
    return b;
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }

  /** The layout of the stream, as its header says or as given. */
  public Layout layout() {
    return layout;
  }

  @Override
  public Mp3FrameReader.Pcm next() throws IOException {
    int align = layout.blockAlign();
    int want = (int) Math.min(buf.length, left);
    if (want < align) {
      return null;
    }
    int n = 0;
    while (n < want) {
      int r = in.read(buf, n, want - n);
      in.rethrowFailure();
      if (r < 0) {
        break;
      }
      n += r;
      if (n % align == 0 && n > 0 && in.available() == 0) {
        break; // hand over what arrived rather than wait for a full block
      }
    }
    int usable = n - n % align;
    if (usable == 0) {
      if (layout.dataBytes() >= 0) {
        // The header promised more: the connection was cut, which the player treats as a lost stream.
        throw new EOFException("the stream ended " + left + " bytes early");
      }
      return null;
    }
    left -= usable;
    short[] samples = new short[usable / 2];
    ByteBuffer.wrap(buf, 0, usable).order(layout.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
        .asShortBuffer().get(samples);
    if (n > usable) {
      // A stream cut inside a frame: keep no half frame (the next read ends or fails anyway).
      left = 0;
    }
    return new Mp3FrameReader.Pcm(layout.format(), samples);
  }

  @Override
  public long audioStart() {
    return layout.audioStart();
  }

  @Override
  public long firstFrameOffset() {
    return firstFrameOffset < 0 ? layout.audioStart() : firstFrameOffset;
  }

  @Override
  public int firstBitrateKbps() {
    return (int) (layout.bytesPerSecond() * 8 / 1000);
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
