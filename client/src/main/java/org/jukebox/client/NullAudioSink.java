package org.jukebox.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A sound card that plays silence: it consumes PCM at exactly the real rate, with a small
 * buffer ahead like a real device, so that playing, progress and prefetching behave on a machine
 * without audio (CI, servers) as they would with one.
 *
 * <p>Used by the player thread only; {@link #close()} may come from any thread.
 */
public final class NullAudioSink implements AudioSink {
  /** Waits for a number of nanoseconds; a seam so tests need not spend real time. */
  @FunctionalInterface
  interface Pacer {
    void waitNanos(long nanos) throws InterruptedException;
  }

  private static final Duration DEFAULT_BUFFER = Duration.ofMillis(200);

  private final LongSupplier nanoTime;
  private final Pacer pacer;
  private final long bufferNanos;

  private PcmFormat format;
  /** Nano time at which frame 0 of the current run is heard; -1 before the first write. */
  private long baseNanos = -1;
  private long framesWritten;
  private long heardAtPause = -1;

  NullAudioSink(LongSupplier nanoTime, Pacer pacer, Duration buffer) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.pacer = Objects.requireNonNull(pacer, "pacer");
    Objects.requireNonNull(buffer, "buffer");
    if (buffer.isNegative()) {
      throw new IllegalArgumentException("buffer < 0: " + buffer);
    }
    this.bufferNanos = buffer.toNanos();
  }

  /** A null sink paced by the system's nano timer, with 200 ms of buffer. */
  public static NullAudioSink create() {
    return new NullAudioSink(System::nanoTime, NullAudioSink::park, DEFAULT_BUFFER);
  }

  private static void park(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  @Override
  public synchronized void open(PcmFormat format) {
    this.format = Objects.requireNonNull(format, "format");
    baseNanos = -1;
    framesWritten = 0;
    heardAtPause = -1;
  }

  @Override
  public void write(short[] samples, int offset, int length) {
    long waitNanos;
    synchronized (this) {
      if (format == null) {
        throw new IllegalStateException("sink is not open");
      }
      java.util.Objects.checkFromIndexSize(offset, length, samples.length);
      long now = nanoTime.getAsLong();
      if (baseNanos < 0) {
        baseNanos = now;
      }
      if (heardAtPause >= 0) {
        // Writing while paused: the device would not consume, so the clock is not running.
        resumeAt(now);
      }
      framesWritten += length / format.channels();
      long due = baseNanos + format.framesToNanos(framesWritten) - bufferNanos;
      waitNanos = due - now;
    }
    if (waitNanos > 0) {
      pace(waitNanos);
    }
  }

  @Override
  public synchronized void pause() {
    if (format == null || heardAtPause >= 0) {
      return;
    }
    heardAtPause = heard(nanoTime.getAsLong());
  }

  @Override
  public synchronized void resume() {
    if (heardAtPause >= 0) {
      resumeAt(nanoTime.getAsLong());
    }
  }

  private void resumeAt(long now) {
    // Restart the clock so the frames still buffered at the pause play after it.
    baseNanos = now - format.framesToNanos(heardAtPause);
    heardAtPause = -1;
  }

  @Override
  public synchronized void flush() {
    baseNanos = -1;
    framesWritten = 0;
    if (heardAtPause >= 0) {
      heardAtPause = 0;
    }
  }

  @Override
  public void drain() {
    long waitNanos;
    synchronized (this) {
      if (format == null || baseNanos < 0 || heardAtPause >= 0) {
        return;
      }
      waitNanos = baseNanos + format.framesToNanos(framesWritten) - nanoTime.getAsLong();
    }
    if (waitNanos > 0) {
      pace(waitNanos);
    }
  }

  @Override
  public synchronized long bufferedFrames() {
    if (format == null || baseNanos < 0) {
      return 0;
    }
    long heard = heardAtPause >= 0 ? heardAtPause : heard(nanoTime.getAsLong());
    return framesWritten - heard;
  }

  private long heard(long now) {
    if (baseNanos < 0) {
      return 0;
    }
    return Math.max(0, Math.min(framesWritten, format.nanosToFrames(now - baseNanos)));
  }

  private void pace(long nanos) {
    try {
      pacer.waitNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    format = null;
    baseNanos = -1;
    framesWritten = 0;
    heardAtPause = -1;
  }

  @Override
  public String toString() {
    return "NullAudioSink";
  }
}
