package org.jukebox.dj;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for waiting on background threads without sleeping for time. */
final class Poll {
  private Poll() {}

  static void until(String what, BooleanSupplier condition) {
    Duration timeout = Duration.ofSeconds(20);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(1_000_000); // a poll interval; the deadline bounds the wait
    }
  }
}
