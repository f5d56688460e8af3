package org.jukebox.bench.sync;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Callable;
import org.jukebox.client.sync.SyncScheduler;
import org.jukebox.client.sync.SyncStats;
import org.jukebox.client.sync.SyncTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code sync} benchmark (issue 6, "How well"): many listener cores — the real
 * {@code ClockOffsetEstimator}, {@code SyncController} and {@code SyncedSink} of the client —
 * against a simulated session server, each listener with its own injected clock offset
 * (±2 s), clock drift and sound-card drift (±100 ppm) and network delay (a base of 0–50 ms
 * plus jitter), all on simulated time so that 1,000 listeners and minutes of audio run in
 * seconds on one core. Every listener's sound card records which song position each frame it
 * plays came from, so the error is measured where it is heard: at the sink, against the host
 * (listener 0, a core like the others) and against the server's timeline, from two seconds after
 * the listener got the session's state and after every control on.
 *
 * <p>The host plays song 1, seeks to 100 s at 30 s, its song ends at 50 s and its client sends
 * "next" once it has heard the end; it pauses at 80 s and plays again at 85 s. Listeners join
 * between 0.5 and 5 s. A second run without the sync engine (players write straight to the
 * same simulated cards) gives the baseline CPU; the difference per listener per second of
 * audio is the cost of staying in sync.
 */
public final class SyncBench {
  private SyncBench() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static long cpuNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** What to simulate. */
  record Params(List<Integer> sessions, Duration audio, Duration maxOffset, double maxDriftPpm, Duration maxDelay,
      Duration jitter, boolean harsh, Duration settle, long seed) {
    Params {
      if (sessions.isEmpty()) {
        throw new IllegalArgumentException("no session sizes");
      }
      for (int n : sessions) {
        if (n < 1 || n > 100_000) {
          throw new IllegalArgumentException("listeners not in 1..100000: " + n);
        }
      }
      if (audio.compareTo(Duration.ofSeconds(5)) < 0) {
        throw new IllegalArgumentException("audio < 5s: " + audio);
      }
      if (maxDriftPpm < 0 || maxDriftPpm > 500) {
        throw new IllegalArgumentException("max drift not in 0..500 ppm: " + maxDriftPpm);
      }
    }
  }

  /** Error distribution in µs, 1 µs buckets up to 1 s. */
  static final class Histogram {
    private final long[] counts = new long[1_000_001];
    long n;
    double max;

    void add(double absMicros) {
      n++;
      max = Math.max(max, absMicros);
      counts[(int) Math.min(counts.length - 1, Math.round(absMicros))]++;
    }

