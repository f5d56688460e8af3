package org.jukebox.bench.dj;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jukebox.dj.DjRules;
import org.jukebox.dj.Recommender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Offline evaluation of the DJ (issue 5, item 6): a generated history with planted tastes
 * ({@link History}), a time-ordered hold-out split per listener ({@link HoldOut}), and
 * precision@k and NDCG@k ({@link Ranking}) for the DJ's recommenders, a popularity baseline and
 * Apache Mahout's item-based recommender with log-likelihood similarity, all on the same split in
 * the same run.
 *
 * <p>Same evidence for all: the DJ gets the training events themselves through its bulk load
 * and infers preferences by its rules; Mahout and the popularity baseline get the listener-song
 * pairs those rules make positive ({@link HoldOut#liked}). Same question for all: the best k songs
 * for a listener, none it heard in training. Same answer key: the songs it came to like in the
 * test period and had not heard before.
 */
public final class DjEval {
  private DjEval() {}

  /** What to run; validated at construction with exact messages. */
  record Params(Shape shape, double holdOut, int minPositives, int evalUsers, int k, boolean als, DjRules rules) {
    Params {
      java.util.Objects.requireNonNull(shape, "shape");
      java.util.Objects.requireNonNull(rules, "rules");
      if (!(holdOut > 0 && holdOut < 1)) {
        throw new IllegalArgumentException("holdOut not in (0, 1): " + holdOut);
      }
      Ranges.check("minPositives", minPositives, 2, 1_000_000);
      Ranges.check("evalUsers", evalUsers, 0, 1_000_000);
      Ranges.check("k", k, 1, 1_000);
    }
  }

  /** One method's averages over the evaluated listeners. */
  record Score(String method, int users, double precision, double ndcg, long nanos, int excludedShown, int shortLists,
      double[] ndcgs) {
    double msPerUser() {
      return users == 0 ? 0 : nanos / 1e6 / users;
    }

    /** The standard error of the mean NDCG over the listeners. */
    double ndcgError() {
      return standardError(ndcgs, null);
    }
  }

  /** The standard error of the mean of {@code a} (minus {@code b}, paired, when given). */
  static double standardError(double[] a, double[] b) {
    int n = a.length;
    if (n < 2) {
      return 0;
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += a[i] - (b == null ? 0 : b[i]);
    }
    mean /= n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double d = a[i] - (b == null ? 0 : b[i]) - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / (n - 1) / n);
  }

  /** What a run measured. */
  record Result(Params params, int events, int trainingEvents, long likedPairs, int heldOutUsers, int withRelevant,
      int evaluated, double relevantPerUser, List<Score> scores) {
    /** Every method answered without showing an excluded song. */
    boolean clean() {
      return scores.stream().allMatch(s -> s.excludedShown == 0 && s.users == evaluated) && evaluated > 0;
    }

    Score score(String method) {
      return scores.stream().filter(s -> s.method.equals(method)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no method " + method));
    }

    void print(PrintStream out) {
      int k = params.k();
      out.println();
      out.printf(Locale.ROOT, "%d events, %d in training (%.1f %%), %d liked pairs in training; %d listeners held out,"
          + " %d with something relevant, %d evaluated, %.2f relevant songs each%n", events, trainingEvents,
          100.0 * trainingEvents / events, likedPairs, heldOutUsers, withRelevant, evaluated, relevantPerUser);
      out.printf(Locale.ROOT, "%-26s %9s %9s %9s %12s %s%n", "method", "P@" + k, "NDCG@" + k, "+-", "ms/listener",
          "checks");
      for (Score s : scores) {
        out.printf(Locale.ROOT, "%-26s %9.4f %9.4f %9.4f %12.3f %s%n", s.method, s.precision, s.ndcg, s.ndcgError(),
            s.msPerUser(),
            (s.excludedShown == 0 ? "no heard song shown" : s.excludedShown + " HEARD SONGS SHOWN")
                + (s.shortLists == 0 ? "" : ", " + s.shortLists + " lists shorter than " + k));
      }
      Score mahout = score(MAHOUT);
      Score popularity = score(POPULARITY);
      for (Score s : scores) {
        if (!s.method.startsWith("DJ ") || s.method.equals(DJ_POPULARITY)) {
          continue;
        }
        double vsMahout = s.ndcg / mahout.ndcg;
        double vsPopularity = s.ndcg / popularity.ndcg;
        out.printf(Locale.ROOT, "%s: NDCG@%d %.3fx Mahout (target >= 1: %s), %.3fx popularity (target >= 2: %s);"
                + " P@%d %.3fx Mahout, %.3fx popularity%n", s.method, k, vsMahout, vsMahout >= 1 ? "met" : "MISSED",
            vsPopularity, vsPopularity >= 2 ? "met" : "MISSED", k, s.precision / mahout.precision,
            s.precision / popularity.precision);
        out.printf(Locale.ROOT, "  NDCG@%d minus Mahout's, paired over the same listeners: %+.4f +- %.4f (standard"
            + " error)%n", k, s.ndcg - mahout.ndcg, standardError(s.ndcgs, mahout.ndcgs));
      }
    }
  }

  static final String DJ_ITEM = "DJ item-based";
  static final String DJ_ALS = "DJ ALS";
  static final String DJ_POPULARITY = "DJ popularity";
  static final String POPULARITY = "popularity (bench)";
  static final String MAHOUT = "Mahout item-based (LLR)";

  /**
   * Generates, splits, trains every method and scores it.
   *
   * @throws Exception if a method fails
   */
  static Result run(Params p, PrintStream out) throws Exception {
    Shape shape = p.shape();
    out.printf(Locale.ROOT, "DJ offline evaluation: %d listeners in %d taste groups, %d songs (%d artists, %d genres),"
            + " %d events, seed %d; the last %.0f %% of each listener's positive events held out (listeners with >= %d),"
            + " top %d%n", shape.users(), shape.groups(), shape.songs(), shape.artists(), shape.genres(), shape.events(),
        shape.seed(), p.holdOut() * 100, p.minPositives(), p.k());
    org.jukebox.bench.Machine.describe(out);
    long t0 = System.nanoTime();
    History h = History.generate(shape);
    long t1 = System.nanoTime();
    DjRules rules = p.rules();
    Evidence evidence = new Evidence(rules::weight, rules.halfLife());
    HoldOut split = HoldOut.split(h, evidence, p.holdOut(), p.minPositives());
    long t2 = System.nanoTime();
    out.printf(Locale.ROOT, "generated in %.1f s, split in %.1f s; DJ rules: %s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
        rules);

    List<Method> methods = new ArrayList<>();
    DjMethod item = DjMethod.train(DJ_ITEM, h, split::isTraining, rules, Recommender.ITEM_BASED);
    report(out, item);
    methods.add(item);
    if (p.als()) {
      DjMethod als = DjMethod.train(DJ_ALS, h, split::isTraining, rules, Recommender.ALS);
      report(out, als);
      methods.add(als);
    }
    DjMethod djPopularity = DjMethod.train(DJ_POPULARITY, h, split::isTraining, rules, Recommender.POPULARITY);
    methods.add(djPopularity);
    int users = shape.users();
    long t3 = System.nanoTime();
    methods.add(new Popularity(users, shape.songs(), split::liked));
    long t4 = System.nanoTime();
    MahoutItemBased mahout = new MahoutItemBased(users, split::liked);
    long t5 = System.nanoTime();
    methods.add(mahout);
    out.printf(Locale.ROOT, "popularity counted in %.2f s; Mahout data model of %d listeners, %d boolean preferences"
        + " built in %.2f s%n", (t4 - t3) / 1e9, mahout.users(), mahout.pairs(), (t5 - t4) / 1e9);

    int[] evaluated = evaluatedUsers(split, p.evalUsers(), shape.seed());
    int heldOut = 0;
    int withRelevant = 0;
    long relevantTotal = 0;
    for (int u = 0; u < users; u++) {
      if (split.heldOut(u)) {
        heldOut++;
        if (split.relevant(u).length > 0) {
          withRelevant++;
        }
      }
    }
    for (int u : evaluated) {
      relevantTotal += split.relevant(u).length;
    }
    List<Score> scores = new ArrayList<>();
    for (Method m : methods) {
      scores.add(score(m, split, evaluated, p.k()));
      out.printf(Locale.ROOT, "scored %s%n", m.name());
    }
    return new Result(p, h.size(), split.trainingEvents(), split.likedPairs(), heldOut, withRelevant,
        evaluated.length, evaluated.length == 0 ? 0 : relevantTotal / (double) evaluated.length, scores);
  }

  private static void report(PrintStream out, DjMethod m) {
    out.printf(Locale.ROOT, "%s: loaded %d events in %.1f s (%.0f events/s), trained in %.1f s; %s%n", m.name(),
        m.loaded, m.loadNanos / 1e9, m.loaded / (m.loadNanos / 1e9), m.trainNanos / 1e9, m.engine().stats());
  }

  /**
   * The listeners to score: held out, with at least one relevant song; at most {@code max} of
   * them (0: all), chosen by a seeded shuffle, in ascending order.
   */
  static int[] evaluatedUsers(HoldOut split, int max, long seed) {
    int users = split.split.length;
    int[] all = new int[users];
    int n = 0;
    for (int u = 0; u < users; u++) {
      if (split.heldOut(u) && split.relevant(u).length > 0) {
        all[n++] = u;
      }
    }
    if (max == 0 || n <= max) {
      return Arrays.copyOf(all, n);
    }
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] chosen = Arrays.copyOf(all, max);
    Arrays.sort(chosen);
    return chosen;
  }

  /** Scores one method on the evaluated listeners, checking that it never shows a heard song. */
  static Score score(Method m, HoldOut split, int[] users, int k) throws Exception {
    double precision = 0;
    double ndcg = 0;
    double[] ndcgs = new double[users.length];
    int shown = 0;
    int shortLists = 0;
    long nanos = 0;
    for (int x = 0; x < users.length; x++) {
      int u = users[x];
      int[] heard = split.heard(u);
      long t = System.nanoTime();
      int[] recs = m.recommend(u, k, heard);
      nanos += System.nanoTime() - t;
      for (int s : recs) {
        if (Arrays.binarySearch(heard, s) >= 0) {
          shown++;
        }
      }
      if (recs.length < k) {
        shortLists++;
      }
      int[] relevant = split.relevant(u);
      precision += Ranking.precisionAt(k, recs, relevant);
      ndcgs[x] = Ranking.ndcgAt(k, recs, relevant);
      ndcg += ndcgs[x];
    }
    int n = users.length;
    return new Score(m.name(), n, n == 0 ? 0 : precision / n, n == 0 ? 0 : ndcg / n, nanos, shown, shortLists, ndcgs);
  }

  /** {@code bench dj-eval}. */
  @Command(name = "dj-eval", mixinStandardHelpOptions = true,
      description = "Offline evaluation of the DJ: P@10 and NDCG@10 against popularity and Mahout item-based (LLR).")
  public static final class Cli implements Callable<Integer> {
    @Option(names = "--users", defaultValue = "5000", description = "listeners (default ${DEFAULT-VALUE})")
    int users;
    @Option(names = "--songs", defaultValue = "20000", description = "songs (default ${DEFAULT-VALUE})")
    int songs;
    @Option(names = "--events", defaultValue = "1000000", description = "events (default ${DEFAULT-VALUE})")
    int events;
    @Option(names = "--groups", defaultValue = "20", description = "taste groups (default ${DEFAULT-VALUE})")
    int groups;
    @Option(names = "--seed", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--hold-out", defaultValue = "0.2",
        description = "fraction of each listener's positive events held out (default ${DEFAULT-VALUE})")
    double holdOut;
    @Option(names = "--min-positives", defaultValue = "5",
        description = "listeners with fewer positive events are not held out (default ${DEFAULT-VALUE})")
    int minPositives;
    @Option(names = "--eval-users", defaultValue = "0",
        description = "score at most this many listeners, a seeded sample; 0 = all (default ${DEFAULT-VALUE})")
    int evalUsers;
    @Option(names = "--k", defaultValue = "10", description = "list length (default ${DEFAULT-VALUE})")
    int k;
    @Option(names = "--no-als", description = "leave out the DJ's ALS recommender")
    boolean noAls;
    @Option(names = "--neighbours", description = "the DJ's item-based neighbours per song (default: DjRules.defaults())")
    Integer neighbours;

    @Override
    public Integer call() throws Exception {
      DjRules rules = neighbours == null ? DjRules.defaults() : DjRules.defaults().withNeighbours(neighbours);
      Params p = new Params(new Shape(users, songs, events, groups, seed), holdOut, minPositives, evalUsers, k, !noAls,
          rules);
      Result r = run(p, System.out);
      r.print(System.out);
      return r.clean() ? 0 : 1;
    }
  }
}
