package org.jukebox.security.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
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
  private static final long GRACE_MILLIS = 200;

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

  private Watchdog(Socket target, Duration deadline) {
    task = TIMER.schedule(() -> {
      fired.set(true);
      try {
        // End of input first: the blocked reader sees a clean end of stream rather than a
        // closed socket (which Bouncy Castle would log as an internal error), and fails at once.
        target.shutdownInput();
      } catch (IOException e) {
        closeQuietly(target);
      }
      // If the reader is not blocked on input (a write to a peer that reads nothing), closing
      // is what ends it; the owner closes anyway once it sees the failure.
      TIMER.schedule(() -> closeQuietly(target), GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }, deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing is all we can do
    }
  }

  /** Ends {@code target} after {@code deadline} unless {@link #cancel()} is called first. */
  static Watchdog closeAfter(Socket target, Duration deadline) {
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
