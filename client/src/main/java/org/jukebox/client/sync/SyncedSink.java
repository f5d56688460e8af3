package org.jukebox.client.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.jukebox.client.AudioSink;
import org.jukebox.client.PcmFormat;

/**
 * An {@link AudioSink} that keeps what it passes on in step with a session: it wraps the real
 * sink, knows the position in the song of every frame it is given (from a {@link #cue}), and
 * before passing a buffer on compares that position with the {@link SyncController}'s target
 * for the instant the buffer will be heard.
 *
 * <p><b>The error.</b> When a buffer arrives at local time {@code t}, its first frame will be
 * heard at {@code t + B/rate + L}, where {@code B} is what the wrapped sink still holds
 * ({@link AudioSink#bufferedFrames()}; 0 for a sink that cannot tell, whose latency then belongs
 * in {@code L}) and {@code L} the configured output latency (Bluetooth speakers, slow cards).
 * The error is the frame's position minus the target at that instant: positive means ahead.
 * It is smoothed over about 16 buffers; each correction adjusts the smoothed value at once by
 * what it changed, so the filter adds no overshoot.
 *
 * <p><b>Corrections.</b>
 * <ul>
 *   <li>Right after a cue (a join, a seek, a new song), the sink lands exactly: it skips the
 *       frames that are already late (the player decodes faster than real time, so this costs
 *       only decoding) or plays silence until the first frame is due. A cue more than 10 s
 *       behind or 1 s ahead asks for a new seek instead.
 *   <li>Once aligned, an error beyond the dead band (40 µs, about two frames at 44.1 kHz) is
 *       slewed by dropping or repeating single frames, at most one per 10 ms of audio by default:
 *       a rate change of at most 1/441 = 0.23 % (3.9 cents, below the 5–6 cent pitch
 *       difference trained listeners can tell), slewing up to 2.27 ms per second. Each splice
 *       goes where the signal changes least within the next 32 frames, so it leaves no click.
 *       A sound card 100 ppm fast needs 4.4 corrections a second.
 *   <li>An error beyond the seek threshold (30 ms by default — about where copies of the music
 *       start to sound like an echo) asks the controller for a seek.
 * </ul>
 * Everything is O(1) per buffer (plus 32 frames per correction) and allocation-free; a drop or
 * a repeat is two writes of sub-ranges of the caller's array, never a copy.
 *
 * <p>Without a cue, or while the target is elsewhere (paused, another entry, a seek under way),
 * the sink passes everything through unchanged.
 *
 * <p>Used by the player thread only, like any sink, except {@link #cue}, {@link #stats()},
 * {@link #outputLatency(Duration)} and {@link #close()}, which may come from any thread.
 */
public final class SyncedSink implements AudioSink {
  private static final int SEARCH_FRAMES = 32;
  private static final int SILENCE_FRAMES = 1024;
  private static final double SMOOTHING = 1.0 / 16;
  private static final int MAX_ALIGN_STEPS = 100_000;

  /** A cue waiting for the next write. */
  private record Cue(long entry, long positionMicros) {}

  private final AudioSink delegate;
  private final SyncController controller;
  private final MicrosClock clock;
  private final long minCorrectionIntervalMicros;
  private final long deadbandMicros;
  private final long seekThresholdMicros;
  private final long maxPadMicros;
  private final long maxTrimMicros;
  private volatile long outputLatencyMicros;
  private volatile Cue pendingCue;

  // Player thread.
  private PcmFormat format;
  private int channels;
  private int rate;
  private double frameMicros;
  private long spacingFrames;
  private short[] silence = new short[0];
  private boolean cued;
  private long entry;
  private long cueMicros;
  private long framesSinceCue;
  private boolean aligned;
  private boolean alignChecked;
  private long paddedThisCue;
  private double filtered;
  private boolean primed;
  private long framesSinceCorrection;

  private volatile long framesDropped;
  private volatile long framesRepeated;
  private volatile long framesTrimmed;
  private volatile long framesPadded;
  private volatile long seeksAsked;
  private volatile long lastErrorMicros;
  private volatile boolean alignedNow;

