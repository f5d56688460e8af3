package org.jukebox.bench.dj;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jukebox.api.Pick;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.jukebox.dj.DjRules;
import org.jukebox.dj.Recommender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast the DJ picks songs with a big history loaded (issue 5: {@code nextSongs} p99 at
 * 10,000 listeners, 100,000 songs and 5,000,000 events, and faster than Mahout's
 * {@code recommend} on the same data, as a ratio from one run).
 *
 * <p>The whole generated history goes into {@link org.jukebox.dj.DjEngine} through its bulk load
 * ({@code load}, no Derby), the engine trains once, and then one thread calls
 * {@code nextSongs(user, own taste, available, 10)} for listeners drawn by a seeded random
 * generator, {@code available} being the whole catalog (one list, the same for every call: what
 * a client that sees every song would pass). The engine's clock stands one minute after the last
 * event, so the recent plays of active listeners are really excluded. Warm-up calls come first and
 * are not counted. Mahout gets the same history as boolean preferences (pairs the DJ's rules
 * make positive, {@link HoldOut#liked} over the whole history) and answers
 * {@code recommend(user, 10)} for the same listeners in the same order, also after warm-up calls.
 * The DJ's own {@code recommend} (its collaborative filtering over every song) is timed too.
 */
public final class DjSpeed {
  private DjSpeed() {}

  /** What to run; validated at construction with exact messages. */
  record Params(Shape shape, Recommender recommender, int calls, int warmup, int mahoutCalls, int mahoutWarmup,
      int available, int n) {
    Params {
      java.util.Objects.requireNonNull(shape, "shape");
      java.util.Objects.requireNonNull(recommender, "recommender");
      Ranges.check("calls", calls, 1, 1_000_000);
      Ranges.check("warmup", warmup, 0, 1_000_000);
      Ranges.check("mahoutCalls", mahoutCalls, 0, 100_000);
      Ranges.check("mahoutWarmup", mahoutWarmup, 0, 100_000);
      Ranges.check("available", available, 0, shape.songs());
      Ranges.check("n", n, 1, 1_000);
    }
  }

  /** What a run measured. */
  record Result(Params params, long loadNanos, long trainNanos, String stats, Latencies nextSongs,
      Latencies nextSongsCpu, Latencies recommend, Latencies mahout, long mahoutPairs, long heapBytes, Map<Pick.Reason, Integer> reasons,
      int shortAnswers) {
    /** Every nextSongs answer had n picks. */
    boolean clean() {
      return shortAnswers == 0;
    }

    void print(PrintStream out) {
      out.println();
      out.printf(Locale.ROOT, "DJ nextSongs (%s, %d available, n = %d): %s; target p99 <= 20 ms: %s%n",
          params.recommender(), params.available() == 0 ? params.shape().songs() : params.available(), params.n(),
          nextSongs.summary(), nextSongs.percentile(99) <= 20_000_000L ? "met" : "MISSED");
      out.printf(Locale.ROOT, "  CPU time of the calling thread per call (what contention for the cores cannot inflate): %s%n",
          nextSongsCpu.summary());
      out.printf(Locale.ROOT, "  picks by reason: %s; answers shorter than %d: %d%n", reasons, params.n(), shortAnswers);
      out.printf(Locale.ROOT, "DJ recommend (every song): %s%n", recommend.summary());
      if (mahout != null) {
        out.printf(Locale.ROOT, "Mahout recommend (item-based, LLR, %d boolean preferences): %s%n", mahoutPairs,
            mahout.summary());
        double p50 = mahout.percentile(50) / (double) nextSongs.percentile(50);
        double p99 = mahout.percentile(99) / (double) nextSongs.percentile(99);
        out.printf(Locale.ROOT, "Mahout / DJ nextSongs: p50 %.1fx, p99 %.1fx (target: DJ faster: %s)%n", p50, p99,
            p50 > 1 && p99 > 1 ? "met" : "MISSED");
      }
    }
  }

  /**
   * Generates, loads, trains and times.
   *
   * @throws Exception if Mahout fails
   */
  static Result run(Params p, PrintStream out) throws Exception {
    Shape shape = p.shape();
    out.printf(Locale.ROOT, "DJ speed: %d listeners in %d groups, %d songs, %d events, seed %d; %s; %d nextSongs calls"
            + " after %d warm-up; Mahout %d calls after %d warm-up%n", shape.users(), shape.groups(), shape.songs(),
        shape.events(), shape.seed(), p.recommender(), p.calls(), p.warmup(), p.mahoutCalls(), p.mahoutWarmup());
    org.jukebox.bench.Machine.describe(out);
    long t0 = System.nanoTime();
    History h = History.generate(shape);
    out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    DjRules rules = DjRules.defaults();
    Instant now = h.end().plusSeconds(60);
    DjMethod dj = DjMethod.train("DJ", h, i -> true, rules, p.recommender(), now);
    out.printf(Locale.ROOT, "loaded %d events in %.1f s (%.0f events/s), trained in %.1f s; %s%n", dj.loaded,
        dj.loadNanos / 1e9, dj.loaded / (dj.loadNanos / 1e9), dj.trainNanos / 1e9, dj.engine().stats());
    long heap = usedHeap();
    out.printf(Locale.ROOT, "used heap after a full GC, history and engine loaded: %.0f MB%n", heap / 1e6);

    int songs = p.available() == 0 ? shape.songs() : p.available();
    SongId[] ids = new SongId[songs];
    for (int s = 0; s < songs; s++) {
      ids[s] = dj.id(s);
    }
    List<SongId> available = List.of(ids);
    int total = Math.max(p.warmup() + p.calls(), p.mahoutWarmup() + p.mahoutCalls());
    int[] users = new int[total];
    SplittableRandom r = new SplittableRandom(shape.seed() + 2);
    for (int i = 0; i < total; i++) {
      users[i] = r.nextInt(shape.users());
    }
    Taste own = Taste.own();
    Map<Pick.Reason, Integer> reasons = new EnumMap<>(Pick.Reason.class);
    int shortAnswers = 0;
    long[] next = new long[p.calls()];
    long[] nextCpu = new long[p.calls()];
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < p.warmup() + p.calls(); i++) {
      String user = dj.user(users[i]);
      long c = threads.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      List<Pick> picks = dj.engine().nextSongs(user, own, available, p.n());
      long d = System.nanoTime() - t;
      long cpu = threads.getCurrentThreadCpuTime() - c;
      if (i >= p.warmup()) {
        next[i - p.warmup()] = d;
        nextCpu[i - p.warmup()] = Math.max(1, cpu);
        for (Pick pick : picks) {
          reasons.merge(pick.reason(), 1, Integer::sum);
        }
        if (picks.size() < p.n()) {
          shortAnswers++;
        }
      }
    }
    long[] rec = new long[p.calls()];
    java.util.Set<SongId> none = java.util.Set.of();
    for (int i = 0; i < p.warmup() + p.calls(); i++) {
      String user = dj.user(users[i]);
      long t = System.nanoTime();
      dj.engine().recommend(user, p.n(), none);
      long d = System.nanoTime() - t;
      if (i >= p.warmup()) {
        rec[i - p.warmup()] = d;
      }
    }
    Latencies mahoutLatencies = null;
    long pairs = 0;
    if (p.mahoutCalls() > 0) {
      Evidence evidence = new Evidence(rules::weight, rules.halfLife());
      HoldOut all = HoldOut.split(h, evidence, 0.5, Integer.MAX_VALUE);
      long t1 = System.nanoTime();
      MahoutItemBased mahout = new MahoutItemBased(shape.users(), all::liked);
      pairs = mahout.pairs();
      out.printf(Locale.ROOT, "Mahout data model of %d listeners, %d boolean preferences built in %.1f s%n",
          mahout.users(), pairs, (System.nanoTime() - t1) / 1e9);
      all = null;
      int[] nothing = new int[0];
      long[] m = new long[p.mahoutCalls()];
      for (int i = 0; i < p.mahoutWarmup() + p.mahoutCalls(); i++) {
        long t = System.nanoTime();
        mahout.recommend(users[i], p.n(), nothing);
        long d = System.nanoTime() - t;
        if (i >= p.mahoutWarmup()) {
          m[i - p.mahoutWarmup()] = d;
        }
      }
      mahoutLatencies = new Latencies(m);
    }
    return new Result(p, dj.loadNanos, dj.trainNanos, dj.engine().stats(), new Latencies(next), new Latencies(nextCpu),
        new Latencies(rec),
        mahoutLatencies, pairs, heap, reasons, shortAnswers);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** {@code bench dj-speed}. */
  @Command(name = "dj-speed", mixinStandardHelpOptions = true,
      description = "DJ nextSongs latency with a big history loaded, against Mahout's recommend on the same data.")
  public static final class Cli implements Callable<Integer> {
    @Option(names = "--users", defaultValue = "10000", description = "listeners (default ${DEFAULT-VALUE})")
    int users;
    @Option(names = "--songs", defaultValue = "100000", description = "songs (default ${DEFAULT-VALUE})")
    int songs;
    @Option(names = "--events", defaultValue = "5000000", description = "events (default ${DEFAULT-VALUE})")
    int events;
    @Option(names = "--groups", defaultValue = "20", description = "taste groups (default ${DEFAULT-VALUE})")
    int groups;
    @Option(names = "--seed", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--recommender", defaultValue = "ITEM_BASED",
        description = "the DJ's recommender: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Recommender recommender;
    @Option(names = "--calls", defaultValue = "2000", description = "timed nextSongs calls (default ${DEFAULT-VALUE})")
    int calls;
    @Option(names = "--warmup", defaultValue = "500", description = "warm-up nextSongs calls (default ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--mahout-calls", defaultValue = "100",
        description = "timed Mahout recommend calls; 0 leaves Mahout out (default ${DEFAULT-VALUE})")
    int mahoutCalls;
    @Option(names = "--mahout-warmup", defaultValue = "5",
        description = "warm-up Mahout calls (default ${DEFAULT-VALUE})")
    int mahoutWarmup;
    @Option(names = "--available", defaultValue = "0",
        description = "songs passed as available, the first of the catalog; 0 = all (default ${DEFAULT-VALUE})")
    int available;
    @Option(names = "--n", defaultValue = "10", description = "songs asked per call (default ${DEFAULT-VALUE})")
    int n;

    @Override
    public Integer call() throws Exception {
      Params p = new Params(new Shape(users, songs, events, groups, seed), recommender, calls, warmup, mahoutCalls,
          mahoutWarmup, available, n);
      Result r = run(p, System.out);
      r.print(System.out);
      return r.clean() ? 0 : 1;
    }
  }
}
