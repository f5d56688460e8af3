package org.jukebox.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed-capacity store of measurements (nanoseconds, bytes per second — any long), filled
 * concurrently and summarised by sorting a copy. Exact percentiles, no histogram buckets:
 * benchmarks here take at most a few hundred thousand samples.
 *
 * <p>Thread-safe for {@link #add}; samples beyond the capacity are counted as dropped.
 */
final class Samples {
  private final long[] values;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  /** @throws IllegalArgumentException if {@code capacity < 1} */
  Samples(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity < 1: " + capacity);
    }
    values = new long[capacity];
  }

  void add(long value) {
    int i = next.getAndIncrement();
    if (i < values.length) {
      values[i] = value;
    } else {
      dropped.incrementAndGet();
    }
  }

  /** How many samples were kept. */
  int count() {
    return Math.min(next.get(), values.length);
  }

  long dropped() {
    return dropped.get();
  }

  /** The summary of what was kept so far; call after the writers are done. */
  Summary summary() {
    long[] sorted = Arrays.copyOf(values, count());
    Arrays.sort(sorted);
    return new Summary(sorted);
  }

  /** Sorted samples with nearest-rank percentiles. An empty summary answers 0 for everything. */
  static final class Summary {
    private final long[] sorted;

    Summary(long[] sorted) {
      this.sorted = sorted;
    }

    int count() {
      return sorted.length;
    }

    /** The nearest-rank {@code p}-th percentile, {@code 0 < p <= 100}. */
    long percentile(double p) {
      if (sorted.length == 0) {
        return 0;
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long min() {
      return sorted.length == 0 ? 0 : sorted[0];
    }

    long max() {
      return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    /** How many samples are at least {@code threshold}. */
    int atLeast(long threshold) {
      int i = Arrays.binarySearch(sorted, threshold);
      if (i < 0) {
        i = -i - 1;
      } else {
        while (i > 0 && sorted[i - 1] == threshold) {
          i--;
        }
      }
      return sorted.length - i;
    }

    /** {@code n=… p50=… p90=… p99=… max=…} in milliseconds, for nanosecond samples. */
    String millis() {
      return String.format(Locale.ROOT, "n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms",
          count(), percentile(50) / 1e6, percentile(90) / 1e6, percentile(99) / 1e6, max() / 1e6);
    }
  }
}
