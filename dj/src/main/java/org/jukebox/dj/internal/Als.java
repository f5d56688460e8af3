package org.jukebox.dj.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Implicit-feedback matrix factorisation after Hu, Koren and Volinsky, "Collaborative Filtering
 * for Implicit Feedback Datasets" (ICDM 2008): a preference {@code p = 1} for every song a user
 * likes (0 otherwise, including dislikes), with confidence {@code c = 1 + alpha * |pref|};
 * minimise {@code sum c (p - x_u . y_i)^2 + lambda (|x|^2 + |y|^2)} over all user/song pairs by
 * alternating least squares, using {@code Y^T Y} so that each row costs only its own entries.
 * Training solves each row with a few conjugate-gradient steps warm-started from the last sweep
 * (Takacs, Pilaszy and Tikk 2011); at query time the user's row is solved exactly (Cholesky) from
 * the live profile ("fold-in"), so new events count at once.
 *
 * <p>Explanations follow the paper (section 5): the score of song {@code i} is
 * {@code sum over j of s_ij c_j p_j} with {@code s_ij = y_i^T W y_j}, {@code W = (Y^T C Y + lambda I)^-1};
 * the liked songs with the largest terms are "because".
 *
 * <p>Immutable.
 */
final class Als implements Cf {
  private static final int CG_STEPS = 3;

  private final int itemCount;
  private final int f;
  private final double[] y;
  private final double[] yty;
  private final double lambda;
  private final double alpha;

  private Als(int itemCount, int f, double[] y, double[] yty, double lambda, double alpha) {
    this.itemCount = itemCount;
    this.f = f;
    this.y = y;
    this.yty = yty;
    this.lambda = lambda;
    this.alpha = alpha;
  }

