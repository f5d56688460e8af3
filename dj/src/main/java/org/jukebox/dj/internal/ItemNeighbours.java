package org.jukebox.dj.internal;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Item-based collaborative filtering over the implicit-feedback matrix: for every song, its
 * {@code k} most similar songs by cosine similarity of their binary columns (who likes each song:
 * a positive preference counts 1, however strong), so two songs are similar when the same
 * listeners like them.
 *
 * <p>A user's score for song {@code i} is {@code sum over songs j the user likes of sim(j, i)},
 * summed over the neighbour lists of the liked songs; the liked songs that contribute most are
 * the explanation ("because you liked X"). Binary rather than weighted by preference: with the
 * magnitudes (a like is 3, a finish 1, repeats add up) a few heavy songs swamped both the cosine
 * and the sum, and the offline evaluation lost a fifth of its NDCG@10.
 *
 * <p>Immutable.
 */
final class ItemNeighbours implements Cf {
  private final int itemCount;
  private final int[] start;
  private final int[] neighbour;
  private final float[] similarity;
  private final int k;

  private ItemNeighbours(int itemCount, int[] start, int[] neighbour, float[] similarity, int k) {
    this.itemCount = itemCount;
    this.start = start;
    this.neighbour = neighbour;
    this.similarity = similarity;
    this.k = k;
  }

