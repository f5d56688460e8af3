package org.jukebox.bench.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Random;
import org.jukebox.api.ClockReading;
import org.jukebox.client.PcmFormat;
import org.jukebox.client.sync.ClockOffsetEstimator;
import org.jukebox.client.sync.MicrosClock;
import org.jukebox.client.sync.SyncController;
import org.jukebox.client.sync.SyncDecision;
import org.jukebox.client.sync.SyncScheduler;
import org.jukebox.client.sync.SyncTarget;
import org.jukebox.client.sync.SyncedSink;

/**
 * One simulated listener core: the real {@link ClockOffsetEstimator}, {@link SyncController}
 * and {@link SyncedSink}, over a simulated clock (its own offset and drift), network (its own
 * base delay plus jitter) and sound card (its own crystal), with a stand-in for the player that
 * "decodes" 1152-frame buffers and carries out the controller's decisions between buffers, as
 * the real player runs commands between frames.
 *
 * <p>Each listener is a sequential process on its own time {@link #now}: a write into a full
 * card moves it on. Clock refreshes run "aside" (a real client runs them on another thread):
 * the clock sees their round trips, the audio does not.
 */
final class SimListener implements SyncDecision.Listener {
  static final PcmFormat FORMAT = new PcmFormat(44_100, 2);
  static final int BUFFER = 1152;

  final int id;
  final SyncBench.Sim sim;
  final Random random;
  final long clockOffsetMicros;
  final double clockPpm;
  final long baseDelayMicros;
  final long joinAt;
  final boolean synced;

  /** This listener's true time, µs. */
  long now;
  long aside;
  boolean inTask;
  private final long origin;

  final SimDevice device;
  final ClockOffsetEstimator estimator;
  final SyncController controller;
  final SyncedSink sink;
  private final short[] buf = new short[BUFFER * 2];
  private final ArrayDeque<SyncDecision> queued = new ArrayDeque<>();

  boolean joined;
  long readyAt;
  long lastSeq = -1;
  long entry;
  long next;
  boolean playing;
  long refreshCpuNanos;
  long refreshes;