  private SyncedSink(Builder b) {
    this.delegate = b.delegate;
    this.controller = b.controller;
    this.clock = b.controller.clock();
    this.minCorrectionIntervalMicros = micros(b.minCorrectionInterval);
    this.deadbandMicros = micros(b.deadband);
    this.seekThresholdMicros = micros(b.seekThreshold);
    this.maxPadMicros = micros(b.maxPad);
    this.maxTrimMicros = micros(b.maxTrim);
    this.outputLatencyMicros = micros(b.outputLatency);
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1_000;
  }

  /**
   * Starts building a sink that passes audio on to {@code delegate}, in step with
   * {@code controller}'s target.
   *
   * @throws NullPointerException if either is null
   */
  public static Builder wrap(AudioSink delegate, SyncController controller) {
    return new Builder(Objects.requireNonNull(delegate, "delegate"), Objects.requireNonNull(controller, "controller"));
  }

  /** The sink the audio goes to. */
  public AudioSink delegate() {
    return delegate;
  }

  /**
   * Says that the next frame written is at {@code positionMicros} of session entry
   * {@code entry}: call it when the player starts writing a stream (a start, a seek, the next
   * song), after its flush and before its first write, with the position the player really
   * landed on. It takes effect at the next write and tells the controller.
   *
   * @throws IllegalArgumentException if {@code entry} is not positive or the position negative
   */
  public void cue(long entry, long positionMicros) {
    if (entry <= 0) {
      throw new IllegalArgumentException("entry <= 0: " + entry);
    }
    if (positionMicros < 0) {
      throw new IllegalArgumentException("positionMicros < 0: " + positionMicros);
    }
    pendingCue = new Cue(entry, positionMicros);
    controller.cued(entry, positionMicros);
  }

  /** The output latency now honoured. */
  public Duration outputLatency() {
    return Duration.ofNanos(outputLatencyMicros * 1_000);
  }

  /**
   * Sets how long audio takes from leaving the wrapped sink to reaching the ear (beyond what
   * {@link AudioSink#bufferedFrames()} reports): the sink then plays that much earlier.
   *
   * @throws IllegalArgumentException if negative or over 5 s
   */
  public void outputLatency(Duration latency) {
    outputLatencyMicros = micros(checkLatency(latency));
  }

  static Duration checkLatency(Duration latency) {
    Objects.requireNonNull(latency, "outputLatency");
    if (latency.isNegative() || latency.compareTo(Duration.ofSeconds(5)) > 0) {
      throw new IllegalArgumentException("outputLatency not in 0..5s: " + latency);
    }
    return latency;
  }

  /** What the sink has done so far. */
  public SyncStats stats() {
    return new SyncStats(framesDropped, framesRepeated, framesTrimmed, framesPadded, seeksAsked, lastErrorMicros,
        alignedNow);
  }

  @Override
  public void open(PcmFormat format) throws IOException {
    delegate.open(format);
    if (this.format != null && cued) {
      // Keep the position across a change of rate.
      cueMicros += framesToMicros(framesSinceCue);
      framesSinceCue = 0;
    }
    this.format = format;
    channels = format.channels();
    rate = format.sampleRate();
    frameMicros = 1e6 / rate;
    spacingFrames = Math.max(1, minCorrectionIntervalMicros * rate / 1_000_000);
    if (silence.length < SILENCE_FRAMES * channels) {
      silence = new short[SILENCE_FRAMES * channels];
    }
  }

  @Override
  public void write(short[] samples, int offset, int length) {
    Cue c = pendingCue;
    if (c != null) {
      pendingCue = null;
      applyCue(c);
    }
    if (format == null || !cued) {
      delegate.write(samples, offset, length);
      return;
    }
    Objects.checkFromIndexSize(offset, length, samples.length);
    int frames = length / channels;
    int from = 0;
    if (!aligned) {
      from = align(samples, offset, frames);
      if (from < 0) {
        passThrough(samples, offset, -from - 1, frames);
        return;
      }
      if (from == frames) {
        return;
      }
    }
    if (aligned) {
      correct(samples, offset, from, frames);
    } else {
      passThrough(samples, offset, from, frames);
    }
  }

