package org.jukebox.dj.internal;

import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;

/** Picks the strongest contributors to a score, for "because you liked X". */
final class Explain {
  private Explain() {}

  /**
   * The songs of the {@code max} candidates {@code 0..count} with the largest positive
   * contribution, strongest first; ties to the lower candidate.
   */
  static int[] top(int max, int count, IntToDoubleFunction contribution, IntUnaryOperator song) {
    int[] best = new int[max];
    double[] bestC = new double[max];
    int size = 0;
    for (int x = 0; x < count; x++) {
      double c = contribution.applyAsDouble(x);
      if (!(c > 0)) {
        continue;
      }
      int pos = size < max ? size++ : max;
      if (pos == max) {
        if (c <= bestC[max - 1]) {
          continue;
        }
        pos = max - 1;
      }
      while (pos > 0 && bestC[pos - 1] < c) {
        best[pos] = best[pos - 1];
        bestC[pos] = bestC[pos - 1];
        pos--;
      }
      best[pos] = song.applyAsInt(x);
      bestC[pos] = c;
    }
    return java.util.Arrays.copyOf(best, size);
  }
}