  SimListener(int id, SyncBench.Sim sim, Random random, long joinAt, boolean synced) {
    this.id = id;
    this.sim = sim;
    this.random = random;
    this.synced = synced;
    SyncBench.Params p = sim.params;
    this.clockOffsetMicros = (long) ((random.nextDouble() * 2 - 1) * p.maxOffset().toNanos() / 1_000);
    this.clockPpm = (random.nextDouble() * 2 - 1) * p.maxDriftPpm();
    this.baseDelayMicros = (long) (random.nextDouble() * p.maxDelay().toNanos() / 1_000);
    double cardPpm = (random.nextDouble() * 2 - 1) * p.maxDriftPpm();
    this.joinAt = joinAt;
    this.now = joinAt;
    this.origin = sim.start;
    this.device = new SimDevice(this, FORMAT.sampleRate(), cardPpm, FORMAT.sampleRate() / 5);
    MicrosClock local = () -> {
      long t = now + aside;
      return t + clockOffsetMicros + Math.round((t - origin) * clockPpm * 1e-6);
    };
    if (synced) {
      estimator = ClockOffsetEstimator.builder(this::time, local).scheduler(this::schedule).build();
      controller = SyncController.builder(estimator, local, this).build();
      sink = SyncedSink.wrap(device, controller).build();
    } else {
      estimator = null;
      controller = null;
      sink = null;
    }
    device.open(FORMAT);
    if (sink != null) {
      try {
        sink.open(FORMAT);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One network delay: the base, plus exponential jitter, or under the harsh model anything up to the max. */
  long delay() {
    SyncBench.Params p = sim.params;
    if (p.harsh()) {
      return (long) (random.nextDouble() * p.maxDelay().toNanos() / 1_000);
    }
    long jitterMean = p.jitter().toNanos() / 1_000;
    return baseDelayMicros + (jitterMean == 0 ? 0 : (long) (-Math.log(1 - random.nextDouble()) * jitterMean));
  }

  /** The simulated {@code SessionServer.time()}: the server's clock is true time. */
  private ClockReading time() {
    long t = now + aside;
    t += delay();
    long received = t;
    t += 20;
    long sent = t;
    t += delay();
    if (inTask) {
      aside = t - now;
    } else {
      now = t;
    }
    return new ClockReading(received, sent);
  }

  private SyncScheduler.Cancellable schedule(Runnable task, long delayMicros) {
    return sim.task(this, now + aside + delayMicros, task);
  }

  /** Runs a clock refresh (or another task) at true time {@code at}, on the side. */
  void runTask(long at, Runnable task) {
    long saved = now;
    now = at;
    inTask = true;
    long cpu = SyncBench.cpuNanos();
    try {
      task.run();
    } finally {
      refreshCpuNanos += SyncBench.cpuNanos() - cpu;
      refreshes++;
      inTask = false;
      aside = 0;
      now = Math.max(saved, at);
    }
  }

  /** Joins at true time {@code at}: a first refresh, then the session's state; returns when that state arrives. */
  long join(long at) {
    joined = true;
    if (!synced) {
      return at;
    }
    long[] took = {0};
    runTask(at, () -> {
      try {
        estimator.refresh();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      took[0] = aside;
    });
    estimator.start();
    return at + took[0] + delay() + delay();
  }

  /** A session state arrives. */
  void deliver(long seq, SyncTarget target) {
    if (seq <= lastSeq) {
      return;
    }
    lastSeq = seq;
    if (synced) {
      controller.update(target);
    } else if (!playing && target.playing()) {
      // The baseline: no sync engine; start at the state's position and never correct.
      entry = target.entry();
      next = Math.max(0, target.positionAt(now)) * FORMAT.sampleRate() / 1_000_000;
      playing = true;
    }
  }

  @Override
  public void decided(SyncDecision d) {
    queued.add(d);
  }

  /** One step of the player thread: run queued decisions, then write a buffer or idle 5 ms. */
  void step() {
    for (SyncDecision d; (d = queued.poll()) != null; ) {
      apply(d);
    }
    if (!playing) {
      now += 5_000;
      return;
    }
    long end = sim.songFrames(entry);
    int n = (int) Math.min(BUFFER, end - next);
    for (int i = 0; i < n; i++) {
      SimDevice.encode(buf, i, next + i);
    }
    if (synced) {
      sink.write(buf, 0, n * 2);
    } else {
      device.write(buf, 0, n * 2);
    }
    next += n;
    if (next >= end) {
      playing = false;
      if (synced) {
        controller.ended(entry);
      }
    }
  }

  private void apply(SyncDecision d) {
    if (d instanceof SyncDecision.Seek s) {
      sink.flush();
      sink.resume();
      // Reopening a stream at an offset: 20-80 ms; an MP3 seek lands on a frame boundary up to
      // 26 ms early, and the player reports where it landed.
      now += 20_000 + random.nextInt(60_000);
      long landed = Math.max(0, s.positionMicros() - random.nextInt(26_000));
      entry = s.entry();
      next = landed * FORMAT.sampleRate() / 1_000_000;
      sink.cue(entry, FORMAT.framesToNanos(next) / 1_000);
      playing = true;
    } else if (d instanceof SyncDecision.Pause) {
      sink.pause();
      playing = false;
    } else if (d instanceof SyncDecision.Stop) {
      sink.flush();
      playing = false;
    } else if (d instanceof SyncDecision.WaitForNext w) {
      playing = false;
      if (id == 0) {
        // The host's client sends "next" once its own copy has been heard to the end.
        sim.hostNext(w.entry(), now + device.bufferedFrames() * 1_000_000L / FORMAT.sampleRate());
      }
    } else {
      playing = false;
    }
  }

  /** The song position heard now, µs (NaN in silence). */
  double heardMicros() {
    return device.heardMicros(FORMAT.sampleRate());
  }
}