  private void applyCue(Cue c) {
    cued = true;
    entry = c.entry();
    cueMicros = c.positionMicros();
    framesSinceCue = 0;
    aligned = false;
    alignChecked = false;
    paddedThisCue = 0;
    primed = false;
    alignedNow = false;
  }

  /** Error of the next frame, in µs (positive: ahead), or NO_AIM. */
  private long error() {
    long now = clock.nowMicros();
    long heardAt = now + framesToMicros(delegate.bufferedFrames()) + outputLatencyMicros;
    long aim = controller.aimMicros(entry, heardAt);
    if (aim == SyncController.NO_AIM) {
      return SyncController.NO_AIM;
    }
    return cueMicros + framesToMicros(framesSinceCue) - aim;
  }

  /**
   * Lands on the target: skips late frames, plays silence while early. Returns the index of the
   * first frame left to write ({@code frames} if all were skipped), or {@code -(index + 1)} to
   * pass the rest through uncorrected (no target, or a seek asked for).
   */
  private int align(short[] s, int off, int frames) {
    int from = 0;
    for (int step = 0; step < MAX_ALIGN_STEPS; step++) {
      long e = error();
      if (e == SyncController.NO_AIM) {
        return -(from + 1);
      }
      if (!alignChecked) {
        alignChecked = true;
        if (e < -maxTrimMicros || e > maxPadMicros) {
          askSeek(e);
          return -(from + 1);
        }
      }
      long off2 = Math.round(e / frameMicros);
      if (off2 < 0) {
        int drop = (int) Math.min(frames - from, -off2);
        from += drop;
        framesSinceCue += drop;
        framesTrimmed += drop;
        if (from == frames) {
          return frames;
        }
      } else if (off2 > 0 && paddedThisCue * frameMicros <= maxPadMicros) {
        int pad = (int) Math.min(off2, SILENCE_FRAMES);
        delegate.write(silence, 0, pad * channels);
        paddedThisCue += pad;
        framesPadded += pad;
      } else {
        aligned = true;
        alignedNow = true;
        primed = false;
        framesSinceCorrection = spacingFrames;
        return from;
      }
    }
    // A sink that neither blocks nor reports its buffer: stop padding, let slewing take over.
    aligned = true;
    alignedNow = true;
    return from;
  }

  private void correct(short[] s, int off, int from, int frames) {
    long e = error();
    if (e == SyncController.NO_AIM) {
      passThrough(s, off, from, frames);
      return;
    }
    lastErrorMicros = e;
    filtered = primed ? filtered + SMOOTHING * (e - filtered) : e;
    primed = true;
    if (Math.abs(filtered) > seekThresholdMicros) {
      askSeek(Math.round(filtered));
      passThrough(s, off, from, frames);
      return;
    }
    int pos = from;
    int last = -1;
    long earliest = from + Math.max(0, spacingFrames - framesSinceCorrection);
    while (Math.abs(filtered) > deadbandMicros && earliest < frames - 1) {
      int k = smoothest(s, off, (int) earliest, (int) Math.min(frames - 2, earliest + SEARCH_FRAMES));
      if (filtered > 0) {
        // Ahead: frame k twice.
        delegate.write(s, off + pos * channels, (k + 1 - pos) * channels);
        pos = k;
        filtered -= frameMicros;
        framesRepeated++;
      } else {
        // Behind: leave frame k out.
        if (k > pos) {
          delegate.write(s, off + pos * channels, (k - pos) * channels);
        }
        pos = k + 1;
        filtered += frameMicros;
        framesDropped++;
      }
      last = k;
      earliest = k + spacingFrames;
    }
    if (pos < frames) {
      delegate.write(s, off + pos * channels, (frames - pos) * channels);
    }
    framesSinceCorrection = last < 0 ? framesSinceCorrection + frames - from : frames - 1 - last;
    framesSinceCue += frames - from;
  }

