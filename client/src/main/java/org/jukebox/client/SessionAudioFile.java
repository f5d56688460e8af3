package org.jukebox.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jukebox.client.internal.AudioReader;
import org.jukebox.client.internal.CorruptAudioException;
import org.jukebox.client.internal.Mp3FrameReader;
import org.jukebox.client.internal.MpegFrameHeader;
import org.jukebox.client.internal.PcmStreamReader;

/**
 * The whole audio of one session entry, held in memory, with an index of where its MPEG frames
 * start, so that {@link SessionPlayback} can open it at any position at once and know exactly
 * which position it landed on (the sync engine needs the landed position, not the asked one).
 * A session entry is fetched once, with one single-use ticket, however often it is sought.
 *
 * <p>Immutable after construction; each {@link #openAt} returns a new reader.
 */
final class SessionAudioFile {
  private final byte[] bytes;
  private final boolean pcm;
  // MP3: the start of every frame, samples per frame and the sample rate (of the first frame).
  private final long audioStart;
  private final int[] frameOffsets;
  private final int frameCount;
  private final int samplesPerFrame;
  private final int sampleRate;
  // PCM: the layout its header gives.
  private final PcmStreamReader.Layout layout;

  /** A reader and the position, in microseconds, of the first frame it decodes. */
  record Opened(AudioReader reader, long landedMicros) {}

  /**
   * Indexes {@code bytes} of media type {@code contentType}.
   *
   * @throws CorruptAudioException if it is neither MPEG audio nor 16-bit PCM in .au or WAV
   */
  SessionAudioFile(byte[] bytes, String contentType) throws CorruptAudioException {
    this.bytes = bytes;
    this.pcm = PcmStreamReader.handles(contentType);
    if (pcm) {
      try {
        layout = PcmStreamReader.open(new ByteArrayInputStream(bytes), 0, null).layout();
      } catch (IOException e) {
        throw new CorruptAudioException("unreadable PCM header: " + e.getMessage());
      }
      audioStart = layout.audioStart();
      frameOffsets = new int[0];
      frameCount = 0;
      samplesPerFrame = 0;
      sampleRate = layout.format().sampleRate();
      return;
    }
    layout = null;
    audioStart = id3v2Size(bytes);
    int[] offsets = new int[Math.max(16, bytes.length / 200)];
    int n = 0;
    int spf = 0;
    int rate = 0;
    int i = (int) Math.min(audioStart, bytes.length);
    while (i + 4 <= bytes.length) {
      MpegFrameHeader h = MpegFrameHeader.parse(bytes, i);
      if (h == null || i + h.length() > bytes.length || (rate != 0 && h.sampleRate() != rate)) {
        i++; // junk between frames (or a trailing tag): look for the next header
        continue;
      }
      if (n == offsets.length) {
        offsets = Arrays.copyOf(offsets, n * 2);
      }
      offsets[n++] = i;
      if (rate == 0) {
        rate = h.sampleRate();
        spf = h.layer() == 1 ? 384 : h.layer() == 3 && h.version() != 1 ? 576 : 1152;
      }
      i += h.length();
    }
    if (n == 0) {
      throw new CorruptAudioException("no MPEG audio frame in " + bytes.length + " bytes");
    }
    frameOffsets = offsets;
    frameCount = n;
    samplesPerFrame = spf;
    sampleRate = rate;
  }

  private static long id3v2Size(byte[] b) {
    if (b.length >= 10 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
      return 10 + (((b[6] & 0x7fL) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f))
          + ((b[5] & 0x10) != 0 ? 10 : 0);
    }
    return 0;
  }

  /** Playing time in microseconds, as the index counts it. */
  long durationMicros() {
    return pcm ? layout.durationNanos() / 1_000 : (long) frameCount * samplesPerFrame * 1_000_000L / sampleRate;
  }

  /**
   * A reader from the frame that plays at {@code positionMicros} (or the last one before it);
   * at or past the end, a reader that ends at once.
   */
  Opened openAt(long positionMicros) throws IOException, CorruptAudioException {
    long pos = Math.max(0, positionMicros);
    if (pcm) {
      if (pos == 0) {
        return new Opened(PcmStreamReader.open(in(0), 0, null), 0);
      }
      long end = layout.dataBytes() < 0 ? bytes.length : Math.min(bytes.length, audioStart + layout.dataBytes());
      long offset = Math.min(layout.alignedOffset(pos * 1_000), end - (end - audioStart) % layout.blockAlign());
      PcmStreamReader r = PcmStreamReader.open(in(offset), offset, layout);
      long frames = (offset - audioStart) / layout.blockAlign();
      return new Opened(r, layout.format().framesToNanos(frames) / 1_000);
    }
    long k = pos * sampleRate / 1_000_000L / samplesPerFrame;
    if (k == 0) {
      return new Opened(Mp3FrameReader.open(in(0), 0), 0);
    }
    if (k >= frameCount) {
      return new Opened(Mp3FrameReader.open(InputStream.nullInputStream(), bytes.length), durationMicros());
    }
    int offset = frameOffsets[(int) k];
    return new Opened(Mp3FrameReader.open(in(offset), offset), k * samplesPerFrame * 1_000_000L / sampleRate);
  }

  private InputStream in(long offset) {
    int o = (int) Math.min(offset, bytes.length);
    return new ByteArrayInputStream(bytes, o, bytes.length - o);
  }
}
