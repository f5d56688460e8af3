package org.jukebox.bench;

import java.io.PrintStream;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jukebox.api.Beacon;
import org.jukebox.api.DepartureReason;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.RemoteLookup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Many SoundSmiths beaconing a real DirectoryServer over real RMI on loopback: per-beacon
 * latency while every SoundSmith renews once per period, then how soon entries of SoundSmiths
 * that stopped disappear after their leases end.
 *
 * <p>Load: simulated SoundSmith {@code i} beacons at {@code t0 + i·period/N + k·period}, so beacons
 * are spread evenly; a dispatcher thread hands each to a bounded pool of client threads. Every
 * beacon is a real RMI call carrying a real SoundSmith stub: {@code stubs} {@link IdleSoundSmith}s
 * are exported and simulated SoundSmith {@code i} carries stub {@code i % stubs} (the directory keys
 * entries by SoundSmithId, not by stub). Each asks for a lease of two periods, as a real SoundSmith
 * renews at half its lease.
 *
 * <p>Expiry: after the measured periods {@code victims} SoundSmiths (spread over the id range) stop
 * beaconing while the others go on. A listener registered with {@code watch} records when each
 * victim's {@code departed(EXPIRED)} arrives (that is the sweep), and {@code soundSmiths()} is polled
 * to see when each victim is no longer listed. Lease end is taken as the victim's last beacon
 * send time plus the granted duration, the earliest it can be, so the lags printed are upper bounds.
 */
final class DirectoryBench {
  private DirectoryBench() {}

  /** What to run; validated at construction with exact messages. */
  record Params(int soundSmiths, Duration period, int warmupPeriods, int measuredPeriods, int threads,
      int stubs, int victims, Duration sweepInterval, Duration pollGap, boolean inProcess) {
    Params {
      Bench.inRange("soundSmiths", soundSmiths, 1, 100_000);
      Bench.inRange("period", period, Duration.ofMillis(100), Duration.ofMinutes(1));
      Bench.inRange("warmupPeriods", warmupPeriods, 0, 10);
      Bench.inRange("measuredPeriods", measuredPeriods, 1, 30);
      Bench.inRange("threads", threads, 1, 512);
      Bench.inRange("stubs", stubs, 1, soundSmiths);
      Bench.inRange("victims", victims, 0, soundSmiths);
      Bench.inRange("sweepInterval", sweepInterval, Duration.ofMillis(10), Duration.ofMinutes(1));
      Bench.inRange("pollGap", pollGap, Duration.ofMillis(1), Duration.ofSeconds(10));
    }

    /** What each beacon asks for: two periods, so that beaconing every period keeps the entry. */
    Duration lease() {
      return period.multipliedBy(2);
    }
  }

  /** What a run measured; every latency in nanoseconds. */
  record Result(Params params, long scheduled, long completed, long errors, long rejected, String firstError,
      double achievedPerSecond, Samples.Summary latency, Samples.Summary sinceScheduled,
      Samples.Summary expiryPhaseLatency, int listedBeforeExpiry, int victimsUnlisted, Samples.Summary unlistLag,
      Samples.Summary listingCall, int victimsDeparted, Samples.Summary departureLag, int othersMissing,
      int othersDeparted, long arrivals) {

    /** Whether nothing went wrong that would make the figures meaningless. */
    boolean clean() {
      return errors == 0 && rejected == 0 && othersMissing == 0 && othersDeparted == 0
          && victimsUnlisted == params.victims() && victimsDeparted == params.victims();
    }

    void print(PrintStream out) {
      Params p = params;
      long sweep = p.sweepInterval().toNanos();
      out.println();
      out.printf(Locale.ROOT, "beacon latency (%d measured periods of %s, after %d warm-up): %s%n",
          p.measuredPeriods(), Bench.text(p.period()), p.warmupPeriods(), latency.millis());
      out.printf(Locale.ROOT, "  from scheduled time (includes client queueing): %s%n", sinceScheduled.millis());
      out.printf(Locale.ROOT, "  achieved rate: %.1f beacons/s (target %.1f); scheduled %d, completed %d, errors %d, "
              + "rejected %d%n", achievedPerSecond, p.soundSmiths() / (p.period().toNanos() / 1e9),
          scheduled, completed, errors, rejected);
      if (firstError != null) {
        out.println("  first error: " + firstError);
      }
      out.printf(Locale.ROOT, "  target p99 <= 5 ms: %s (p99 %.3f ms)%n",
          latency.percentile(99) <= 5_000_000L ? "met" : "MISSED", latency.percentile(99) / 1e6);
      out.println();
      out.printf(Locale.ROOT, "expiry: %d of %d SoundSmiths stopped beaconing; sweep interval %s; %d listed before%n",
          p.victims(), p.soundSmiths(), Bench.text(p.sweepInterval()), listedBeforeExpiry);
      out.printf(Locale.ROOT, "  gone from soundSmiths() after lease end (upper bound): %s; unlisted %d/%d%n",
          unlistLag.millis(), victimsUnlisted, p.victims());
      out.printf(Locale.ROOT, "  soundSmiths() call with %d entries: %s%n", listedBeforeExpiry, listingCall.millis());
      out.printf(Locale.ROOT, "  departed(EXPIRED) told to a listener after lease end (upper bound): %s; told %d/%d%n",
          departureLag.millis(), victimsDeparted, p.victims());
      out.printf(Locale.ROOT, "  target gone within one sweep interval: listing %s, sweep+notice %s%n",
          victimsUnlisted == p.victims() && unlistLag.max() <= sweep ? "met" : "MISSED",
          victimsDeparted == p.victims() && departureLag.max() <= sweep ? "met" : "MISSED");
      out.printf(Locale.ROOT, "  beacon latency meanwhile (listing polls running): %s%n", expiryPhaseLatency.millis());
      out.printf(Locale.ROOT, "  others wrongly missing from a listing: %d; others wrongly departed: %d; arrivals told: %d%n",
          othersMissing, othersDeparted, arrivals);
    }
  }

