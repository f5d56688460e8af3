package org.jukebox.soundsmith.rip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.soundsmith.cd.Disc;
import org.jukebox.soundsmith.cd.Toc;

/** Small discs held in memory, and a drive-like disc whose reads of one track disagree. */
final class TestDiscs {
  private TestDiscs() {}

  /** Three one-second tracks: a different tone on each. */
  static final Toc THREE_SECONDS = Toc.parse("1 3 375 150 225 300");

  /** PCM of frames 150..leadOut-1: a tone per track, left louder than right. */
  static byte[] tones(Toc toc) {
    byte[] pcm = new byte[(toc.leadOut() - Toc.LEAD_IN_FRAMES) * Toc.BYTES_PER_FRAME];
    for (int track = toc.firstTrack(); track <= toc.lastTrack(); track++) {
      int start = (toc.offset(track) - Toc.LEAD_IN_FRAMES) * Toc.BYTES_PER_FRAME;
      int samples = toc.frames(track) * Toc.BYTES_PER_FRAME / 4;
      double hz = 220.0 * track;
      for (int i = 0; i < samples; i++) {
        int v = (int) (9000 * Math.sin(2 * Math.PI * hz * i / 44_100));
        int p = start + 4 * i;
        pcm[p] = (byte) v;
        pcm[p + 1] = (byte) (v >> 8);
        pcm[p + 2] = (byte) (v / 2);
        pcm[p + 3] = (byte) ((v / 2) >> 8);
      }
    }
    return pcm;
  }

  static Disc inMemory(Toc toc) {
    return Disc.inMemory("memory:" + toc.freedbId(), toc, tones(toc));
  }

  /**
   * A disc whose track {@code badTrack} reads differently on every second read, for the first
   * {@code badAttempts} attempts (read pairs); like a scratch a drive gets past only sometimes.
   */
  static final class FlakyDisc implements Disc {
    private final Disc good;
    private final int badTrack;
    private final int badAttempts;
    final AtomicInteger reads = new AtomicInteger();

    FlakyDisc(Disc good, int badTrack, int badAttempts) {
      this.good = good;
      this.badTrack = badTrack;
      this.badAttempts = badAttempts;
    }

    @Override
    public Toc toc() {
      return good.toc();
    }

    @Override
    public String origin() {
      return "flaky:" + good.origin();
    }

    @Override
    public InputStream openPcm(int firstFrame, int frameCount) throws IOException {
      byte[] pcm;
      try (InputStream in = good.openPcm(firstFrame, frameCount)) {
        pcm = in.readAllBytes();
      }
      if (firstFrame == toc().offset(badTrack)) {
        int n = reads.incrementAndGet();
        if (n % 2 == 0 && n / 2 <= badAttempts) {
          pcm[pcm.length / 2] ^= 0x5a; // one byte off in the middle: the second read of the pair disagrees
        }
      }
      return new ByteArrayInputStream(pcm);
    }
  }
}
