package org.jukebox.swing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.swing.SwingUtilities;

/**
 * Measures how long the Event Dispatch Thread takes to run a task posted to it: a daemon thread
 * posts one every period and records the worst delay between posting and running (the longest
 * the window could not react). For tests and benchmarks; reports, never asserts.
 *
 * <p>Thread-safe.
 */
final class EdtWatchdog implements AutoCloseable {
  private final AtomicLong worstNanos = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private EdtWatchdog(Duration period) {
    long periodNanos = period.toNanos();
    thread = new Thread(() -> {
      while (running) {
        long posted = System.nanoTime();
        Object done = new Object();
        boolean[] ran = new boolean[1];
        SwingUtilities.invokeLater(() -> {
          long delay = System.nanoTime() - posted;
          worstNanos.accumulateAndGet(delay, Math::max);
          samples.incrementAndGet();
          synchronized (done) {
            ran[0] = true;
            done.notifyAll();
          }
        });
        try {
          synchronized (done) {
            // Wait for this probe to run (so one stall is measured once), bounded by 10 s; a probe
            // still waiting after 50 ms samples what the Event Dispatch Thread is doing.
            long deadline = System.nanoTime() + 10_000_000_000L;
            boolean sampled = false;
            while (!ran[0] && running && System.nanoTime() < deadline) {
              done.wait(sampled ? 100 : 50);
              if (!ran[0] && !sampled) {
                sampled = true;
                sample(System.nanoTime() - posted);
              }
            }
          }
          Thread.sleep(Math.max(1, periodNanos / 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "jukebox-edt-watchdog");
    thread.setDaemon(true);
  }

  private volatile String worstSample = "";
  private long worstSampleNanos;

  private synchronized void sample(long lateNanos) {
    for (var e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().startsWith("AWT-EventQueue") && lateNanos > worstSampleNanos) {
        worstSampleNanos = lateNanos;
        StringBuilder b = new StringBuilder();
        StackTraceElement[] st = e.getValue();
        for (int i = 0; i < Math.min(st.length, 25); i++) {
          b.append("    at ").append(st[i]).append('\n');
        }
        worstSample = b.toString();
      }
    }
  }

  /** What the Event Dispatch Thread was doing 50 ms into the longest stall sampled ("" if none). */
  String worstStallStack() {
    return worstSample;
  }

  /** Starts probing every {@code period}. */
  static EdtWatchdog start(Duration period) {
    EdtWatchdog w = new EdtWatchdog(period);
    w.thread.start();
    return w;
  }

  /** The longest time a probe waited for the Event Dispatch Thread so far. */
  Duration worstStall() {
    return Duration.ofNanos(worstNanos.get());
  }

  /** How many probes ran. */
  long samples() {
    return samples.get();
  }

  /** Forgets the worst so far (to measure one phase). */
  synchronized void reset() {
    worstNanos.set(0);
    worstSampleNanos = 0;
    worstSample = "";
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
