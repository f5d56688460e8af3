package org.jukebox.client.internal;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;
import org.jukebox.client.PcmFormat;

/**
 * Decodes an MP3 byte stream into PCM one frame at a time with JLayer. It starts anywhere: at
 * the start of a file (skipping an ID3v2 tag) or in the middle after a Range request, where it
 * resynchronizes on the first position holding two consecutive, consistent frame headers — a
 * lone sync pattern inside audio data is common, two in a row at the right distance are not.
 *
 * <p>Network failures surface as {@link IOException}, undecodable data as
 * {@link CorruptAudioException}; JLayer's own unchecked exceptions never escape. Not
 * thread-safe: one player thread reads it; {@link #close()} may come from any thread.
 */
public final class Mp3FrameReader implements AudioReader {
  /** How far into a stream a frame must be found before it is declared not MPEG audio. */
  static final int SYNC_WINDOW = 64 * 1024;
  /** Undecodable frames in a row after which the stream is declared corrupt. */
  static final int MAX_BAD_FRAMES = 8;

  private final FailureRecordingInputStream source;
  private final Bitstream bitstream;
  private final Decoder decoder = new Decoder();
  private final long audioStart;
  private final long firstFrameOffset;
  private final int firstBitrateKbps;
  private final boolean empty;
  private long frames;
  private long bytesDecoded;

  private Mp3FrameReader(FailureRecordingInputStream source, Bitstream bitstream, long audioStart,
      long firstFrameOffset, int firstBitrateKbps, boolean empty) {
    this.source = source;
    this.bitstream = bitstream;
    this.audioStart = audioStart;
    this.firstFrameOffset = firstFrameOffset;
    this.firstBitrateKbps = firstBitrateKbps;
    this.empty = empty;
  }

  /**
   * Opens a reader on {@code in}, which starts at byte {@code offset} of the song.
   *
   * @param offset 0 at the start of the file (an ID3v2 tag is skipped); otherwise any position
   * @throws IOException if reading fails
   * @throws CorruptAudioException if no MPEG frame is found within the first 64 KiB
   */
  public static Mp3FrameReader open(InputStream in, long offset) throws IOException, CorruptAudioException {
    FailureRecordingInputStream src = new FailureRecordingInputStream(in);
    Buffer b = new Buffer(src, new byte[SYNC_WINDOW + MpegFrameHeader.MAX_LENGTH + 4]);
    long audioStart = offset;
    b.ensure(10);
    byte[] buf = b.bytes;
    if (offset == 0 && b.len >= 10 && buf[0] == 'I' && buf[1] == 'D' && buf[2] == '3') {
      long tagSize = 10 + (((buf[6] & 0x7fL) << 21) | ((buf[7] & 0x7f) << 14) | ((buf[8] & 0x7f) << 7) | (buf[9] & 0x7f))
          + ((buf[5] & 0x10) != 0 ? 10 : 0);
      audioStart = tagSize;
      if (tagSize <= b.len) {
        System.arraycopy(buf, (int) tagSize, buf, 0, b.len - (int) tagSize);
        b.len -= (int) tagSize;
      } else {
        try {
          src.skipNBytes(tagSize - b.len);
        } catch (EOFException e) {
          throw new CorruptAudioException("the stream ends inside its " + tagSize + "-byte ID3v2 tag");
        }
        b.len = 0;
      }
    }
    int found = -1;
    MpegFrameHeader first = null;
    for (int i = 0; i < SYNC_WINDOW; i++) {
      b.ensure(i + 4);
      if (b.len < i + 4) {
        break;
      }
      MpegFrameHeader h = MpegFrameHeader.parse(buf, i);
      if (h == null) {
        continue;
      }
      int next = i + h.length();
      b.ensure(next + 4);
      boolean confirmed = next + 4 <= b.len
          ? MpegFrameHeader.parse(buf, next) != null && h.sameStreamAs(MpegFrameHeader.parse(buf, next))
          // The last frame of the stream: nothing follows to confirm it, but it must fit.
          : b.eof && next <= b.len;
      if (confirmed) {
        found = i;
        first = h;
        break;
      }
    }
    if (found < 0) {
      if (offset > 0 && b.eof && b.len < SYNC_WINDOW) {
        // A seek into the last bytes of a song: nothing left to play.
        return new Mp3FrameReader(src, null, audioStart, offset + b.len, 0, true);
      }
      if (b.len == 0) {
        throw new CorruptAudioException("the stream is empty");
      }
      throw new CorruptAudioException("no MPEG audio frame in the first " + Math.min(b.len, SYNC_WINDOW) + " bytes");
    }
    InputStream rest = new SequenceInputStream(new ByteArrayInputStream(buf, found, b.len - found), src);
    Bitstream bs = new Bitstream(rest);
    return new Mp3FrameReader(src, bs, audioStart, (offset == 0 ? audioStart : offset) + found,
        first.bitrateKbps(), false);
  }

