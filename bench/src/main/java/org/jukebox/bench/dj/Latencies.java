package org.jukebox.bench.dj;

import java.util.Arrays;
import java.util.Locale;

/** Call latencies in nanoseconds and their nearest-rank percentiles. Immutable. */
final class Latencies {
  private final long[] sorted;

  Latencies(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no latencies");
    }
    sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  /**
   * The nearest-rank percentile: the smallest latency with at least {@code p} % of them at or below it.
   *
   * @throws IllegalArgumentException if {@code p} is not in (0, 100]
   */
  long percentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile not in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  long max() {
    return sorted[sorted.length - 1];
  }

  double meanNanos() {
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return sum / sorted.length;
  }

  /** "p50 1.234 ms, p99 5.678 ms, max 9.000 ms (n calls)". */
  String summary() {
    return String.format(Locale.ROOT, "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, mean %.3f ms (%d calls)",
        percentile(50) / 1e6, percentile(90) / 1e6, percentile(99) / 1e6, max() / 1e6, meanNanos() / 1e6, count());
  }
}
