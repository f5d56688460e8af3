package org.jukebox.bench.sync;

import org.jukebox.client.AudioSink;
import org.jukebox.client.PcmFormat;

/**
 * A simulated sound card for one simulated listener: it consumes frames at its own crystal's
 * rate, holds at most {@code capacity} frames (a write into a full card "blocks" by moving the
 * listener's time on), and knows the song position of every frame it holds — the simulated
 * decoder writes each frame's position into its samples — so it can say exactly what is being
 * heard at any instant, after every drop, repeat, trim and pad the sync engine made.
 */
final class SimDevice implements AudioSink {
  private static final int SEGMENTS = 256;

  private final SimListener owner;
  private final double framesPerMicro;
  private final int capacity;
  private boolean open;
  private boolean paused;
  private double consumed;
  private long written;
  private long lastT;
  private final long[] segStart = new long[SEGMENTS];
  private final long[] segContent = new long[SEGMENTS];
  private long segs;

  SimDevice(SimListener owner, int sampleRate, double ppm, int capacityFrames) {
    this.owner = owner;
    this.framesPerMicro = sampleRate * (1 + ppm * 1e-6) / 1e6;
    this.capacity = capacityFrames;
  }

  /** Writes song position {@code frame} into frame {@code i} of the stereo buffer {@code buf}. */
  static void encode(short[] buf, int i, long frame) {
    long v = frame + 1;
    buf[2 * i] = (short) (v & 0x7FFF);
    buf[2 * i + 1] = (short) (v >>> 15);
  }

  private static long decode(short[] buf, int sampleIndex) {
    return ((long) buf[sampleIndex + 1] << 15 | buf[sampleIndex]) - 1;
  }

  private void advance() {
    long t = owner.now;
    if (open && !paused && t > lastT) {
      consumed = Math.min(written, consumed + (t - lastT) * framesPerMicro);
    }
    lastT = Math.max(lastT, t);
  }

  @Override
  public void open(PcmFormat format) {
    open = true;
    lastT = owner.now;
  }

  @Override
  public void write(short[] samples, int offset, int length) {
    advance();
    int n = length / 2;
    if (n == 0) {
      return;
    }
    double need = written + n - capacity - consumed;
    if (need > 0 && !paused) {
      owner.now += (long) Math.ceil(need / framesPerMicro);
      advance();
    }
    segStart[(int) (segs % SEGMENTS)] = written;
    segContent[(int) (segs % SEGMENTS)] = decode(samples, offset);
    segs++;
    written += n;
  }

  /** The song position being heard now, in µs, or NaN in silence or an underrun. */
  double heardMicros(int sampleRate) {
    advance();
    if (!open || consumed >= written) {
      return Double.NaN;
    }
    long h = (long) consumed;
    for (long i = segs - 1; i >= Math.max(0, segs - SEGMENTS); i--) {
      long start = segStart[(int) (i % SEGMENTS)];
      if (start <= h) {
        long c = segContent[(int) (i % SEGMENTS)];
        return c < 0 ? Double.NaN : (c + (consumed - start)) * 1e6 / sampleRate;
      }
    }
    return Double.NaN;
  }

  @Override
  public void pause() {
    advance();
    paused = true;
  }

  @Override
  public void resume() {
    advance();
    paused = false;
  }

  @Override
  public void flush() {
    advance();
    consumed = written;
  }

  @Override
  public void drain() {
    advance();
  }

  @Override
  public long bufferedFrames() {
    advance();
    return written - (long) consumed;
  }

  @Override
  public void close() {
    open = false;
  }
}