  /** The head of the stream, read incrementally while looking for the first frame. */
  private static final class Buffer {
    final InputStream in;
    final byte[] bytes;
    int len;
    boolean eof;

    Buffer(InputStream in, byte[] bytes) {
      this.in = in;
      this.bytes = bytes;
    }

    /** Reads until {@code n} bytes are held, the buffer is full or the stream ends. */
    void ensure(int n) throws IOException {
      int want = Math.min(n, bytes.length);
      while (len < want && !eof) {
        int r = in.read(bytes, len, bytes.length - len);
        if (r < 0) {
          eof = true;
        } else {
          len += r;
        }
      }
    }
  }

  /**
   * The next frame of PCM, or null at the end of the stream.
   *
   * @throws IOException if the stream failed (connection dropped, reset, timed out)
   * @throws CorruptAudioException if {@value #MAX_BAD_FRAMES} frames in a row cannot be decoded
   */
  public Pcm next() throws IOException, CorruptAudioException {
    if (empty) {
      return null;
    }
    int bad = 0;
    while (true) {
      Header h;
      try {
        h = bitstream.readFrame();
      } catch (BitstreamException | RuntimeException e) {
        source.rethrowFailure();
        throw new CorruptAudioException("unreadable MPEG stream after " + frames + " frames: " + e.getMessage(), e);
      }
      source.rethrowFailure();
      if (h == null) {
        return null;
      }
      try {
        SampleBuffer out = (SampleBuffer) decoder.decodeFrame(h, bitstream);
        source.rethrowFailure();
        frames++;
        bytesDecoded += h.framesize + 4L;
        int n = out.getBufferLength();
        short[] samples = new short[n];
        System.arraycopy(out.getBuffer(), 0, samples, 0, n);
        return new Pcm(new PcmFormat(out.getSampleFrequency(), out.getChannelCount()), samples);
      } catch (DecoderException | RuntimeException e) {
        source.rethrowFailure();
        if (++bad >= MAX_BAD_FRAMES) {
          throw new CorruptAudioException(bad + " undecodable frames in a row after " + frames + " frames: " + e, e);
        }
      } finally {
        bitstream.closeFrame();
      }
    }
  }

  /** Byte offset in the song where audio starts (after the ID3v2 tag), as far as this reader knows. */
  public long audioStart() {
    return audioStart;
  }

  /** Byte offset in the song of the first frame this reader decodes. */
  public long firstFrameOffset() {
    return firstFrameOffset;
  }

  /** Bit rate of the first frame, kbit/s; 0 when the stream was empty. */
  public int firstBitrateKbps() {
    return firstBitrateKbps;
  }

  /** Frames decoded so far. */
  public long frames() {
    return frames;
  }

  /** Bytes of the frames decoded so far. */
  public long bytesDecoded() {
    return bytesDecoded;
  }

  @Override
  public void close() {
    try {
      source.close();
    } catch (IOException e) {
      // Closing a dropped connection can fail again; nothing left to release.
    }
  }

  /** One frame of decoded audio: interleaved 16-bit samples. */
  public record Pcm(PcmFormat format, short[] samples) {
    /** Frames (samples per channel) in this block. */
    public int frames() {
      return samples.length / format.channels();
    }
  }
}
