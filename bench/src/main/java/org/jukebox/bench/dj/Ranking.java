package org.jukebox.bench.dj;

import java.util.Arrays;

/**
 * Top-k metrics with binary relevance, the same for every method.
 *
 * <ul>
 *   <li>precision@k = (relevant items among the first k recommended) / k. A list shorter than k
 *       counts its missing places as misses.
 *   <li>NDCG@k = DCG@k / IDCG@k with DCG@k = sum over the first k places i = 1..k of
 *       rel(i) / log2(i + 1), and IDCG@k the DCG of an ideal list: min(k, |relevant|) relevant
 *       items first. Zero when nothing is relevant.
 * </ul>
 */
final class Ranking {
  private Ranking() {}

  /**
   * Precision at {@code k}.
   *
   * @param recommended best first; duplicates count once (at their first place)
   * @param relevant sorted ascending
   * @throws IllegalArgumentException if {@code k < 1}
   */
  static double precisionAt(int k, int[] recommended, int[] relevant) {
    return hitsAt(k, recommended, relevant) / (double) Ranges.check("k", k, 1, Integer.MAX_VALUE);
  }

  /** How many of the first {@code k} recommended are relevant, each item counted once. */
  static int hitsAt(int k, int[] recommended, int[] relevant) {
    int hits = 0;
    for (int i = 0; i < Math.min(k, recommended.length); i++) {
      if (isRelevantFirst(recommended, i, relevant)) {
        hits++;
      }
    }
    return hits;
  }

  /**
   * NDCG at {@code k}.
   *
   * @param recommended best first; duplicates count once (at their first place)
   * @param relevant sorted ascending
   * @throws IllegalArgumentException if {@code k < 1}
   */
  static double ndcgAt(int k, int[] recommended, int[] relevant) {
    Ranges.check("k", k, 1, Integer.MAX_VALUE);
    if (relevant.length == 0) {
      return 0;
    }
    double dcg = 0;
    for (int i = 0; i < Math.min(k, recommended.length); i++) {
      if (isRelevantFirst(recommended, i, relevant)) {
        dcg += discount(i);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(k, relevant.length); i++) {
      ideal += discount(i);
    }
    return dcg / ideal;
  }

  /** 1 / log2(place + 2) for a 0-based place. */
  private static double discount(int place) {
    return Math.log(2) / Math.log(place + 2);
  }

  private static boolean isRelevantFirst(int[] recommended, int i, int[] relevant) {
    int item = recommended[i];
    for (int j = 0; j < i; j++) {
      if (recommended[j] == item) {
        return false;
      }
    }
    return Arrays.binarySearch(relevant, item) >= 0;
  }
}
