package org.jukebox.client.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jukebox.api.ClockReading;

/**
 * Estimates the session server's clock from this machine's, by NTP-style four-timestamp
 * exchanges, and keeps the estimate right between exchanges by tracking the drift of one clock
 * against the other.
 *
 * <p><b>The maths.</b> One sample brackets a {@link TimeSource#time()} call with local readings
 * {@code t0} (sent) and {@code t3} (received); the server answers {@code t1} (request arrived)
 * and {@code t2} (answer left). With θ the true offset (server − local) and {@code u}, {@code d}
 * the one-way delays up and down (both ≥ 0), NTP's estimate is
 * {@code ((t1 − t0) + (t2 − t3)) / 2 = θ + (u − d)/2} and the round trip
 * {@code δ = (t3 − t0) − (t2 − t1) = u + d}; keeping the sample of least δ bounds the error by
 * δ/2. This estimator gets more out of the same samples: each one says
 * {@code θ ≤ t1 − t0 = θ + u} and {@code θ ≥ t2 − t3 = θ − d}, so over many samples θ lies in
 * {@code [θ − min d, θ + min u]}, whose middle is off by {@code (min u − min d)/2} — and the
 * least up delay and the least down delay need not come from the same sample, so the band
 * narrows with every sample. Because the clocks drift, θ is a line {@code a + b·(t − t_ref)}:
 * the drift {@code b} is fitted over the last 48 refreshes (8 minutes) as the mean slope of the
 * two envelopes — the highest line under all upper bounds and the lowest line over all lower
 * bounds, each a small linear programme (Moon, Skelly and Towsley 1999) solved by ternary search
 * because its objective is concave in {@code b} — clamped to the drifts at which every sample
 * still fits. The offset {@code a} is the middle of the band of the last 12 refreshes at that
 * drift, and {@link ClockEstimate#uncertaintyMicros()} is half its width. When no drift fits
 * every sample (a clock was stepped or changed rate), the older half of the samples is
 * forgotten, repeatedly. Before the window spans {@link Builder#minDriftSpan} (20 s) the last
 * known drift (0 at first) is used.
 *
 * <p>With independent delays of 0–50 ms each way per message — harsher than most networks —
 * this stays within about 1 ms after four minutes (the tests check it); with steady delays and
 * a little jitter, within tens of microseconds. No two-way exchange can see a fixed
 * asymmetry between the up and down delays: a path that always takes {@code A} longer one way
 * shifts every estimate by {@code A/2}. The uncertainty still covers it.
 *
 * <p><b>Refreshes.</b> {@link #refresh()} takes one burst of samples now (16 by default; the
 * first burst twice as many); {@link #start()} refreshes at once, then every 2 s until the
 * window spans enough to fit the drift, then at 4, 8… s up to the refresh interval (10 s by
 * default), on the injected {@link SyncScheduler}. Each burst
 * is kept as two numbers (its least upper and greatest lower bound), so a fit costs
 * O(refreshes) per step of the search, about 50,000 operations every 10 s.
 *
 * <p>Thread-safe: reading the estimate ({@link #serverMicrosAt}, {@link #serverNowMicros}) is
 * lock-free and allocation-free; refreshes run one at a time.
 */
