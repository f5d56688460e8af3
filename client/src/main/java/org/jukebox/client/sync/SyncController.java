package org.jukebox.client.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * Decides what a listener's player must do to follow a session: it compares the session's
 * {@link SyncTarget} with what the player has open and emits {@link SyncDecision}s (seek, pause,
 * resume, wait for play, wait for the host's next, stop). The fine, continuous part — comparing
 * the audio position at the sink with the target and correcting it — is the
 * {@link SyncedSink}'s; it asks the controller for the target ({@link #aimMicros}) and for a
 * seek when the error is too large to slew ({@link #seekNeeded}).
 *
 * <p>The rules (issue 6, item 4; ClouDJ §3.2):
 * <ul>
 *   <li>a playing target on an entry the player does not have open — joining mid-song, the
 *       host's next, a listener behind the host — asks for a {@link SyncDecision.Seek} to it at
 *       the target position less the seek margin (100 ms by default; the sink drops the
 *       surplus frames exactly);
 *   <li>a paused target: pause what plays, or, with nothing open, {@link SyncDecision.WaitForPlay};
 *       playing again is a seek to the target (a plain resume would lag by the play message's
 *       delay);
 *   <li>the player reached the end of the entry the target still plays (it is ahead of the
 *       host): {@link SyncDecision.WaitForNext}, until the target changes;
 *   <li>a seek that has not been {@linkplain #cued cued} within the seek timeout (3 s) is asked
 *       again on the next {@link #tick()} or write;
 *   <li>a target with no entry: {@link SyncDecision.Stop}.
 * </ul>
 * A decision is emitted once, when it becomes due, not again while it holds. With no clock
 * estimate yet a playing target decides nothing; call {@link #tick()} once there is one.
 *
 * <p>Thread-safe: updates come from the session's callback thread, cues and writes from the
 * player's thread. Decisions are delivered outside the controller's lock.
 */
public final class SyncController {
  /** What {@link #aimMicros} returns when the sink has nothing to aim at. */
  public static final long NO_AIM = Long.MIN_VALUE;

  private enum Phase { IDLE, SEEKING, PLAYING, PAUSED, WAITING_PLAY, WAITING_NEXT, STOPPED }

  private final ServerClock server;
  private final MicrosClock local;
  private final SyncDecision.Listener listener;
  private final long seekMarginMicros;
  private final long seekTimeoutMicros;

  private volatile SyncTarget target;
  private volatile boolean seeking;

  // Guarded by this.
  private Phase phase = Phase.IDLE;
  private long localEntry = SyncTarget.NO_ENTRY;
  private boolean localEnded;
  private SyncTarget endedUnder;
  private SyncTarget seekFor;
  private long waitingFor = SyncTarget.NO_ENTRY;
  private long seekAt;
  private long seeks;

  private SyncController(Builder b) {
    this.server = b.server;
    this.local = b.local;
    this.listener = b.listener;
    this.seekMarginMicros = b.seekMargin.toNanos() / 1_000;
    this.seekTimeoutMicros = b.seekTimeout.toNanos() / 1_000;
  }

  /**
   * Starts building a controller that reads the server's clock through {@code server} (a
   * {@link ClockOffsetEstimator}), the local one through {@code local}, and tells
   * {@code listener} its decisions.
   *
   * @throws NullPointerException if any is null
   */
  public static Builder builder(ServerClock server, MicrosClock local, SyncDecision.Listener listener) {
    return new Builder(Objects.requireNonNull(server, "server"), Objects.requireNonNull(local, "local"),
        Objects.requireNonNull(listener, "listener"));
  }

  /** The local clock the controller and its sink read. */
  public MicrosClock clock() {
    return local;
  }

  /** The session's latest target, or null before the first. */
  public SyncTarget target() {
    return target;
  }

  /**
   * The session changed (or was joined): follow {@code target} from now on.
   *
   * @throws NullPointerException if {@code target} is null
   */
  public void update(SyncTarget target) {
    Objects.requireNonNull(target, "target");
    SyncDecision d;
    synchronized (this) {
      this.target = target;
      d = evaluate();
    }
    deliver(d);
  }

  /** Re-evaluates: after the first clock estimate, and now and then to retry a lost seek. */
  public void tick() {
    SyncDecision d;
    synchronized (this) {
      d = evaluate();
    }
    deliver(d);
  }

  /**
   * The player opened {@code entry} and its next frame is at {@code positionMicros}; normally
   * called through {@link SyncedSink#cue}.
   */
  public void cued(long entry, long positionMicros) {
    SyncDecision d;
    synchronized (this) {
      localEntry = entry;
      localEnded = false;
      endedUnder = null;
      if (phase == Phase.SEEKING || phase == Phase.IDLE || phase == Phase.WAITING_NEXT
          || phase == Phase.WAITING_PLAY || phase == Phase.STOPPED) {
        phase = Phase.PLAYING;
      }
      seeking = false;
      d = evaluate();
    }
    deliver(d);
  }

  /** The player wrote the last frame of {@code entry}; a listener ahead of the host then waits. */
  public void ended(long entry) {
    SyncDecision d;
    synchronized (this) {
      if (entry != localEntry) {
        return;
      }
      localEnded = true;
      endedUnder = target;
      d = evaluate();
    }
    deliver(d);
  }

  /**
   * The sink found the player too far from the target to slew ({@code reason} says how far): ask
   * for a seek, unless one is under way.
   */
  public void seekNeeded(long entry, String reason) {
    SyncDecision d = null;
    synchronized (this) {
      SyncTarget t = target;
      if (t != null && t.playing() && t.entry() == entry && entry == localEntry && phase == Phase.PLAYING) {
        d = seek(t, reason);
      }
    }
    deliver(d);
  }

  /**
   * The position the player should be at, in microseconds of {@code entry}, at the local instant
   * {@code localMicros}; {@link #NO_AIM} when the session does not play {@code entry} now, a
   * seek is under way or there is no clock estimate. Lock-free and allocation-free.
   */
  public long aimMicros(long entry, long localMicros) {
    SyncTarget t = target;
    if (t == null || !t.playing() || t.entry() != entry || seeking) {
      return NO_AIM;
    }
    long s = server.serverMicrosAt(localMicros);
    return s == ServerClock.UNKNOWN ? NO_AIM : t.positionAt(s);
  }

  /** How many seeks this controller has asked for. */
  public synchronized long seeks() {
    return seeks;
  }

  // ------------------------------------------------------------------ rules (under this)

  private SyncDecision evaluate() {
    SyncTarget t = target;
    if (t == null) {
      return null;
    }
    if (!t.hasEntry()) {
      if (phase == Phase.STOPPED) {
        return null;
      }
      phase = Phase.STOPPED;
      seeking = false;
      long was = localEntry;
      localEntry = SyncTarget.NO_ENTRY;
      return new SyncDecision.Stop(was);
    }
    boolean open = localEntry == t.entry() && !localEnded;
    if (!t.playing()) {
      if (open && (phase == Phase.PLAYING || phase == Phase.SEEKING)) {
        phase = Phase.PAUSED;
        return new SyncDecision.Pause(t.entry());
      }
      if (open && phase == Phase.PAUSED) {
        return null;
      }
      if (phase == Phase.WAITING_PLAY && waitingFor == t.entry()) {
        return null;
      }
      phase = Phase.WAITING_PLAY;
      seeking = false;
      waitingFor = t.entry();
      return new SyncDecision.WaitForPlay(t.entry());
    }
    long serverNow = server.serverMicrosAt(local.nowMicros());
    if (serverNow == ServerClock.UNKNOWN) {
      return null;
    }
    if (open) {
      switch (phase) {
        case PAUSED:
          // Not a plain resume: the listener would lag by the play message's delay (up to tens
          // of ms). A seek lands exactly, at the cost of reopening the stream.
          return seek(t, "the session plays again");
        case SEEKING:
          return seekFor != t ? seek(t, "the session moved during the seek")
              : local.nowMicros() - seekAt > seekTimeoutMicros ? seek(t, "seek not done in time") : null;
        default:
          return null;
      }
    }
    if (localEntry == t.entry() && localEnded && endedUnder == t) {
      if (phase == Phase.WAITING_NEXT) {
        return null;
      }
      phase = Phase.WAITING_NEXT;
      seeking = false;
      return new SyncDecision.WaitForNext(t.entry());
    }
    if (phase == Phase.SEEKING) {
      if (seekFor != t) {
        return seek(t, "the session moved during the seek");
      }
      return local.nowMicros() - seekAt > seekTimeoutMicros ? seek(t, "seek not done in time") : null;
    }
    String why = localEntry == SyncTarget.NO_ENTRY ? "joining"
        : localEntry != t.entry() ? "the session moved to entry " + t.entry() : "the session moved on";
    return seek(t, why);
  }

  private SyncDecision seek(SyncTarget t, String why) {
    long now = local.nowMicros();
    long at = Math.max(0, t.positionAt(server.serverMicrosAt(now)) - seekMarginMicros);
    phase = Phase.SEEKING;
    seeking = true;
    seekFor = t;
    seekAt = now;
    seeks++;
    return new SyncDecision.Seek(t.entry(), at, why);
  }

  private void deliver(SyncDecision d) {
    if (d != null) {
      listener.decided(d);
    }
  }

  @Override
  public synchronized String toString() {
    return "SyncController[" + phase + ", entry " + localEntry + (localEnded ? " ended" : "") + ", target " + target + "]";
  }

  /** Configures a {@link SyncController}. Not thread-safe. */
  public static final class Builder {
    private final ServerClock server;
    private final MicrosClock local;
    private final SyncDecision.Listener listener;
    private Duration seekMargin = Duration.ofMillis(100);
    private Duration seekTimeout = Duration.ofSeconds(3);

    private Builder(ServerClock server, MicrosClock local, SyncDecision.Listener listener) {
      this.server = server;
      this.local = local;
      this.listener = listener;
    }

    /**
     * How far behind the target a seek aims, so the player lands short and the sink trims the
     * rest exactly; default 100 ms.
     *
     * @throws IllegalArgumentException if negative or over 10 s
     */
    public Builder seekMargin(Duration margin) {
      Objects.requireNonNull(margin, "seekMargin");
      if (margin.isNegative() || margin.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("seekMargin not in 0..10s: " + margin);
      }
      this.seekMargin = margin;
      return this;
    }

    /**
     * How long a seek may take to be cued before it is asked again; default 3 s.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder seekTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "seekTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("seekTimeout <= 0: " + timeout);
      }
      this.seekTimeout = timeout;
      return this;
    }

    /** A new controller with no target yet. */
    public SyncController build() {
      return new SyncController(this);
    }
  }
}