    double quantile(double q) {
      if (n == 0) {
        return Double.NaN;
      }
      long want = (long) Math.ceil(q * n);
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= want) {
          return i;
        }
      }
      return max;
    }

    String describe() {
      return String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (%,d samples)",
          quantile(0.5) / 1e3, quantile(0.99) / 1e3, quantile(0.999) / 1e3, max / 1e3, n);
    }
  }

  /** One simulated session: the server's timeline, the listeners and the event loop. */
  static final class Sim {
    private static final long SONG_1_FRAMES = 120L * 44_100;
    private static final long OTHER_SONG_FRAMES = 600L * 44_100;

    final Params params;
    final long start = 1_764_000_000_000_000L;
    final long end;
    final boolean synced;
    final List<SimListener> listeners = new ArrayList<>();
    private final PriorityQueue<SimListener> steps = new PriorityQueue<>((a, b) -> Long.compare(a.now, b.now));
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long order;
    private long seq;
    SyncTarget target;
    private long changedAt;
    private final double[] hostError;
    final Histogram vsHost = new Histogram();
    final Histogram vsServer = new Histogram();
    long silentSamples;
    final List<Long> joinToReady = new ArrayList<>();

    private record Event(long time, long order, SimListener listener, Runnable action) implements Comparable<Event> {
      @Override
      public int compareTo(Event o) {
        int c = Long.compare(time, o.time);
        return c != 0 ? c : Long.compare(order, o.order);
      }
    }

    Sim(Params params, int size, boolean synced) {
      this.params = params;
      this.synced = synced;
      this.end = start + params.audio().toNanos() / 1_000;
      this.hostError = new double[(int) ((end - start) / 1_000) + 2];
      java.util.Arrays.fill(hostError, Double.NaN);
      Random random = new Random(params.seed() * 1_000_003L + size);
      target = SyncTarget.playing(1, 0, start);
      changedAt = start;
      for (int i = 0; i < size; i++) {
        long joinAt = i == 0 ? start : start + 500_000 + (long) (random.nextDouble() * 4_500_000);
        SimListener l = new SimListener(i, this, new Random(random.nextLong()), joinAt, synced);
        listeners.add(l);
        at(joinAt, l, () -> join(l));
      }
      SimListener host = listeners.get(0);
      hostAction(30_000_000, host, () -> change(SyncTarget.playing(target.entry(), 100_000_000, now)));
      hostAction(80_000_000, host, () -> change(SyncTarget.paused(target.entry(), target.positionAt(now), now)));
      hostAction(85_000_000, host, () -> change(SyncTarget.playing(target.entry(), target.positionMicros(), now)));
    }

    private long now;

    long songFrames(long entry) {
      return entry == 1 ? SONG_1_FRAMES : OTHER_SONG_FRAMES;
    }

    private void at(long time, SimListener l, Runnable action) {
      events.add(new Event(time, order++, l, action));
    }

    SyncScheduler.Cancellable task(SimListener l, long time, Runnable task) {
      boolean[] cancelled = {false};
      at(time, l, () -> {
        if (!cancelled[0]) {
          l.runTask(now, task);
        }
      });
      return () -> cancelled[0] = true;
    }

    /** The host acts at {@code offsetMicros} into the session; the server applies it on arrival. */
    private void hostAction(long offsetMicros, SimListener host, Runnable change) {
      long sent = start + offsetMicros;
      at(sent + host.delay(), null, change);
    }

    /** The host heard the end of {@code entry} at {@code heardAt}; its "next" reaches the server later. */
    void hostNext(long entry, long heardAt) {
      SimListener host = listeners.get(0);
      at(heardAt + host.delay(), null, () -> {
        if (target.entry() == entry) {
          change(SyncTarget.playing(entry + 1, 0, now));
        }
      });
    }

    private void change(SyncTarget t) {
      target = t;
      changedAt = now;
      seq++;
      long s = seq;
      for (SimListener l : listeners) {
        if (l.joined) {
          at(now + l.delay(), l, () -> l.deliver(s, t));
        }
      }
    }

    private void join(SimListener l) {
      long ready = l.join(now);
      long s = seq;
      SyncTarget t = target;
      at(ready, l, () -> {
        l.readyAt = now;
        joinToReady.add(now - l.joinAt);
        l.deliver(s, t);
      });
      l.now = now;
      steps.add(l);
    }

    /** Runs the session to its end; returns the CPU time it took. */
    long run() {
      long cpu = cpuNanos();
      while (true) {
        Event e = events.peek();
        SimListener l = steps.peek();
        long te = e == null ? Long.MAX_VALUE : e.time();
        long tl = l == null ? Long.MAX_VALUE : l.now;
        long t = Math.min(te, tl);
        if (t >= end) {
          break;
        }
        now = t;
        if (te <= tl) {
          events.poll();
          e.action().run();
        } else {
          steps.poll();
          l.step();
          measure(l);
          steps.add(l);
        }
      }
      return cpuNanos() - cpu;
    }

    private void measure(SimListener l) {
      long t = l.now;
      if (l.readyAt == 0 || t < Math.max(l.readyAt, changedAt) + params.settle().toNanos() / 1_000
          || !target.playing() || t >= end
          || target.positionAt(t) >= songFrames(target.entry()) * 1_000_000 / SimListener.FORMAT.sampleRate() - 1_000) {
        // Before settling, while paused, and between the end of a song and the host's next
        // (everyone waits then, in silence) there is nothing to compare.
        return;
      }
      double heard = l.heardMicros();
      if (Double.isNaN(heard) || l.entry != target.entry() && l.synced) {
        silentSamples++;
        return;
      }
      double err = heard - target.positionAt(t);
      vsServer.add(Math.abs(err));
      int bucket = (int) ((t - start) / 1_000);
      if (l.id == 0) {
        hostError[bucket] = err;
        return;
      }
      for (int b = bucket; b >= 0 && b > bucket - 60; b--) {
        if (!Double.isNaN(hostError[b])) {
          vsHost.add(Math.abs(err - hostError[b]));
          return;
        }
      }
    }
  }

  /** What one session size gave. */
  record Result(int listeners, Sim synced, long syncedCpu, long baselineCpu, double audioSeconds) {
    double costNanosPerAudioSecond() {
      return (syncedCpu - baselineCpu) / (double) listeners / audioSeconds;
    }

    void print(PrintStream out) {
      Sim s = synced;
      long drops = 0;
      long repeats = 0;
      long trimmed = 0;
      long padded = 0;
      long seeks = 0;
      long refreshes = 0;
      long refreshCpu = 0;
      for (SimListener l : s.listeners) {
        SyncStats st = l.sink.stats();
        drops += st.framesDropped();
        repeats += st.framesRepeated();
        trimmed += st.framesTrimmed();
        padded += st.framesPadded();
        seeks += l.controller.seeks();
        refreshes += l.refreshes;
        refreshCpu += l.refreshCpuNanos;
      }
      out.printf(Locale.ROOT, "%n== %,d listeners in one session, %.0f s of audio%n", listeners, audioSeconds);
      out.println("error vs host   (at the sink): " + s.vsHost.describe());
      out.println("error vs server (at the sink): " + s.vsServer.describe());
      out.printf(Locale.ROOT, "silent or wrong-song samples after settling: %,d%n", s.silentSamples);
      List<Long> joins = new ArrayList<>(s.joinToReady);
      java.util.Collections.sort(joins);
      out.printf(Locale.ROOT, "join to state (first clock burst of 32 exchanges + join round trip): p50 %.0f ms, p99 %.0f ms,"
              + " max %.0f ms%n", joins.get(joins.size() / 2) / 1e3, joins.get((int) Math.min(joins.size() - 1,
              Math.ceil(joins.size() * 0.99) - 1)) / 1e3, joins.get(joins.size() - 1) / 1e3);
      out.printf(Locale.ROOT, "per listener: %.1f seeks, %.1f frames dropped, %.1f repeated, %.0f trimmed, %.0f padded,"
              + " %.1f clock refreshes%n", seeks / (double) listeners, drops / (double) listeners,
          repeats / (double) listeners, trimmed / (double) listeners, padded / (double) listeners,
          refreshes / (double) listeners);
      double cost = costNanosPerAudioSecond();
      out.printf(Locale.ROOT, "cpu: synced run %.2f s, baseline run (same players and cards, no sync) %.2f s%n",
          syncedCpu / 1e9, baselineCpu / 1e9);
      out.printf(Locale.ROOT, "cpu to stay in sync: %,.0f ns per listener per second of audio = %.4f%% of a core"
              + " (of which clock refreshes %,.0f ns, incl. the simulated server)%n",
          cost, cost / 1e7, refreshCpu / (double) listeners / audioSeconds);
    }
  }

  static Result run(Params p, int listeners) {
    double audioSeconds = p.audio().toNanos() / 1e9;
    Sim baseline = new Sim(p, listeners, false);
    long baselineCpu = baseline.run();
    Sim synced = new Sim(p, listeners, true);
    long syncedCpu = synced.run();
    // Once more each, now that the JIT has compiled both: the figures are the second runs'.
    baseline = new Sim(p, listeners, false);
    baselineCpu = baseline.run();
    synced = new Sim(p, listeners, true);
    syncedCpu = synced.run();
    return new Result(listeners, synced, syncedCpu, baselineCpu, audioSeconds);
  }

  /** {@code bench sync}. */
  @Command(name = "sync", mixinStandardHelpOptions = true,
      description = "Session sync: playback error at the sink vs the host, and CPU to stay in sync, for simulated"
          + " listener cores with injected clock offsets, drift and network delays.")
  public static final class Cli implements Callable<Integer> {
    @Option(names = "--listeners", split = ",", defaultValue = "10,1000",
        description = "session sizes to run, one after another (default ${DEFAULT-VALUE})")
    List<Integer> sessions;
    @Option(names = "--audio", defaultValue = "120s", description = "audio per run (default ${DEFAULT-VALUE})")
    Duration audio;
    @Option(names = "--max-offset", defaultValue = "2s", description = "clock offsets drawn from ± this (default ${DEFAULT-VALUE})")
    Duration maxOffset;
    @Option(names = "--max-drift-ppm", defaultValue = "100",
        description = "clock and sound-card drift drawn from ± this, ppm (default ${DEFAULT-VALUE})")
    double maxDriftPpm;
    @Option(names = "--max-delay", defaultValue = "50ms",
        description = "each listener's one-way base delay drawn from 0..this (default ${DEFAULT-VALUE})")
    Duration maxDelay;
    @Option(names = "--jitter", defaultValue = "1ms",
        description = "mean of the exponential jitter added to every message, each way (default ${DEFAULT-VALUE})")
    Duration jitter;
    @Option(names = "--harsh", description = "instead: every message's delay drawn from 0..max-delay, each way on its own")
    boolean harsh;
    @Option(names = "--settle", defaultValue = "2s", description = "measure from this long after a join or a control (default ${DEFAULT-VALUE})")
    Duration settle;
    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
      Params p = new Params(sessions, audio, maxOffset, maxDriftPpm, maxDelay, jitter, harsh, settle, seed);
      PrintStream out = System.out;
      org.jukebox.bench.Machine.describe(out);
      out.printf(Locale.ROOT, "params:      listeners %s, audio %d ms, clock offsets ±%d ms, drift ±%.0f ppm (clock and card),"
              + " network %s, settle %d ms, seed %d%n", sessions, audio.toMillis(), maxOffset.toMillis(), maxDriftPpm,
          harsh ? "every message 0.." + maxDelay.toMillis() + " ms each way"
              : "base 0.." + maxDelay.toMillis() + " ms + exp(mean " + jitter.toNanos() / 1e6 + " ms) jitter each way",
          settle.toMillis(), seed);
      for (int n : sessions) {
        run(p, n).print(out);
      }
      return 0;
    }
  }
}
