package org.jukebox.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An audio sink for tests: keeps every sample and every call, never paces (tests must not
 * take real time), and can hold the player at a chosen write until the test releases it.
 */
final class RecordingSink implements AudioSink {
  private short[] samples = new short[1 << 16];
  private int count;
  private final List<String> calls = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private PcmFormat format;
  private int writes;
  private volatile int holdAtWrite = -1;
  private volatile CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** Makes write number {@code n} (1-based) block until {@link #release()}. */
  void holdAtWrite(int n) {
    holdAtWrite = n;
  }

  /** Waits until the player is blocked in the held write. */
  void awaitHeld() throws InterruptedException {
    if (!held.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the player never reached write " + holdAtWrite);
    }
  }

  void release() {
    release.countDown();
  }

  @Override
  public synchronized void open(PcmFormat format) {
    this.format = format;
    calls.add("open " + format.sampleRate() + "/" + format.channels());
  }

  @Override
  public void write(short[] s, int offset, int length) {
    int n;
    synchronized (this) {
      if (format == null) {
        throw new IllegalStateException("sink is not open");
      }
      if (count + length > samples.length) {
        samples = java.util.Arrays.copyOf(samples, Math.max(samples.length * 2, count + length));
      }
      System.arraycopy(s, offset, samples, count, length);
      count += length;
      n = ++writes;
    }
    if (n == holdAtWrite) {
      held.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public synchronized void pause() {
    calls.add("pause");
  }

  @Override
  public synchronized void resume() {
    calls.add("resume");
  }

  @Override
  public synchronized void flush() {
    calls.add("flush");
    marks.add(count);
  }

  @Override
  public synchronized void drain() {
    calls.add("drain");
  }

  @Override
  public synchronized void close() {
    format = null;
    calls.add("close");
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** Samples written so far (all channels). */
  synchronized int sampleCount() {
    return count;
  }

  synchronized int writes() {
    return writes;
  }

  /** The sample counts at each flush. */
  synchronized List<Integer> flushMarks() {
    return List.copyOf(marks);
  }

  synchronized short[] samples(int from, int to) {
    return java.util.Arrays.copyOfRange(samples, from, to);
  }

  synchronized PcmFormat format() {
    return format;
  }

  /** Root mean square of samples [from, to). */
  synchronized double rms(int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) samples[i] * samples[i];
    }
    return to > from ? Math.sqrt(sum / (to - from)) : 0;
  }
}