  private enum Phase { WARMUP, MEASURED, EXPIRY }

  /**
   * Runs the benchmark and prints progress and figures to {@code out}.
   *
   * @throws Exception if the server cannot be started or reached
   */
  static Result run(Params p, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "directory benchmark: %d SoundSmiths beaconing every %s (lease %s), %d client threads, "
            + "%d exported stubs, server %s%n", p.soundSmiths(), Bench.text(p.period()), Bench.text(p.lease()),
        p.threads(), p.stubs(), p.inProcess() ? "in this JVM" : "in a child JVM");
    Machine.describe(out);
    Duration maxLease = p.lease().compareTo(DirectoryServer.DEFAULT_MAX_LEASE) > 0
        ? p.lease() : DirectoryServer.DEFAULT_MAX_LEASE;
    try (Target target = p.inProcess() ? Target.inProcess(p.sweepInterval(), maxLease)
        : Target.child(p.sweepInterval(), maxLease);
        RemoteExporter exporter = RemoteExporter.anyPort()) {
      MusicDirectory directory = RemoteLookup.directory(HostPort.of("127.0.0.1", target.port()));
      return new Run(p, directory, exporter, out).run();
    }
  }

  /** The directory server under test, here or in a child JVM. */
  private interface Target extends AutoCloseable {
    int port();

    @Override
    void close();

    static Target inProcess(Duration sweep, Duration maxLease) throws RemoteException {
      DirectoryServer server = DirectoryServer.builder().port(0).sweepInterval(sweep).maxLease(maxLease).build().start();
      return new Target() {
        @Override
        public int port() {
          return server.port();
        }

        @Override
        public void close() {
          server.close();
        }
      };
    }

    static Target child(Duration sweep, Duration maxLease) throws java.io.IOException {
      ServerProcess child = ServerProcess.start(List.of("-Xmx1g"), List.of("serve-directory",
          "--sweep-interval", sweep.toMillis() + "ms", "--max-lease", maxLease.toMillis() + "ms",
          "--lifetime", "20m"), Duration.ofSeconds(30));
      return new Target() {
        @Override
        public int port() {
          return child.port();
        }

        @Override
        public void close() {
          child.close();
        }
      };
    }
  }

  /** Records when departures reach a listener. */
  static final class DepartureRecorder implements DirectoryListener {
    final ConcurrentHashMap<SoundSmithId, Long> expiredAt = new ConcurrentHashMap<>();
    final AtomicLong arrivals = new AtomicLong();
    final AtomicLong cancelled = new AtomicLong();

    @Override
    public void arrived(org.jukebox.api.SoundSmithEntry entry) {
      arrivals.incrementAndGet();
    }

    @Override
    public void changed(org.jukebox.api.SoundSmithEntry entry) {}

    @Override
    public void departed(SoundSmithId id, DepartureReason reason) {
      if (reason == DepartureReason.EXPIRED) {
        expiredAt.putIfAbsent(id, System.nanoTime());
      } else {
        cancelled.incrementAndGet();
      }
    }
  }

  /** One run's state. */
  private static final class Run {
    private final Params p;
    private final MusicDirectory directory;
    private final RemoteExporter exporter;
    private final PrintStream out;
    private final int n;
    private final long periodNanos;
    private final Beacon[] beacons;
    private final SoundSmithId[] ids;
    private final boolean[] victim;
    private final AtomicLongArray lastSend;
    private final AtomicLong grantedNanos = new AtomicLong();
    private final Samples latency;
    private final Samples sinceScheduled;
    private final Samples expiryLatency;
    private final AtomicLong[] scheduled = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final AtomicLong[] done = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    Run(Params p, MusicDirectory directory, RemoteExporter exporter, PrintStream out) throws RemoteException {
      this.p = p;
      this.directory = directory;
      this.exporter = exporter;
      this.out = out;
      this.n = p.soundSmiths();
      this.periodNanos = p.period().toNanos();
      SoundSmith[] stubs = new SoundSmith[p.stubs()];
      for (int s = 0; s < stubs.length; s++) {
        stubs[s] = exporter.export(new IdleSoundSmith(new SoundSmithInfo(
            new SoundSmithId(String.format(Locale.ROOT, "bench-stub-%04d", s)), "bench stub " + s,
            SoundSmithInfo.KIND_MP3, 1, 0)));
      }
      beacons = new Beacon[n];
      ids = new SoundSmithId[n];
      victim = new boolean[n];
      for (int i = 0; i < n; i++) {
        ids[i] = new SoundSmithId(String.format(Locale.ROOT, "bench-soundsmith-%06d", i));
        beacons[i] = new Beacon(new SoundSmithInfo(ids[i], "Bench SoundSmith " + i, SoundSmithInfo.KIND_MP3,
            1 + i % 7, 100 + i % 5000), stubs[i % stubs.length]);
      }
      for (int v = 0; v < p.victims(); v++) {
        victim[(int) ((long) v * n / p.victims())] = true;
      }
      lastSend = new AtomicLongArray(n);
      int perPhase = (int) Math.min(Integer.MAX_VALUE - 8, (long) n * p.measuredPeriods() + 16);
      latency = new Samples(perPhase);
      sinceScheduled = new Samples(perPhase);
      expiryLatency = new Samples(Math.max(1, n * 4));
    }

    Result run() throws Exception {
      DepartureRecorder recorder = new DepartureRecorder();
      DirectoryListener listener = exporter.export(recorder);
      Duration watchLease = Duration.ofSeconds(30);
      Lease watch = directory.watch(listener, watchLease);
      ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(daemon("bench-watch-renew"));
      renewer.scheduleWithFixedDelay(() -> {
        try {
          directory.renew(watch.id(), watchLease);
        } catch (Exception e) {
          noteError("renewing the watch: " + e);
        }
      }, 10, 10, TimeUnit.SECONDS);

      int w = p.warmupPeriods();
      int m = p.measuredPeriods();
      Duration expiryBound = p.lease().plus(p.sweepInterval().multipliedBy(2)).plusSeconds(5);
      int expiryPeriods = (int) (expiryBound.toNanos() / periodNanos) + 2;
      ThreadPoolExecutor pool = new ThreadPoolExecutor(p.threads(), p.threads(), 0, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(Math.max(64, n)), daemon("bench-beacon-"));
      pool.prestartAllCoreThreads();
      long t0 = System.nanoTime() + 200_000_000L;
      long maxSlots = (long) n * (w + m + expiryPeriods);
      Thread dispatcher = new Thread(() -> dispatch(pool, t0, maxSlots, w, m), "bench-dispatcher");
      dispatcher.setDaemon(true);
      dispatcher.start();
      try {
        out.printf(Locale.ROOT, "warm-up %s, then measuring %s ...%n",
            Bench.text(p.period().multipliedBy(w)), Bench.text(p.period().multipliedBy(m)));
        long measuredEnd = t0 + (w + m) * periodNanos;
        sleepUntil(measuredEnd);
        awaitDone(Phase.MEASURED, System.nanoTime() + 30_000_000_000L);
        long measuredScheduled = scheduled[Phase.MEASURED.ordinal()].get();
        long measuredDone = done[Phase.MEASURED.ordinal()].get();
        double rate = latency.count() / (m * periodNanos / 1e9);

        out.println("measuring expiry ...");
        Expiry expiry = observeExpiry(recorder, measuredEnd, expiryBound);
        return new Result(p, measuredScheduled, measuredDone, errors.get(), rejected.get(), firstError.get(), rate,
            latency.summary(), sinceScheduled.summary(), expiryLatency.summary(), expiry.listedBefore,
            expiry.unlisted, expiry.unlistLag.summary(), expiry.listingCall.summary(), expiry.departed,
            expiry.departureLag.summary(), expiry.othersMissing, expiry.othersDeparted, recorder.arrivals.get());
      } finally {
        stop.set(true);
        renewer.shutdownNow();
        dispatcher.join(5_000);
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
          pool.shutdownNow();
        }
        try {
          directory.cancel(watch.id());
        } catch (Exception e) {
          // the directory may be gone already; the lease runs out anyway
        }
      }
    }

    private void dispatch(ThreadPoolExecutor pool, long t0, long maxSlots, int w, int m) {
      for (long j = 0; j < maxSlots && !stop.get(); j++) {
        long due = t0 + j * periodNanos / n;
        sleepUntil(due);
        int i = (int) (j % n);
        int k = (int) (j / n);
        Phase phase = k < w ? Phase.WARMUP : k < w + m ? Phase.MEASURED : Phase.EXPIRY;
        if (phase == Phase.EXPIRY && victim[i]) {
          continue;
        }
        scheduled[phase.ordinal()].incrementAndGet();
        try {
          pool.execute(() -> beacon(i, due, phase));
        } catch (RejectedExecutionException e) {
          rejected.incrementAndGet();
          done[phase.ordinal()].incrementAndGet();
        }
      }
    }

    private void beacon(int i, long due, Phase phase) {
      if (stop.get()) {
        done[phase.ordinal()].incrementAndGet();
        return;
      }
      long start = System.nanoTime();
      try {
        Lease lease = directory.beacon(beacons[i], p.lease());
        long end = System.nanoTime();
        lastSend.set(i, start);
        grantedNanos.set(lease.duration().toNanos());
        switch (phase) {
          case MEASURED -> {
            latency.add(end - start);
            sinceScheduled.add(end - due);
          }
          case EXPIRY -> expiryLatency.add(end - start);
          default -> { }
        }
      } catch (RemoteException | RuntimeException e) {
        noteError("beacon of " + ids[i] + ": " + e);
      } finally {
        done[phase.ordinal()].incrementAndGet();
      }
    }

    private void awaitDone(Phase phase, long deadline) {
      while (done[phase.ordinal()].get() < scheduled[phase.ordinal()].get() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(10_000_000L);
      }
    }

    private static final class Expiry {
      int listedBefore = -1;
      int unlisted;
      int departed;
      int othersMissing;
      int othersDeparted;
      Samples unlistLag;
      Samples departureLag;
      Samples listingCall = new Samples(100_000);
    }

    private Expiry observeExpiry(DepartureRecorder recorder, long expiryStart, Duration bound) {
      Expiry x = new Expiry();
      int victims = p.victims();
      x.unlistLag = new Samples(Math.max(1, victims));
      x.departureLag = new Samples(Math.max(1, victims));
      long granted = grantedNanos.get();
      long earliestEnd = Long.MAX_VALUE;
      long latestEnd = expiryStart;
      for (int i = 0; i < n; i++) {
        if (victim[i]) {
          long end = lastSend.get(i) + granted;
          earliestEnd = Math.min(earliestEnd, end);
          latestEnd = Math.max(latestEnd, end);
        }
      }
      // One listing as the phase begins: every SoundSmith should be there.
      x.listedBefore = listOnce(x, null);
      if (victims == 0) {
        return x;
      }
      long deadline = latestEnd + bound.toNanos();
      sleepUntil(earliestEnd - p.pollGap().toNanos());
      long[] unlistedAt = new long[n];
      while (System.nanoTime() < deadline && !stop.get()) {
        listOnce(x, unlistedAt);
        if (x.unlisted == victims && recorder.expiredAt.size() >= victims) {
          break;
        }
        LockSupport.parkNanos(p.pollGap().toNanos());
      }
      for (int i = 0; i < n; i++) {
        if (!victim[i]) {
          if (recorder.expiredAt.containsKey(ids[i])) {
            x.othersDeparted++;
          }
          continue;
        }
        long leaseEnd = lastSend.get(i) + granted;
        if (unlistedAt[i] != 0) {
          x.unlistLag.add(Math.max(0, unlistedAt[i] - leaseEnd));
        }
        Long told = recorder.expiredAt.get(ids[i]);
        if (told != null) {
          x.departed++;
          x.departureLag.add(Math.max(0, told - leaseEnd));
        }
      }
      return x;
    }

    /** Lists once; notes victims newly gone and non-victims missing. Returns the size listed. */
    private int listOnce(Expiry x, long[] unlistedAt) {
      long start = System.nanoTime();
      List<SoundSmithEntry> listed;
      try {
        listed = directory.soundSmiths();
      } catch (RemoteException | RuntimeException e) {
        noteError("soundSmiths(): " + e);
        return -1;
      }
      long end = System.nanoTime();
      x.listingCall.add(end - start);
      Set<SoundSmithId> present = new HashSet<>(listed.size() * 2);
      for (SoundSmithEntry e : listed) {
        present.add(e.id());
      }
      int missingOthers = 0;
      for (int i = 0; i < n; i++) {
        boolean here = present.contains(ids[i]);
        if (!victim[i]) {
          if (!here) {
            missingOthers++;
          }
        } else if (unlistedAt != null && !here && unlistedAt[i] == 0) {
          unlistedAt[i] = end;
          x.unlisted++;
        }
      }
      x.othersMissing = Math.max(x.othersMissing, missingOthers);
      return listed.size();
    }

    private void noteError(String message) {
      errors.incrementAndGet();
      firstError.compareAndSet(null, message);
    }
  }

  static void sleepUntil(long deadlineNanos) {
    long left;
    while ((left = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** {@code bench directory}: the load generator (and, unless {@code --in-process}, a child JVM for the server). */
  @Command(name = "directory", mixinStandardHelpOptions = true,
      description = "SoundSmiths beaconing a real DirectoryServer over RMI on loopback: beacon latency, expiry.")
  static final class Cli implements Callable<Integer> {
    @Option(names = "--soundsmiths", defaultValue = "10000", description = "simulated SoundSmiths (default ${DEFAULT-VALUE})")
    int soundSmiths;
    @Option(names = "--period", defaultValue = "10s", description = "beacon period of each SoundSmith (default ${DEFAULT-VALUE})")
    Duration period;
    @Option(names = "--warmup-periods", defaultValue = "1", description = "periods before measuring (default ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--measured-periods", defaultValue = "2", description = "periods measured (default ${DEFAULT-VALUE})")
    int measured;
    @Option(names = "--threads", defaultValue = "32", description = "client threads making beacon calls (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--stubs", defaultValue = "100", description = "exported SoundSmith stubs shared by the simulated ones (default ${DEFAULT-VALUE})")
    int stubs;
    @Option(names = "--victims", defaultValue = "100", description = "SoundSmiths that stop to measure expiry (default ${DEFAULT-VALUE})")
    int victims;
    @Option(names = "--sweep-interval", defaultValue = "1s", description = "the directory's sweep interval (default ${DEFAULT-VALUE})")
    Duration sweep;
    @Option(names = "--poll-gap", defaultValue = "100ms", description = "pause between soundSmiths() polls while watching expiry (default ${DEFAULT-VALUE})")
    Duration pollGap;
    @Option(names = "--in-process", description = "run the directory in this JVM instead of a child JVM")
    boolean inProcess;

    @Override
    public Integer call() throws Exception {
      Params params = new Params(soundSmiths, period, warmup, measured, threads, stubs, victims, sweep, pollGap, inProcess);
      Result r = run(params, System.out);
      r.print(System.out);
      return r.clean() ? 0 : 1;
    }
  }

  /** {@code bench serve-directory}: the server side, in the child JVM. */
  @Command(name = "serve-directory", hidden = true)
  static final class Serve implements Callable<Integer> {
    @Option(names = "--sweep-interval", defaultValue = "1s")
    Duration sweep;
    @Option(names = "--max-lease", defaultValue = "30s")
    Duration maxLease;
    @Option(names = "--lifetime", defaultValue = "20m")
    Duration lifetime;

    @Override
    public Integer call() throws Exception {
      try (DirectoryServer server = DirectoryServer.builder().port(0).sweepInterval(sweep).maxLease(maxLease).build()) {
        server.start();
        ServerProcess.serveUntilParentGoes(server.port(), lifetime);
      }
      return 0;
    }
  }
}
