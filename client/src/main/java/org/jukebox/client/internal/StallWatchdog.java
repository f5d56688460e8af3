package org.jukebox.client.internal;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes audio bodies whose reads wait longer than a timeout for data. HTTP bodies have no read
 * timeout of their own, so without it a SoundSmith that stops sending in mid-song would hold the
 * player forever. It checks a few times per timeout, so a stall is noticed within about
 * 1.25 times the timeout.
 *
 * <p>Thread-safe. {@link #close()} stops its thread; idempotent.
 */
public final class StallWatchdog implements AutoCloseable {
  private final long timeoutNanos;
  private final String timeoutText;
  private final Set<WatchedInputStream> watched = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;

  /**
   * Starts watching with {@code timeout}.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public StallWatchdog(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("stallTimeout <= 0: " + timeout);
    }
    this.timeoutNanos = timeout.toNanos();
    this.timeoutText = BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("jukebox-stall-watchdog"));
    long period = Math.max(timeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(10));
    timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
  }

  /** {@code in}, watched until it is closed. */
  public WatchedInputStream watch(InputStream in) {
    WatchedInputStream w = new WatchedInputStream(Objects.requireNonNull(in, "in"), this);
    watched.add(w);
    return w;
  }

  /** The timeout as people read it ("10 s", "0.3 s"). */
  public String timeoutText() {
    return timeoutText;
  }

  void forget(WatchedInputStream w) {
    watched.remove(w);
  }

  private void check() {
    long deadline = System.nanoTime() - timeoutNanos;
    for (WatchedInputStream w : watched) {
      w.checkStall(deadline);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    watched.clear();
  }
}
