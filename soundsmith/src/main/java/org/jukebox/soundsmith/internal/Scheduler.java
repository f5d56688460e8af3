package org.jukebox.soundsmith.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay. The seam through which tests drive beaconing without
 * sleeping: production wraps a {@link ScheduledExecutorService}, tests queue tasks and run the
 * due ones against a mutable clock.
 */
public interface Scheduler {
  /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not started. */
  Cancellable schedule(Runnable task, Duration delay);

  /** Cancels a scheduled task. */
  interface Cancellable {
    void cancel();
  }

  /** A scheduler on an executor (which the caller shuts down). */
  static Scheduler of(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return (task, delay) -> {
      ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}
