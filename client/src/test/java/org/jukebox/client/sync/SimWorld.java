package org.jukebox.client.sync;

import java.util.PriorityQueue;
import java.util.Random;
import org.jukebox.api.ClockReading;

/**
 * Simulated true time for one listener, the session server's clock (true time itself) and the
 * network between them, so tests run minutes of sync in milliseconds without sleeping.
 */
final class SimWorld {
  /** True time, microseconds; starts at an epoch-like value so clocks look real. */
  long now = 1_764_000_000_000_000L;
  final long start = now;
  /**
   * Time spent by a scheduled task (a clock refresh, which in a real client runs on its own
   * thread) on top of {@link #now}: the clocks see it, the audio does not.
   */
  long aside;
  private boolean inTask;
  private final PriorityQueue<long[]> dueAt = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
  private final java.util.List<Runnable> tasks = new java.util.ArrayList<>();

  /** A local clock {@code offsetMicros} off true time and {@code ppm} fast. */
  MicrosClock clock(long offsetMicros, double ppm) {
    long origin = now;
    return () -> {
      long t = now + aside;
      return t + offsetMicros + Math.round((t - origin) * ppm * 1e-6);
    };
  }

  /** The exact server clock for a local clock made by {@link #clock} with the same numbers. */
  ServerClock exactServer(long offsetMicros, double ppm) {
    long origin = now;
    // local = T + off + (T - origin)·p  ⇒  T = (local - off + origin·p) / (1 + p)
    double p = ppm * 1e-6;
    return localMicros -> Math.round((localMicros - offsetMicros + origin * p) / (1 + p));
  }

  /**
   * The server's clock over a network whose one-way delays {@code up} and {@code down} are
   * drawn per message; the server takes 20 µs between reading and answering.
   */
  TimeSource server(java.util.function.LongSupplier up, java.util.function.LongSupplier down) {
    return () -> {
      long[] t = {now + aside};
      t[0] += up.getAsLong();
      long received = t[0];
      t[0] += 20;
      long sent = t[0];
      t[0] += down.getAsLong();
      if (inTask) {
        aside = t[0] - now;
      } else {
        now = t[0];
      }
      return new ClockReading(received, sent);
    };
  }

  static java.util.function.LongSupplier uniform(Random r, long minMicros, long maxMicros) {
    return () -> minMicros + (long) (r.nextDouble() * (maxMicros - minMicros));
  }

  /** A scheduler on this world's time (delays taken as true microseconds). */
  SyncScheduler scheduler() {
    return (task, delayMicros) -> {
      int id = tasks.size();
      tasks.add(task);
      long[] entry = {now + delayMicros, id};
      dueAt.add(entry);
      return () -> tasks.set(id, null);
    };
  }

  /** Runs every task due up to {@code until}, in order, and leaves the time there. */
  void runUntil(long until) {
    while (!dueAt.isEmpty() && dueAt.peek()[0] <= until) {
      long[] e = dueAt.poll();
      now = Math.max(now, e[0]);
      Runnable t = tasks.get((int) e[1]);
      if (t != null) {
        tasks.set((int) e[1], null);
        inTask = true;
        try {
          t.run();
        } finally {
          inTask = false;
          aside = 0;
        }
      }
    }
    now = Math.max(now, until);
  }
}
