package org.jukebox.soundsmith.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;
import java.util.Optional;
import org.jukebox.soundsmith.MediaSource;
import org.jukebox.soundsmith.cd.Disc;
import org.jukebox.soundsmith.cd.Toc;
import org.jukebox.soundsmith.cd.Wav;

/**
 * The audio of a run of CD frames as one stream: a generated header followed by the PCM, read
 * from the disc only from the frame an offset falls in, so a Range request in the middle costs
 * nothing before it. Two formats: Sun {@code .au} ({@code audio/basic}: a 24-byte header, then
 * big-endian 16-bit samples, so every sample's bytes are swapped from the CD's little-endian),
 * and WAV ({@code audio/wav}: a 44-byte header, then the CD's bytes as they are). Each is the
 * other's {@link #variant}: {@code au} and {@code wav}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CdTrackSource implements MediaSource {
  /** The media type of Sun {@code .au}. */
  public static final String AU_CONTENT_TYPE = "audio/basic";
  /** Bytes of the {@code .au} header written here. */
  public static final int AU_HEADER_BYTES = 24;

  /** A stream format. */
  public enum Format {
    /** Sun {@code .au}, big-endian: {@code audio/basic}. */
    AU("au", AU_CONTENT_TYPE, AU_HEADER_BYTES),
    /** RIFF WAVE, little-endian: {@code audio/wav}. */
    WAV("wav", Wav.CONTENT_TYPE, Wav.HEADER_BYTES);

    private final String name;
    private final String contentType;
    private final int headerBytes;

    Format(String name, String contentType, int headerBytes) {
      this.name = name;
      this.contentType = contentType;
      this.headerBytes = headerBytes;
    }

    /** Its name in {@code ?format=}: {@code au} or {@code wav}. */
    public String formatName() {
      return name;
    }

    public String contentType() {
      return contentType;
    }

    public int headerBytes() {
      return headerBytes;
    }

    /** The format with this name, if any. */
    public static Optional<Format> named(String name) {
      for (Format f : values()) {
        if (f.name.equalsIgnoreCase(name)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  private final Disc disc;
  private final int firstFrame;
  private final int frames;
  private final Format format;

  /**
   * The frames {@code firstFrame .. firstFrame+frames-1} of the disc, in {@code format}.
   *
   * @throws IllegalArgumentException if the frames are not on the disc
   */
  public CdTrackSource(Disc disc, int firstFrame, int frames, Format format) {
    this.disc = Objects.requireNonNull(disc, "disc");
    Disc.checkRange(disc.toc(), firstFrame, frames);
    this.firstFrame = firstFrame;
    this.frames = frames;
    this.format = Objects.requireNonNull(format, "format");
  }

  /** A whole track of the disc in {@code format}. */
  public static CdTrackSource track(Disc disc, int track, Format format) {
    return new CdTrackSource(disc, disc.toc().offset(track), disc.toc().frames(track), format);
  }

  public Disc disc() {
    return disc;
  }

  public Format format() {
    return format;
  }

  /** Bytes of PCM after the header. */
  public long pcmBytes() {
    return (long) frames * Toc.BYTES_PER_FRAME;
  }

  @Override
  public String contentType() {
    return format.contentType;
  }

  @Override
  public long length() {
    return format.headerBytes + pcmBytes();
  }

  @Override
  public Optional<MediaSource> variant(String name) {
    return Format.named(name).map(f -> f == format ? this : new CdTrackSource(disc, firstFrame, frames, f));
  }

  @Override
  public ReadableByteChannel open(long offset) throws IOException {
    MediaSources.checkOffset(offset, length());
    return Channels.newChannel(stream(offset));
  }

  /** The stream from {@code offset} as an {@link InputStream}; see {@link #open}. */
  public InputStream stream(long offset) throws IOException {
    MediaSources.checkOffset(offset, length());
    int h = format.headerBytes;
    long pcmOffset = Math.max(0, offset - h);
    int frame = (int) (pcmOffset / Toc.BYTES_PER_FRAME);
    int skip = (int) (pcmOffset % Toc.BYTES_PER_FRAME);
    InputStream pcm = frame == frames ? InputStream.nullInputStream() : disc.openPcm(firstFrame + frame, frames - frame);
    if (format == Format.AU) {
      pcm = new SwappingInputStream(pcm);
    }
    try {
      pcm.skipNBytes(skip);
    } catch (IOException | RuntimeException e) {
      pcm.close();
      throw e;
    }
    if (offset >= h) {
      return pcm;
    }
    byte[] header = header();
    return new SequenceInputStream(new ByteArrayInputStream(header, (int) offset, h - (int) offset), pcm);
  }

  /** The header of this stream. */
  public byte[] header() {
    if (format == Format.WAV) {
      return Wav.header(pcmBytes());
    }
    ByteBuffer b = ByteBuffer.allocate(AU_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0x2e736e64); // ".snd"
    b.putInt(AU_HEADER_BYTES);
    b.putInt((int) pcmBytes());
    b.putInt(3); // 16-bit linear PCM
    b.putInt(44_100);
    b.putInt(2);
    return b.array();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CdTrackSource s && s.disc.equals(disc) && s.firstFrame == firstFrame && s.frames == frames
        && s.format == format;
  }

  @Override
  public int hashCode() {
    return Objects.hash(disc, firstFrame, frames, format);
  }

  @Override
  public String toString() {
    return "CdTrackSource[" + disc.origin() + ", frames " + firstFrame + "+" + frames + ", " + format + "]";
  }

  /** Swaps the two bytes of every 16-bit sample: little-endian CD audio to big-endian. */
  static final class SwappingInputStream extends InputStream {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    SwappingInputStream(InputStream in) {
      this.in = in;
    }

    private boolean fill() throws IOException {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        return false;
      }
      if ((n & 1) == 1) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("PCM ended in the middle of a sample");
        }
        buf[n++] = (byte) b;
      }
      for (int i = 0; i < n; i += 2) {
        byte t = buf[i];
        buf[i] = buf[i + 1];
        buf[i + 1] = t;
      }
      pos = 0;
      limit = n;
      return true;
    }

    @Override
    public int read() throws IOException {
      if (pos == limit && !fill()) {
        return -1;
      }
      return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (pos == limit && !fill()) {
        return -1;
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
