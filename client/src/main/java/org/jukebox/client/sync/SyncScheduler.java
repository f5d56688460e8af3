package org.jukebox.client.sync;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay; the seam through which the sync engine schedules its clock
 * refreshes, so that tests and simulations drive them on simulated time. Thread-safe.
 */
@FunctionalInterface
public interface SyncScheduler {
  /** A scheduled task that can still be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the task off if it has not started; idempotent. */
    void cancel();
  }

  /**
   * Runs {@code task} once, {@code delayMicros} (0 or more) from now.
   *
   * @throws java.util.concurrent.RejectedExecutionException if the scheduler is shut down
   */
  Cancellable schedule(Runnable task, long delayMicros);

  /** A scheduler over an executor (not shut down by the sync engine). */
  static SyncScheduler of(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return (task, delayMicros) -> {
      var f = executor.schedule(task, Math.max(0, delayMicros), TimeUnit.MICROSECONDS);
      return () -> f.cancel(false);
    };
  }
}