  static Als train(TrainingData data, int f, int iterations, double lambda, double alpha, long seed, int threads) {
    int users = data.users();
    int items = data.itemCount();
    // Transpose for the item half-sweeps.
    int[] colStart = new int[items + 1];
    for (int p = 0; p < data.pairs(); p++) {
      colStart[data.items()[p] + 1]++;
    }
    for (int i = 0; i < items; i++) {
      colStart[i + 1] += colStart[i];
    }
    int[] colUser = new int[data.pairs()];
    float[] colValue = new float[data.pairs()];
    int[] fill = java.util.Arrays.copyOf(colStart, items);
    for (int u = 0; u < users; u++) {
      for (int p = data.start()[u]; p < data.start()[u + 1]; p++) {
        int i = data.items()[p];
        colUser[fill[i]] = u;
        colValue[fill[i]++] = data.values()[p];
      }
    }
    Random random = new Random(seed);
    double[] x = new double[users * f];
    double[] y = new double[items * f];
    for (int k = 0; k < y.length; k++) {
      y[k] = random.nextGaussian() * 0.01;
    }
    for (int k = 0; k < x.length; k++) {
      x[k] = random.nextGaussian() * 0.01;
    }
    ExecutorService pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "dj-train-als");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int it = 0; it < iterations; it++) {
        sweep(x, users, y, gram(y, items, f), data.start(), data.items(), data.values(), f, lambda, alpha, pool,
            threads);
        sweep(y, items, x, gram(x, users, f), colStart, colUser, colValue, f, lambda, alpha, pool, threads);
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    return new Als(items, f, y, gram(y, items, f), lambda, alpha);
  }

  /** Re-solves every row of {@code target} against the fixed {@code other} factors. */
  private static void sweep(double[] target, int rows, double[] other, double[] gram, int[] start, int[] cols,
      float[] values, int f, double lambda, double alpha, ExecutorService pool, int threads) {
    int workers = pool == null ? 1 : threads;
    List<Future<?>> parts = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int first = w;
      Runnable part = () -> {
        double[] r = new double[f];
        double[] p = new double[f];
        double[] ap = new double[f];
        for (int row = first; row < rows; row += workers) {
          conjugateGradient(target, row * f, other, gram, start[row], start[row + 1], cols, values, f, lambda, alpha,
              r, p, ap);
        }
      };
      if (pool == null) {
        part.run();
      } else {
        parts.add(pool.submit(part));
      }
    }
    for (Future<?> fut : parts) {
      try {
        fut.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("training interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("training failed: " + e.getCause(), e.getCause());
      }
    }
  }

  private static void conjugateGradient(double[] target, int off, double[] other, double[] gram, int from, int to,
      int[] cols, float[] values, int f, double lambda, double alpha, double[] r, double[] p, double[] ap) {
    // r = b - A x, with A = G + lambda I + sum (c-1) y y^T and b = sum c p y.
    multiply(target, off, other, gram, from, to, cols, values, f, lambda, alpha, r);
    for (int a = 0; a < f; a++) {
      r[a] = -r[a];
    }
    for (int q = from; q < to; q++) {
      float v = values[q];
      if (v > 0) {
        double c = 1 + alpha * v;
        int o = cols[q] * f;
        for (int a = 0; a < f; a++) {
          r[a] += c * other[o + a];
        }
      }
    }
    System.arraycopy(r, 0, p, 0, f);
    double rsOld = dot(r, 0, r, 0, f);
    for (int step = 0; step < CG_STEPS && rsOld > 1e-20; step++) {
      multiply(p, 0, other, gram, from, to, cols, values, f, lambda, alpha, ap);
      double pap = dot(p, 0, ap, 0, f);
      if (!(pap > 0)) {
        break;
      }
      double step2 = rsOld / pap;
      for (int a = 0; a < f; a++) {
        target[off + a] += step2 * p[a];
        r[a] -= step2 * ap[a];
      }
      double rsNew = dot(r, 0, r, 0, f);
      for (int a = 0; a < f; a++) {
        p[a] = r[a] + rsNew / rsOld * p[a];
      }
      rsOld = rsNew;
    }
  }

  /** out = A v for the row's A. */
  private static void multiply(double[] v, int off, double[] other, double[] gram, int from, int to, int[] cols,
      float[] values, int f, double lambda, double alpha, double[] out) {
    for (int a = 0; a < f; a++) {
      double s = lambda * v[off + a];
      int g = a * f;
      for (int b = 0; b < f; b++) {
        s += gram[g + b] * v[off + b];
      }
      out[a] = s;
    }
    for (int q = from; q < to; q++) {
      double c1 = alpha * Math.abs(values[q]);
      int o = cols[q] * f;
      double d = 0;
      for (int a = 0; a < f; a++) {
        d += other[o + a] * v[off + a];
      }
      d *= c1;
      for (int a = 0; a < f; a++) {
        out[a] += d * other[o + a];
      }
    }
  }

  private static double[] gram(double[] m, int rows, int f) {
    double[] g = new double[f * f];
    for (int r = 0; r < rows; r++) {
      int o = r * f;
      for (int a = 0; a < f; a++) {
        double va = m[o + a];
        if (va == 0) {
          continue;
        }
        int ga = a * f;
        for (int b = a; b < f; b++) {
          g[ga + b] += va * m[o + b];
        }
      }
    }
    for (int a = 0; a < f; a++) {
      for (int b = 0; b < a; b++) {
        g[a * f + b] = g[b * f + a];
      }
    }
    return g;
  }

  private static double dot(double[] a, int ao, double[] b, int bo, int f) {
    double s = 0;
    for (int k = 0; k < f; k++) {
      s += a[ao + k] * b[bo + k];
    }
    return s;
  }

  @Override
  public String describe() {
    return "implicit ALS, " + itemCount + " songs, " + f + " factors";
  }

  @Override
  public UserScorer forUser(Profile p, int now, double lnDecay) {
    int[] song = new int[p.size];
    double[] pref = new double[p.size];
    int count = 0;
    boolean anyLike = false;
    for (int e = 0; e < p.size; e++) {
      if (p.songs[e] >= itemCount) {
        continue;
      }
      double v = p.valueAt(e, now, lnDecay);
      if (v != 0) {
        song[count] = p.songs[e];
        pref[count++] = v;
        anyLike |= v > 0;
      }
    }
    if (!anyLike) {
      return UserScorer.NONE;
    }
    double[] a = yty.clone();
    for (int k = 0; k < f; k++) {
      a[k * f + k] += lambda;
    }
    double[] b = new double[f];
    for (int x = 0; x < count; x++) {
      int o = song[x] * f;
      double c = 1 + alpha * Math.abs(pref[x]);
      for (int r = 0; r < f; r++) {
        double yr = y[o + r] * (c - 1);
        for (int s = 0; s < f; s++) {
          a[r * f + s] += yr * y[o + s];
        }
        if (pref[x] > 0) {
          b[r] += c * y[o + r];
        }
      }
    }
    double[] chol = cholesky(a, f);
    double[] xu = solve(chol, b, f);
    int n = count;
    return new UserScorer() {
      @Override
      public double score(int item) {
        return item < itemCount ? dot(xu, 0, y, item * f, f) : 0;
      }

      @Override
      public double[] scores() {
        double[] out = new double[itemCount];
        for (int i = 0; i < itemCount; i++) {
          out[i] = dot(xu, 0, y, i * f, f);
        }
        return out;
      }

      @Override
      public int[] because(int item, int max) {
        if (item >= itemCount) {
          return new int[0];
        }
        double[] yi = java.util.Arrays.copyOfRange(y, item * f, item * f + f);
        double[] z = solve(chol, yi, f);
        return Explain.top(max, n, x -> pref[x] > 0 ? (1 + alpha * pref[x]) * dot(z, 0, y, song[x] * f, f) : 0,
            x -> song[x]);
      }
    };
  }

  /** Lower-triangular L with A = L L^T (A symmetric positive definite). */
  private static double[] cholesky(double[] a, int f) {
    double[] l = new double[f * f];
    for (int i = 0; i < f; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * f + j];
        for (int k = 0; k < j; k++) {
          s -= l[i * f + k] * l[j * f + k];
        }
        if (i == j) {
          l[i * f + i] = Math.sqrt(Math.max(s, 1e-12));
        } else {
          l[i * f + j] = s / l[j * f + j];
        }
      }
    }
    return l;
  }

  private static double[] solve(double[] l, double[] b, int f) {
    double[] z = new double[f];
    for (int i = 0; i < f; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i * f + k] * z[k];
      }
      z[i] = s / l[i * f + i];
    }
    double[] x = new double[f];
    for (int i = f - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < f; k++) {
        s -= l[k * f + i] * x[k];
      }
      x[i] = s / l[i * f + i];
    }
    return x;
  }
}
