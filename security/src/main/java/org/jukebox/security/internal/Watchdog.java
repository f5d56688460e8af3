package org.jukebox.security.internal;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Enforces handshake deadlines: closes a socket whose handshake has not finished in time, so a
 * peer that stalls or trickles bytes cannot hold a thread longer than the deadline. Socket read
 * timeouts alone do not bound a handshake, since every byte restarts them. One daemon thread
 * serves the whole process.
 */
final class Watchdog {
  private static final ScheduledThreadPoolExecutor TIMER;

  static {
    TIMER = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "jukebox-handshake-watchdog");
      t.setDaemon(true);
      return t;
    });
    TIMER.setRemoveOnCancelPolicy(true);
  }

  private final ScheduledFuture<?> task;
  private final AtomicBoolean fired = new AtomicBoolean();

  private Watchdog(Closeable target, Duration deadline) {
    task = TIMER.schedule(() -> {
      fired.set(true);
      try {
        target.close();
      } catch (IOException e) {
        // closing is all we can do
      }
    }, deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Closes {@code target} after {@code deadline} unless {@link #cancel()} is called first. */
  static Watchdog closeAfter(Closeable target, Duration deadline) {
    return new Watchdog(target, deadline);
  }

  /** Stops the countdown; returns whether the watchdog had already fired. */
  boolean cancel() {
    task.cancel(false);
    return fired.get();
  }

  boolean fired() {
    return fired.get();
  }
}
