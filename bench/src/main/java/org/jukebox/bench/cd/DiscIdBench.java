package org.jukebox.bench.cd;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jukebox.soundsmith.cd.Toc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Disc ID computation: how many tables of contents per second get both their MusicBrainz and
 * freedb IDs ({@link Toc#musicBrainzId()} and {@link Toc#freedbId()}), on one thread and on
 * every core. The TOCs are random but shaped like real discs (8 to 25 tracks of 2 to 7 minutes),
 * made before the clock starts.
 */
public final class DiscIdBench {
  private DiscIdBench() {}

  /** A run's figures. */
  record Result(int threads, long tocs, double seconds, double cpuSeconds) {
    double perSecond() {
      return tocs / seconds;
    }

    /** TOCs per second of CPU time the workers got: what the code does, whatever else the machine runs. */
    double perCpuSecond() {
      return tocs / cpuSeconds;
    }
  }

  /** Random realistic TOCs. */
  static List<Toc> tocs(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Toc> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int first = r.nextInt(20) == 0 ? 2 : 1;
      int count = 8 + r.nextInt(18);
      List<Integer> offsets = new ArrayList<>(count);
      int at = 150 + (r.nextInt(10) == 0 ? r.nextInt(5000) : 0);
      for (int t = 0; t < count; t++) {
        offsets.add(at);
        at += 120 * 75 + r.nextInt(300 * 75);
      }
      out.add(Toc.of(first, first + count - 1, at, offsets));
    }
    return out;
  }

  /** Computes both IDs of the TOCs round after round on {@code threads} threads for {@code seconds}. */
  static Result run(List<Toc> tocs, int threads, double seconds) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    AtomicLong sink = new AtomicLong();
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    CountDownLatch start = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = t;
      Thread w = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        long cpu0 = mx.getCurrentThreadCpuTime();
        long count = 0;
        int h = 0;
        long end = window[1];
        int i = from;
        while (true) {
          // Check the clock every 1024 TOCs: a nanoTime per ID would be part of what is measured.
          for (int k = 0; k < 1024; k++) {
            Toc toc = tocs.get(i);
            h += toc.musicBrainzId().hashCode() + toc.freedbId().hashCode();
            i = i + threads >= tocs.size() ? from : i + threads;
          }
          count += 1024;
          if (System.nanoTime() - end >= 0) {
            break;
          }
        }
        cpu.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
        done.addAndGet(count);
        sink.addAndGet(h);
      }, "discid-bench-" + t);
      workers.add(w);
      w.start();
    }
    window[0] = System.nanoTime();
    window[1] = window[0] + (long) (seconds * 1e9);
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    double took = (System.nanoTime() - window[0]) / 1e9;
    if (sink.get() == 42) {
      System.out.print(""); // keeps the hashes alive for the JIT
    }
    return new Result(threads, done.get(), took, cpu.get() / 1e9);
  }

  /** {@code bench cd-discid}. */
  @Command(name = "cd-discid", mixinStandardHelpOptions = true,
      description = "MusicBrainz + freedb disc IDs computed per second, one thread and all cores (target >= 1,000,000 TOCs/s).")
  public static final class Cli implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "5", description = "measured seconds per round (default ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--tocs", defaultValue = "100000", description = "distinct random TOCs (default ${DEFAULT-VALUE})")
    int distinct;
    @Option(names = "--threads", defaultValue = "0", description = "threads for the parallel round; 0 = every core (default)")
    int threads;

    @Override
    public Integer call() throws Exception {
      PrintStream out = System.out;
      int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      out.printf(Locale.ROOT, "disc ID benchmark: %d random TOCs, MusicBrainz and freedb ID of each, %.0f s rounds%n",
          distinct, seconds);
      org.jukebox.bench.Machine.describe(out);
      List<Toc> tocs = tocs(distinct, 4);
      run(tocs, 1, Math.min(3, seconds)); // warm-up: JIT
      Result one = run(tocs, 1, seconds);
      Result all = run(tocs, n, seconds);
      out.printf(Locale.ROOT, "1 thread: %,.0f TOCs/s (%d in %.2f s; %,.0f per CPU-second)%n", one.perSecond(),
          one.tocs(), one.seconds(), one.perCpuSecond());
      out.printf(Locale.ROOT, "%d threads: %,.0f TOCs/s (%d in %.2f s; %,.0f per CPU-second; load average %s)%n", n,
          all.perSecond(), all.tocs(), all.seconds(), all.perCpuSecond(), org.jukebox.bench.Machine.loadAverage());
      boolean met = Math.max(one.perSecond(), all.perSecond()) >= 1_000_000;
      boolean perCore = Math.min(one.perCpuSecond(), all.perCpuSecond()) >= 1_000_000;
      out.printf(Locale.ROOT, "target >= 1,000,000 TOCs/s: wall clock %s; per CPU-second (one core's worth) %s%n",
          met ? "met" : "MISSED", perCore ? "met" : "MISSED");
      return met ? 0 : 1;
    }
  }
}