  /** The frame in [a, b] after which the signal changes least, summed over channels. */
  private int smoothest(short[] s, int off, int a, int b) {
    int best = a;
    long bestCost = Long.MAX_VALUE;
    for (int k = a; k <= b; k++) {
      int i = off + k * channels;
      long cost = 0;
      for (int c = 0; c < channels; c++) {
        cost += Math.abs(s[i + channels + c] - s[i + c]);
      }
      if (cost < bestCost) {
        bestCost = cost;
        best = k;
      }
    }
    return best;
  }

  private void passThrough(short[] s, int off, int from, int frames) {
    if (from < frames) {
      delegate.write(s, off + from * channels, (frames - from) * channels);
    }
    framesSinceCue += frames - from;
  }

  private void askSeek(long errorMicros) {
    seeksAsked++;
    aligned = false;
    alignedNow = false;
    primed = false;
    controller.seekNeeded(entry, String.format(java.util.Locale.ROOT, "%s by %.1f ms",
        errorMicros > 0 ? "ahead" : "behind", Math.abs(errorMicros) / 1000.0));
  }

  private long framesToMicros(long frames) {
    return frames * 1_000_000L / rate;
  }

  @Override
  public void pause() {
    delegate.pause();
  }

  @Override
  public void resume() {
    delegate.resume();
  }

  /** Discards what the wrapped sink buffers; the position is unknown until the next {@link #cue}. */
  @Override
  public void flush() {
    delegate.flush();
    cued = false;
    aligned = false;
    alignedNow = false;
  }

  @Override
  public void drain() {
    delegate.drain();
  }

  @Override
  public long bufferedFrames() {
    return delegate.bufferedFrames();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "SyncedSink[" + delegate + "]";
  }

  /** Configures a {@link SyncedSink}. Not thread-safe. */
  public static final class Builder {
    private final AudioSink delegate;
    private final SyncController controller;
    private Duration outputLatency = Duration.ZERO;
    private Duration minCorrectionInterval = Duration.ofMillis(10);
    private Duration deadband = Duration.ofNanos(40_000);
    private Duration seekThreshold = Duration.ofMillis(30);
    private Duration maxPad = Duration.ofSeconds(1);
    private Duration maxTrim = Duration.ofSeconds(10);

    private Builder(AudioSink delegate, SyncController controller) {
      this.delegate = delegate;
      this.controller = controller;
    }

    /**
     * The output latency to honour; default 0.
     *
     * @throws IllegalArgumentException if negative or over 5 s
     */
    public Builder outputLatency(Duration latency) {
      this.outputLatency = checkLatency(latency);
      return this;
    }

    /**
     * The least audio between two single-frame corrections; default 10 ms (at most 0.23 % speed
     * change).
     *
     * @throws IllegalArgumentException if under 1 ms
     */
    public Builder minCorrectionInterval(Duration interval) {
      Objects.requireNonNull(interval, "minCorrectionInterval");
      if (interval.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException("minCorrectionInterval < 1ms: " + interval);
      }
      this.minCorrectionInterval = interval;
      return this;
    }

    /**
     * Errors no larger than this are left alone; default 40 µs.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder deadband(Duration deadband) {
      Objects.requireNonNull(deadband, "deadband");
      if (deadband.isNegative()) {
        throw new IllegalArgumentException("deadband < 0: " + deadband);
      }
      this.deadband = deadband;
      return this;
    }

    /**
     * Errors larger than this ask for a seek instead of slewing; default 30 ms.
     *
     * @throws IllegalArgumentException if under 1 ms
     */
    public Builder seekThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "seekThreshold");
      if (threshold.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException("seekThreshold < 1ms: " + threshold);
      }
      this.seekThreshold = threshold;
      return this;
    }

    /** A new sink; it passes everything through until the first {@link SyncedSink#cue}. */
    public SyncedSink build() {
      return new SyncedSink(this);
    }
  }
}
