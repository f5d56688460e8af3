package org.jukebox.bench.dj;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The popularity baseline: songs by how many listeners prefer them in training, most first
 * (ties by song number), skipping the listener's heard songs. Immutable, thread-safe.
 */
final class Popularity implements Method {
  private final int[] order;
  private final int[] count;

  /**
   * @param liked per listener, the songs it prefers (sorted, distinct)
   */
  Popularity(int users, int songs, IntFunction<int[]> liked) {
    count = new int[songs];
    for (int u = 0; u < users; u++) {
      for (int s : liked.apply(u)) {
        count[s]++;
      }
    }
    Integer[] boxed = new Integer[songs];
    for (int s = 0; s < songs; s++) {
      boxed[s] = s;
    }
    Arrays.sort(boxed, (a, b) -> count[a] != count[b] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b));
    order = new int[songs];
    for (int s = 0; s < songs; s++) {
      order[s] = boxed[s];
    }
  }

  @Override
  public String name() {
    return "popularity (bench)";
  }

  /** How many listeners prefer song {@code s}. */
  int count(int s) {
    return count[s];
  }

  @Override
  public int[] recommend(int user, int n, int[] heard) {
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < order.length && k < n; i++) {
      if (Arrays.binarySearch(heard, order[i]) < 0) {
        out[k++] = order[i];
      }
    }
    return Arrays.copyOf(out, k);
  }
}
