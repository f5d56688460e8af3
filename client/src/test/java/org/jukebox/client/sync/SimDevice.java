package org.jukebox.client.sync;

import org.jukebox.client.AudioSink;
import org.jukebox.client.PcmFormat;

/**
 * A simulated sound card on {@link SimWorld} time: it consumes frames at its own crystal's rate
 * ({@code ppm} off the nominal), holds at most {@code capacity} frames (a write into a full
 * device "blocks" by moving the world's time on), and knows which song position every frame it
 * holds came from, because the test's "decoder" writes each frame's position into its samples.
 * So it can say exactly what is being heard at any instant.
 */
final class SimDevice implements AudioSink {
  private static final int SEGMENTS = 4096;

  private final SimWorld world;
  private final double ppm;
  private final int capacity;
  private PcmFormat format;
  private boolean paused;
  private double consumed;
  private long written;
  private long lastT;
  private final long[] segStart = new long[SEGMENTS];
  private final long[] segContent = new long[SEGMENTS];
  private long segs;
  /** Device frame index at each discontinuity (a drop, a repeat, silence), for spacing checks. */
  final java.util.List<Long> splices = new java.util.ArrayList<>();
  long discontinuities;

  SimDevice(SimWorld world, double ppm, int capacityFrames) {
    this.world = world;
    this.ppm = ppm;
    this.capacity = capacityFrames;
  }

  /** Writes the song position {@code frame} into frame {@code i} of {@code buf} (stereo). */
  static void encode(short[] buf, int i, long frame) {
    long v = frame + 1;
    buf[2 * i] = (short) (v & 0x7FFF);
    buf[2 * i + 1] = (short) (v >>> 15);
  }

  static long decode(short[] buf, int sampleIndex) {
    return ((long) buf[sampleIndex + 1] << 15 | buf[sampleIndex]) - 1;
  }

  private double rate() {
    return format.sampleRate() * (1 + ppm * 1e-6) / 1e6; // frames per µs
  }

  private void advance() {
    long t = world.now;
    if (format != null && !paused && t > lastT) {
      consumed = Math.min(written, consumed + (t - lastT) * rate());
    }
    lastT = Math.max(lastT, t);
  }

  @Override
  public void open(PcmFormat format) {
    this.format = format;
    lastT = world.now;
  }

  @Override
  public void write(short[] samples, int offset, int length) {
    if (format == null) {
      throw new IllegalStateException("sink is not open");
    }
    advance();
    int n = length / 2;
    if (n == 0) {
      return;
    }
    double need = written + n - capacity - consumed;
    if (need > 0 && !paused) {
      world.now += (long) Math.ceil(need / rate());
      advance();
    }
    long first = decode(samples, offset);
    long last = decode(samples, offset + length - 2);
    if (first >= 0 && last != first + n - 1) {
      throw new AssertionError("a write is not one run of the song: " + first + ".." + last + " in " + n + " frames");
    }
    long prevEnd = segs == 0 ? Long.MIN_VALUE : segContent(segs - 1) < 0 ? Long.MIN_VALUE
        : segContent(segs - 1) + (written - segStart((segs - 1)));
    if (segs > 0 && first != prevEnd) {
      discontinuities++;
      splices.add(written);
    }
    segStart[(int) (segs % SEGMENTS)] = written;
    segContent[(int) (segs % SEGMENTS)] = first;
    segs++;
    written += n;
  }

  private long segStart(long i) {
    return segStart[(int) (i % SEGMENTS)];
  }

  private long segContent(long i) {
    return segContent[(int) (i % SEGMENTS)];
  }

  /** The song position being heard now in µs, or NaN in silence or underrun. */
  double heardMicros() {
    advance();
    if (format == null || consumed >= written) {
      return Double.NaN;
    }
    long h = (long) consumed;
    for (long i = segs - 1; i >= Math.max(0, segs - SEGMENTS); i--) {
      if (segStart(i) <= h) {
        long c = segContent(i);
        return c < 0 ? Double.NaN : (c + (consumed - segStart(i))) * 1e6 / format.sampleRate();
      }
    }
    return Double.NaN;
  }

  long written() {
    return written;
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
    format = null;
  }
}
