package org.jukebox.soundsmith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jukebox.soundsmith.internal.Scheduler;

/** A scheduler whose tasks run only when the test calls {@link #runDue}, against a mutable clock. */
final class ManualScheduler implements Scheduler {
  private final MutableClock clock;
  private final List<Task> tasks = new ArrayList<>();

  ManualScheduler(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    Task t = new Task(clock.instant().plus(delay), task);
    tasks.add(t);
    return () -> {
      synchronized (ManualScheduler.this) {
        tasks.remove(t);
      }
    };
  }

  /** Runs every task due by now, including ones those schedule due by now; returns how many ran. */
  int runDue() {
    int ran = 0;
    for (int i = 0; i < 1000; i++) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> !t.at.isAfter(clock.instant()))
            .min(Comparator.comparing((Task t) -> t.at)).orElse(null);
        if (next == null) {
          return ran;
        }
        tasks.remove(next);
      }
      next.run.run();
      ran++;
    }
    throw new AssertionError("tasks keep scheduling themselves for now");
  }

  /** When the earliest pending task is due. */
  synchronized Optional<Instant> nextDue() {
    return tasks.stream().map(t -> t.at).min(Comparator.naturalOrder());
  }

  synchronized int pending() {
    return tasks.size();
  }

  private record Task(Instant at, Runnable run) {}
}
