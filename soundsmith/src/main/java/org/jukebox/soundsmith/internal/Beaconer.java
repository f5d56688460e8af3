package org.jukebox.soundsmith.internal;

import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jukebox.api.Beacon;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.soundsmith.SoundSmithServer.DirectoryLookup;

/**
 * Keeps one SoundSmith announced to a MusicDirectory: beacons at once, again at half of each
 * granted lease, and soon after every catalog change (at most once per {@code minInterval}, so
 * a burst of changes while indexing makes one beacon, not thousands). When the directory cannot
 * be reached it logs once, retries with doubling backoff, and re-announces when it answers again
 * (a restarted directory simply gets a new beacon; the stub is looked up again each time).
 *
 * <p>Thread-safe. Beacons run on the scheduler, one at a time; {@link #beaconNow} may also be
 * called directly (tests).
 */
public final class Beaconer {
  private static final System.Logger LOG = System.getLogger(Beaconer.class.getName());

  private final DirectoryLookup lookup;
  private final Duration requested;
  private final Supplier<Beacon> beacon;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Duration minInterval;
  private final Duration firstBackoff;
  private final Duration maxBackoff;

  private final Object lock = new Object();
  private MusicDirectory directory;
  private LeaseId lease;
  /** The lease close() cancelled (null if it had none to cancel); guarded by lock. */
  private LeaseId cancelledOnClose;
  private Instant lastAttempt;
  private Scheduler.Cancellable pending;
  private Instant pendingAt;
  private boolean down;
  private Duration backoff;
  private boolean closed;
  private long beacons;

  public Beaconer(DirectoryLookup lookup, Duration requested, Supplier<Beacon> beacon,
      Scheduler scheduler, Clock clock, Duration minInterval, Duration firstBackoff, Duration maxBackoff) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.requested = Objects.requireNonNull(requested, "requested");
    this.beacon = Objects.requireNonNull(beacon, "beacon");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
    this.backoff = firstBackoff;
  }

  /** Schedules the first beacon right away. */
  public void start() {
    synchronized (lock) {
      scheduleNoLaterThan(clock.instant());
    }
  }

  /** The catalog changed: beacon soon, but not sooner than {@code minInterval} after the last. */
  public void catalogChanged() {
    synchronized (lock) {
      if (closed || down) {
        return; // while down, the next retry carries the news anyway
      }
      Instant now = clock.instant();
      Instant at = lastAttempt == null ? now : max(now, lastAttempt.plus(minInterval));
      scheduleNoLaterThan(at);
    }
  }

  /** Beacons now (outside the schedule), then schedules the next renewal or retry. */
  public void beaconNow() {
    MusicDirectory dir;
    synchronized (lock) {
      if (closed) {
        return;
      }
      cancelPending();
      lastAttempt = clock.instant();
      dir = directory;
    }
    try {
      if (dir == null) {
        dir = lookup.lookup();
      }
      Lease granted = dir.beacon(beacon.get(), requested);
      LeaseId orphan = null;
      synchronized (lock) {
        if (closed && !granted.id().equals(cancelledOnClose)) {
          // close() ran while this beacon was in flight and could not cancel what it granted:
          // cancel it here, or a closed SoundSmith would stay listed until the lease ran out.
          orphan = granted.id();
        }
        directory = dir;
        lease = granted.id();
        beacons++;
        if (down) {
          LOG.log(System.Logger.Level.INFO, "MusicDirectory reachable again; re-announced");
        }
        down = false;
        backoff = firstBackoff;
        if (!closed) {
          scheduleNoLaterThan(clock.instant().plus(granted.duration().dividedBy(2)));
        }
      }
      if (orphan != null) {
        cancelQuietly(dir, orphan);
      }
    } catch (RemoteException | NotBoundException | RuntimeException e) {
      synchronized (lock) {
        directory = null; // a restarted directory has a new stub: look it up again
        if (!down) {
          LOG.log(System.Logger.Level.WARNING, "MusicDirectory unreachable, will keep retrying: " + e);
        }
        down = true;
        if (!closed) {
          scheduleNoLaterThan(clock.instant().plus(backoff));
          backoff = min(backoff.multipliedBy(2), maxBackoff);
        }
      }
    }
  }

  /** Whether the last attempt failed. */
  public boolean isDown() {
    synchronized (lock) {
      return down;
    }
  }

  /** Beacons the directory accepted so far. */
  public long beaconCount() {
    synchronized (lock) {
      return beacons;
    }
  }

  /** When the next beacon is due, or null if none is scheduled. */
  public Instant nextBeaconAt() {
    synchronized (lock) {
      return pendingAt;
    }
  }

  /**
   * Stops beaconing and cancels the lease, waiting at most {@code bound} for the directory to
   * answer (a dead directory must not hold up shutdown). Idempotent.
   */
  public void close(Duration bound) {
    MusicDirectory dir;
    LeaseId toCancel;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      cancelPending();
      dir = directory;
      toCancel = lease;
      cancelledOnClose = toCancel;
    }
    if (dir == null || toCancel == null) {
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        cancelQuietly(dir, toCancel);
      } finally {
        done.countDown();
      }
    }, "soundsmith-lease-cancel");
    t.setDaemon(true);
    t.start();
    try {
      if (!done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "MusicDirectory did not answer lease cancel within " + bound);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void cancelQuietly(MusicDirectory dir, LeaseId id) {
    try {
      dir.cancel(id);
    } catch (UnknownLeaseException e) {
      // already gone: nothing to cancel
    } catch (RemoteException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not cancel lease: " + e);
    }
  }

  private void scheduleNoLaterThan(Instant at) {
    if (pending != null && !at.isBefore(pendingAt)) {
      return;
    }
    cancelPending();
    Duration delay = Duration.between(clock.instant(), at);
    pendingAt = at;
    pending = scheduler.schedule(this::beaconNow, delay.isNegative() ? Duration.ZERO : delay);
  }

  private void cancelPending() {
    if (pending != null) {
      pending.cancel();
      pending = null;
      pendingAt = null;
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