public final class ClockOffsetEstimator implements ServerClock, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClockOffsetEstimator.class.getName());
  /** Drift beyond this is not a crystal but a broken clock; the search stays inside it. */
  private static final double MAX_DRIFT = 1000e-6;
  private static final long FAST_START_MICROS = 1_000_000L;
  private static final long UNFITTED_SPAN_MICROS = 4_000_000L;

  private final TimeSource source;
  private final MicrosClock local;
  private final SyncScheduler scheduler;
  private final int samplesPerRefresh;
  private final long refreshIntervalMicros;
  private final long minDriftSpanMicros;
  private final int window;

  private final Object refreshLock = new Object();
  // One entry per refresh, a ring, guarded by refreshLock: the burst's least upper bound on the
  // offset (t1 - t0) with its t0, its greatest lower bound (t2 - t3) with its t3, and its least
  // round trip. Within a burst (well under a second) drift moves nothing, so these two samples
  // are all the fit can use of it.
  private final long[] sent;
  private final long[] received;
  private final long[] upper;
  private final long[] lower;
  private final long[] roundTrip;
  private int count;
  private int head;
  private double drift;
  private int refreshes;
  private boolean driftFitted;
  private long lastDelayMicros;

  private volatile ClockEstimate estimate;
  private final Object scheduleLock = new Object();
  private SyncScheduler.Cancellable scheduled;
  private boolean started;
  private boolean closed;

  private ClockOffsetEstimator(Builder b) {
    this.source = b.source;
    this.local = b.local;
    this.scheduler = b.scheduler;
    this.samplesPerRefresh = b.samplesPerRefresh;
    this.refreshIntervalMicros = b.refreshInterval.toNanos() / 1_000;
    this.minDriftSpanMicros = b.minDriftSpan.toNanos() / 1_000;
    this.window = b.window;
    int capacity = Math.max(b.window, b.driftWindow);
    sent = new long[capacity];
    received = new long[capacity];
    upper = new long[capacity];
    lower = new long[capacity];
    roundTrip = new long[capacity];
  }

  /**
   * Starts building an estimator that asks {@code source} for the server's clock and brackets
   * each call with readings of {@code local}.
   *
   * @throws NullPointerException if either is null
   */
  public static Builder builder(TimeSource source, MicrosClock local) {
    return new Builder(Objects.requireNonNull(source, "source"), Objects.requireNonNull(local, "local"));
  }

  /**
   * Takes one burst of samples now and updates the estimate; blocks for as many round trips.
   * Samples whose call fails are skipped.
   *
   * @return the new estimate
   * @throws IOException if every call of the burst failed (the estimate stays as it was)
   */
  public ClockEstimate refresh() throws IOException {
    synchronized (refreshLock) {
      int wanted = refreshes == 0 ? 2 * samplesPerRefresh : samplesPerRefresh;
      int taken = 0;
      IOException failure = null;
      long bestUp = Long.MAX_VALUE;
      long bestUpAt = 0;
      long bestDown = Long.MIN_VALUE;
      long bestDownAt = 0;
      long bestRtt = Long.MAX_VALUE;
      for (int i = 0; i < wanted; i++) {
        long t0 = local.nowMicros();
        ClockReading r;
        try {
          r = source.time();
        } catch (IOException e) {
          failure = e;
          continue;
        }
        long t3 = local.nowMicros();
        if (r == null || t3 < t0) {
          continue;
        }
        long up = r.receivedAtMicros() - t0;
        long down = r.sentAtMicros() - t3;
        if (up < bestUp) {
          bestUp = up;
          bestUpAt = t0;
        }
        if (down > bestDown) {
          bestDown = down;
          bestDownAt = t3;
        }
        bestRtt = Math.min(bestRtt, (t3 - t0) - (r.sentAtMicros() - r.receivedAtMicros()));
        taken++;
      }
      if (taken == 0) {
        throw new IOException("no clock sample from the session server in " + wanted + " tries"
            + (failure == null ? "" : ": " + failure.getMessage()), failure);
      }
      refreshes++;
      add(bestUpAt, bestDownAt, bestUp, bestDown, bestRtt);
      estimate = fit(taken);
      return estimate;
    }
  }

  /**
   * Refreshes on the scheduler from now on by itself: at once (unless a {@link #refresh()} already
   * gave an estimate — a client refreshes once itself before joining, so that it starts at the
   * right place), after 1 s, then every 2 s until the drift is fitted, then after 4, 8… s up to
   * the refresh interval. A refresh that fails is logged and tried again at the next turn.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    synchronized (scheduleLock) {
      if (closed) {
        throw new IllegalStateException("estimator is closed");
      }
      if (started) {
        throw new IllegalStateException("estimator already started");
      }
      started = true;
      scheduled = scheduler.schedule(this::scheduledRefresh, estimate == null ? 0 : nextDelayMicros());
    }
  }

  private void scheduledRefresh() {
    try {
      refresh();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "clock refresh failed; trying again later", e);
    }
    synchronized (scheduleLock) {
      if (!closed) {
        scheduled = scheduler.schedule(this::scheduledRefresh, nextDelayMicros());
      }
    }
  }

  /** The delay before the refresh after the current one: doubling from 1 s up to the interval. */
  long nextDelayMicros() {
    synchronized (refreshLock) {
      // Until the drift is known, every second of delay lets up to 100 µs of drift go
      // uncorrected: stay at 2 s. Then double up to the interval.
      long cap = driftFitted ? refreshIntervalMicros : Math.min(refreshIntervalMicros, 2 * FAST_START_MICROS);
      lastDelayMicros = lastDelayMicros == 0 ? FAST_START_MICROS : Math.min(cap, 2 * lastDelayMicros);
      return lastDelayMicros;
    }
  }

  /** The latest estimate, if any refresh succeeded. */
  public Optional<ClockEstimate> estimate() {
    return Optional.ofNullable(estimate);
  }

  /** Whether any refresh has succeeded yet. */
  public boolean hasEstimate() {
    return estimate != null;
  }

  @Override
  public long serverMicrosAt(long localMicros) {
    ClockEstimate e = estimate;
    return e == null ? UNKNOWN : e.serverMicrosAt(localMicros);
  }

  /**
   * The server's clock now, in microseconds.
   *
   * @throws IllegalStateException if no refresh has succeeded yet
   */
  public long serverNowMicros() {
    ClockEstimate e = estimate;
    if (e == null) {
      throw new IllegalStateException("no clock estimate yet");
    }
    return e.serverMicrosAt(local.nowMicros());
  }

  /** Stops refreshing; idempotent. The last estimate stays readable. */
  @Override
  public void close() {
    synchronized (scheduleLock) {
      closed = true;
      if (scheduled != null) {
        scheduled.cancel();
        scheduled = null;
      }
    }
  }

  // ------------------------------------------------------------------ the fit (under refreshLock)

  private void add(long t0, long t3, long up, long down, long rtt) {
    sent[head] = t0;
    received[head] = t3;
    upper[head] = up;
    lower[head] = down;
    roundTrip[head] = rtt;
    head = (head + 1) % sent.length;
    count = Math.min(count + 1, sent.length);
  }

  private int index(int i) {
    // i-th newest: 0 is the newest refresh
    return Math.floorMod(head - 1 - i, sent.length);
  }

  private ClockEstimate fit(int taken) {
    long ref = received[index(0)];
    double b = drift;
    while (count >= 2 && ref - sent[index(count - 1)] >= minDriftSpanMicros) {
      // Each side's envelope, fitted as a linear programme over the whole drift window: the
      // line under every upper bound that is highest at the samples' mean time, and the line
      // over every lower bound that is lowest there (Moon, Skelly and Towsley, "Estimation and
      // removal of clock skew from network delay measurements", 1999). Both have the drift as
      // slope; take their mean, kept within the drifts every sample allows.
      int n = count;
      double meanSent = 0;
      double meanReceived = 0;
      for (int i = 0; i < n; i++) {
        meanSent += sent[index(i)] - ref;
        meanReceived += received[index(i)] - ref;
      }
      double cs = meanSent / n;
      double cr = meanReceived / n;
      java.util.function.DoubleUnaryOperator band = x -> upperAt(x, ref, 0, n) - lowerAt(x, ref, 0, n);
      double widest = peak(band);
      if (band.applyAsDouble(widest) < 0) {
        // No drift fits every sample: a clock stepped or changed its rate. Forget the older half.
        LOG.fine(() -> "clock samples disagree over " + n + " refreshes; keeping the newest " + (n / 2));
        count = n / 2;
        continue;
      }
      double bu = argmax(x -> upperAt(x, ref, cs, n));
      double bl = argmax(x -> -lowerAt(x, ref, cr, n));
      double lo = edge(band, -MAX_DRIFT, widest, 0);
      double hi = edge(band, MAX_DRIFT, widest, 0);
      b = Math.max(lo, Math.min(hi, (bu + bl) / 2));
      drift = b;
      driftFitted = true;
      break;
    }
    // The offset from the newest refreshes only: an error in the drift costs less the nearer
    // the samples are. While the drift is unknown, only from the last few seconds' (100 ppm
    // unaccounted for over 4 s moves the middle of the band by 0.2 ms).
    int m = Math.min(count, window);
    if (!driftFitted) {
      int recent = 1;
      while (recent < m && ref - sent[index(recent)] <= UNFITTED_SPAN_MICROS) {
        recent++;
      }
      m = recent;
    }
    double up = upperAt(b, ref, 0, m);
    double down = lowerAt(b, ref, 0, m);
    if (up < down && m > 1) {
      LOG.fine(() -> "clock samples disagree at the known drift; keeping the newest refresh only");
      count = 1;
      m = 1;
      up = upperAt(b, ref, 0, 1);
      down = lowerAt(b, ref, 0, 1);
    }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < m; i++) {
      best = Math.min(best, roundTrip[index(i)]);
    }
    return new ClockEstimate(ref, Math.round((up + down) / 2), b * 1e6, (long) Math.floor((up - down) / 2), best,
        taken);
  }

  /** The least upper bound on the offset at {@code ref + at} from the newest {@code n} refreshes, if the drift is {@code b}. */
  private double upperAt(double b, long ref, double at, int n) {
    double m = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      int k = index(i);
      m = Math.min(m, upper[k] - b * (sent[k] - ref - at));
    }
    return m;
  }

  /** The greatest lower bound on the offset at {@code ref + at} from the newest {@code n} refreshes, if the drift is {@code b}. */
  private double lowerAt(double b, long ref, double at, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      int k = index(i);
      m = Math.max(m, lower[k] - b * (received[k] - ref - at));
    }
    return m;
  }

  /**
   * Where a concave function of the drift peaks, within ±1000 ppm: a ternary search, then the
   * middle of the plateau within a hundredth of a microsecond of the peak.
   */
  private static double argmax(java.util.function.DoubleUnaryOperator f) {
    double peak = peak(f);
    double level = f.applyAsDouble(peak) - 0.01;
    return (edge(f, -MAX_DRIFT, peak, level) + edge(f, MAX_DRIFT, peak, level)) / 2;
  }

  /** Where a concave function of the drift peaks, within ±1000 ppm (a ternary search). */
  private static double peak(java.util.function.DoubleUnaryOperator f) {
    double lo = -MAX_DRIFT;
    double hi = MAX_DRIFT;
    for (int i = 0; i < 80; i++) {
      double m1 = lo + (hi - lo) / 3;
      double m2 = hi - (hi - lo) / 3;
      if (f.applyAsDouble(m1) < f.applyAsDouble(m2)) {
        lo = m1;
      } else {
        hi = m2;
      }
    }
    return (lo + hi) / 2;
  }

  /** Bisects between {@code outside} and {@code inside} for where {@code f} rises to {@code level}. */
  private static double edge(java.util.function.DoubleUnaryOperator f, double outside, double inside, double level) {
    if (f.applyAsDouble(outside) >= level) {
      return outside;
    }
    for (int i = 0; i < 50; i++) {
      double mid = (outside + inside) / 2;
      if (f.applyAsDouble(mid) >= level) {
        inside = mid;
      } else {
        outside = mid;
      }
    }
    return inside;
  }

  @Override
  public String toString() {
    ClockEstimate e = estimate;
    return e == null ? "ClockOffsetEstimator[no estimate]"
        : "ClockOffsetEstimator[offset " + e.offsetMicros() + " µs ± " + e.uncertaintyMicros() + ", drift "
            + String.format(java.util.Locale.ROOT, "%.2f", e.driftPpm()) + " ppm]";
  }

  /** Configures a {@link ClockOffsetEstimator}. Not thread-safe. */
  public static final class Builder {
    private final TimeSource source;
    private final MicrosClock local;
    private SyncScheduler scheduler;
    private int samplesPerRefresh = 16;
    private int window = 12;
    private int driftWindow = 48;
    private Duration refreshInterval = Duration.ofSeconds(10);
    private Duration minDriftSpan = Duration.ofSeconds(20);

    private Builder(TimeSource source, MicrosClock local) {
      this.source = source;
      this.local = local;
    }

    /** Where {@link #start()} schedules refreshes; required only for {@code start()}. */
    public Builder scheduler(SyncScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Samples per refresh (the first refresh takes twice as many); default 16.
     *
     * @throws IllegalArgumentException if not in 1..64
     */
    public Builder samplesPerRefresh(int n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("samplesPerRefresh not in 1..64: " + n);
      }
      this.samplesPerRefresh = n;
      return this;
    }

    /**
     * How many refreshes the offset rests on; default 12.
     *
     * @throws IllegalArgumentException if not in 1..256
     */
    public Builder window(int refreshes) {
      if (refreshes < 1 || refreshes > 256) {
        throw new IllegalArgumentException("window not in 1..256: " + refreshes);
      }
      this.window = refreshes;
      return this;
    }

    /**
     * How many refreshes the drift is fitted over; default 48 (8 minutes at the default
     * interval). Longer fits drift more precisely, as long as it holds still.
     *
     * @throws IllegalArgumentException if not in 2..1024
     */
    public Builder driftWindow(int refreshes) {
      if (refreshes < 2 || refreshes > 1024) {
        throw new IllegalArgumentException("driftWindow not in 2..1024: " + refreshes);
      }
      this.driftWindow = refreshes;
      return this;
    }

    /**
     * The steady time between refreshes; default 10 s.
     *
     * @throws IllegalArgumentException if less than 1 s
     */
    public Builder refreshInterval(Duration interval) {
      Objects.requireNonNull(interval, "refreshInterval");
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("refreshInterval < 1s: " + interval);
      }
      this.refreshInterval = interval;
      return this;
    }

    /**
     * How long the window must span before drift is fitted; default 20 s.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder minDriftSpan(Duration span) {
      Objects.requireNonNull(span, "minDriftSpan");
      if (span.isNegative()) {
        throw new IllegalArgumentException("minDriftSpan < 0: " + span);
      }
      this.minDriftSpan = span;
      return this;
    }

    /** A new estimator with no estimate yet; call {@link #refresh()} or {@link #start()}. */
    public ClockOffsetEstimator build() {
      if (scheduler == null) {
        scheduler = (task, delay) -> {
          throw new IllegalStateException("no scheduler: set one with ClockOffsetEstimator.Builder.scheduler");
        };
      }
      return new ClockOffsetEstimator(this);
    }
  }
}