  /** Trains on the positive entries of {@code data}, keeping {@code k} neighbours per song. */
  static ItemNeighbours train(TrainingData data, int k, int threads) {
    int n = data.itemCount();
    // Columns: item -> (user, value), positives only.
    int[] colCount = new int[n + 1];
    for (int p = 0; p < data.pairs(); p++) {
      if (data.values()[p] > 0) {
        colCount[data.items()[p] + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      colCount[i + 1] += colCount[i];
    }
    int[] colStart = colCount;
    int[] colUser = new int[colStart[n]];
    float[] colValue = new float[colStart[n]];
    int[] fill = Arrays.copyOf(colStart, n);
    double[] norm = new double[n];
    for (int u = 0; u < data.users(); u++) {
      for (int p = data.start()[u]; p < data.start()[u + 1]; p++) {
        float v = data.values()[p];
        if (v > 0) {
          int i = data.items()[p];
          colUser[fill[i]] = u;
          colValue[fill[i]++] = 1; // binary: who likes it, not how much
          norm[i] += 1;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      norm[i] = Math.sqrt(norm[i]);
    }
    int[][] nbrs = new int[n][];
    float[][] sims = new float[n][];
    int workers = Math.max(1, threads);
    ExecutorService pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "dj-train-neighbours");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int first = w;
        Runnable part = () -> {
          double[] acc = new double[n];
          int[] touched = new int[n];
          for (int i = first; i < n; i += workers) {
            int t = 0;
            for (int c = colStart[i]; c < colStart[i + 1]; c++) {
              int u = colUser[c];
              double vi = colValue[c];
              for (int p = data.start()[u]; p < data.start()[u + 1]; p++) {
                float vj = data.values()[p];
                int j = data.items()[p];
                if (vj <= 0 || j == i) {
                  continue;
                }
                if (acc[j] == 0) {
                  touched[t++] = j;
                }
                acc[j] += vi; // binary columns: a co-occurrence counts 1
              }
            }
            topK(i, acc, touched, t, norm, k, nbrs, sims);
          }
        };
        if (pool == null) {
          part.run();
        } else {
          parts.add(pool.submit(part));
        }
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("training interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("training failed: " + e.getCause(), e.getCause());
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    int[] start = new int[n + 1];
    for (int i = 0; i < n; i++) {
      start[i + 1] = start[i] + nbrs[i].length;
    }
    int[] neighbour = new int[start[n]];
    float[] similarity = new float[start[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(nbrs[i], 0, neighbour, start[i], nbrs[i].length);
      System.arraycopy(sims[i], 0, similarity, start[i], sims[i].length);
    }
    return new ItemNeighbours(n, start, neighbour, similarity, k);
  }

  /** Keeps the k best of the touched songs (resetting acc), best first, ties by lower index. */
  private static void topK(int i, double[] acc, int[] touched, int t, double[] norm, int k, int[][] nbrs,
      float[][] sims) {
    int m = Math.min(k, t);
    int[] heapItem = new int[m];
    double[] heapSim = new double[m];
    int size = 0;
    for (int x = 0; x < t; x++) {
      int j = touched[x];
      double s = acc[j] / (norm[i] * norm[j]);
      acc[j] = 0;
      if (size < m) {
        heapItem[size] = j;
        heapSim[size] = s;
        siftUp(heapItem, heapSim, size++);
      } else if (better(s, j, heapSim[0], heapItem[0])) {
        heapItem[0] = j;
        heapSim[0] = s;
        siftDown(heapItem, heapSim, size);
      }
    }
    // Pop the min-heap into descending order.
    int[] items = new int[size];
    float[] simsOut = new float[size];
    for (int pos = size - 1; pos >= 0; pos--) {
      items[pos] = heapItem[0];
      simsOut[pos] = (float) heapSim[0];
      heapItem[0] = heapItem[pos];
      heapSim[0] = heapSim[pos];
      siftDown(heapItem, heapSim, pos);
    }
    nbrs[i] = items;
    sims[i] = simsOut;
  }

  private static boolean better(double s1, int i1, double s2, int i2) {
    return s1 > s2 || (s1 == s2 && i1 < i2);
  }

  private static void siftUp(int[] item, double[] sim, int pos) {
    while (pos > 0) {
      int parent = (pos - 1) / 2;
      if (!better(sim[parent], item[parent], sim[pos], item[pos])) {
        break;
      }
      swap(item, sim, parent, pos);
      pos = parent;
    }
  }

  private static void siftDown(int[] item, double[] sim, int size) {
    int pos = 0;
    while (true) {
      int l = 2 * pos + 1;
      int r = l + 1;
      int worst = pos;
      if (l < size && better(sim[worst], item[worst], sim[l], item[l])) {
        worst = l;
      }
      if (r < size && better(sim[worst], item[worst], sim[r], item[r])) {
        worst = r;
      }
      if (worst == pos) {
        return;
      }
      swap(item, sim, pos, worst);
      pos = worst;
    }
  }

  private static void swap(int[] item, double[] sim, int a, int b) {
    int ti = item[a];
    item[a] = item[b];
    item[b] = ti;
    double ts = sim[a];
    sim[a] = sim[b];
    sim[b] = ts;
  }

  /** The neighbours of {@code item}, best first (test seam). */
  int[] neighbours(int item) {
    return item >= itemCount ? new int[0] : Arrays.copyOfRange(neighbour, start[item], start[item + 1]);
  }

  /** sim(a, b) as kept in a's list, or 0. */
  double similarity(int a, int b) {
    if (a >= itemCount) {
      return 0;
    }
    for (int x = start[a]; x < start[a + 1]; x++) {
      if (neighbour[x] == b) {
        return similarity[x];
      }
    }
    return 0;
  }

  @Override
  public String describe() {
    return "item-based, " + itemCount + " songs, " + k + " neighbours each (" + neighbour.length + " kept)";
  }

  @Override
  public UserScorer forUser(Profile p, int now, double lnDecay) {
    // Liked songs and how much, faded to now.
    int[] liked = new int[p.size];
    double[] weight = new double[p.size];
    int count = 0;
    for (int e = 0; e < p.size; e++) {
      double v = p.valueAt(e, now, lnDecay);
      if (v > 0) {
        liked[count] = p.songs[e];
        weight[count++] = 1; // every liked song counts alike: magnitudes swamped the sums
      }
    }
    if (count == 0) {
      return UserScorer.NONE;
    }
    double[] acc = new double[itemCount];
    for (int x = 0; x < count; x++) {
      int j = liked[x];
      if (j >= itemCount) {
        continue;
      }
      double w = weight[x];
      for (int y = start[j]; y < start[j + 1]; y++) {
        acc[neighbour[y]] += similarity[y] * w;
      }
    }
    int likedCount = count;
    return new UserScorer() {
      @Override
      public double score(int item) {
        return item < itemCount ? acc[item] : 0;
      }

      @Override
      public double[] scores() {
        return acc;
      }

      @Override
      public int[] because(int item, int max) {
        return Explain.top(max, likedCount, x -> weight[x] * similarity(liked[x], item), x -> liked[x]);
      }
    };
  }
}
