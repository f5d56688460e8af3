package org.jukebox.security;

import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.UnknownLeaseException;

/**
 * Keeps one service (a DJ, a session server) announced to a MusicDirectory: announces at once,
 * again at half of each granted lease, and, when the directory cannot be reached, retries with
 * doubling backoff (logging once) and looks the directory up again each time, so a restarted
 * directory simply gets a new announcement. {@link #close} stops and cancels the lease.
 *
 * <p>Built with {@link #builder}. Thread-safe: announcements run one at a time on the scheduler;
 * {@link #announceNow} may also be called directly.
 */
public final class ServiceAnnouncer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ServiceAnnouncer.class.getName());

  /** The lease asked for unless configured otherwise. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  /** The first retry delay after a failure, doubled each time up to {@link #DEFAULT_MAX_BACKOFF}. */
  public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  /** Finds the MusicDirectory, for example in the RMI registry on its host. */
  @FunctionalInterface
  public interface DirectoryLookup {
    /**
     * The directory's stub.
     *
     * @throws RemoteException if it cannot be reached
     * @throws NotBoundException if nothing is bound there (yet)
     */
    MusicDirectory lookup() throws RemoteException, NotBoundException;
  }

  /** Runs a task once after a delay: a seam through which tests drive time by hand. */
  @FunctionalInterface
  public interface Scheduler {
    /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not started. */
    Cancellable schedule(Runnable task, Duration delay);

    /** Cancels a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
      void cancel();
    }

    /** A scheduler on an executor (which its owner shuts down). */
    static Scheduler of(ScheduledExecutorService executor) {
      Objects.requireNonNull(executor, "executor");
      return (task, delay) -> {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      };
    }
  }

  private final DirectoryLookup lookup;
  private final Supplier<ServiceBeacon> beacon;
  private final Duration requested;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Duration firstBackoff;
  private final Duration maxBackoff;

  private final Object lock = new Object();
  private MusicDirectory directory;
  private LeaseId lease;
  private LeaseId cancelledOnClose;
  private Scheduler.Cancellable pending;
  private Instant pendingAt;
  private boolean down;
  private Duration backoff;
  private boolean started;
  private boolean closed;
  private long announcements;
  private Duration lastGrant;

  private ServiceAnnouncer(Builder b) {
    this.lookup = b.lookup;
    this.beacon = b.beacon;
    this.requested = b.lease;
    this.scheduler = b.scheduler;
    this.clock = b.clock;
    this.firstBackoff = b.firstBackoff;
    this.maxBackoff = b.maxBackoff;
    this.backoff = firstBackoff;
  }

  /**
   * A builder for an announcer that asks {@code lookup} for the directory and announces what
   * {@code beacon} supplies each time (so the beacon may change).
   */
  public static Builder builder(DirectoryLookup lookup, Supplier<ServiceBeacon> beacon) {
    return new Builder(lookup, beacon);
  }

  /**
   * Schedules the first announcement right away.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      scheduleAt(clock.instant());
    }
  }

  /** Announces now (outside the schedule), then schedules the renewal or the retry. */
  public void announceNow() {
    MusicDirectory dir;
    synchronized (lock) {
      if (closed) {
        return;
      }
      cancelPending();
      dir = directory;
    }
    try {
      if (dir == null) {
        dir = lookup.lookup();
      }
      ServiceBeacon b = beacon.get();
      Lease granted = dir.announce(b, requested);
      LeaseId orphan = null;
      synchronized (lock) {
        if (closed && !granted.id().equals(cancelledOnClose)) {
          // close() ran while this announcement was in flight: cancel what it granted here, or
          // a closed service would stay listed until its lease ran out.
          orphan = granted.id();
        }
        directory = dir;
        lease = granted.id();
        lastGrant = granted.duration();
        announcements++;
        if (down) {
          LOG.log(System.Logger.Level.INFO, "MusicDirectory reachable again; " + b.kind() + " " + b.id() + " re-announced");
        }
        down = false;
        backoff = firstBackoff;
        if (!closed) {
          scheduleAt(clock.instant().plus(granted.duration().dividedBy(2)));
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
          scheduleAt(clock.instant().plus(backoff));
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

  /** Announcements the directory accepted so far. */
  public long announcements() {
    synchronized (lock) {
      return announcements;
    }
  }

  /** The lease of the last accepted announcement, or null. */
  public LeaseId lease() {
    synchronized (lock) {
      return lease;
    }
  }

  /** When the next announcement is due, or null if none is scheduled. */
  public Instant nextAnnouncementAt() {
    synchronized (lock) {
      return pendingAt;
    }
  }

  /** Stops and cancels the lease, waiting at most 3 seconds for the directory. Idempotent. */
  @Override
  public void close() {
    close(Duration.ofSeconds(3));
  }

  /**
   * Stops announcing and cancels the lease, waiting at most {@code bound} for the directory to
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
    }, "jukebox-lease-cancel");
    t.setDaemon(true);
    t.start();
    try {
      if (!done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "MusicDirectory did not answer the lease cancel within " + bound);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void cancelQuietly(MusicDirectory dir, LeaseId id) {
    try {
      dir.cancel(id);
    } catch (UnknownLeaseException e) {
      // already gone
    } catch (RemoteException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not cancel lease " + id + ": " + e);
    }
  }

  private void scheduleAt(Instant at) {
    cancelPending();
    Duration delay = Duration.between(clock.instant(), at);
    pendingAt = at;
    pending = scheduler.schedule(this::announceNow, delay.isNegative() ? Duration.ZERO : delay);
  }

  private void cancelPending() {
    if (pending != null) {
      pending.cancel();
      pending = null;
      pendingAt = null;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Configures a {@link ServiceAnnouncer}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final DirectoryLookup lookup;
    private final Supplier<ServiceBeacon> beacon;
    private Duration lease = DEFAULT_LEASE;
    private Scheduler scheduler;
    private Clock clock = Clock.systemUTC();
    private Duration firstBackoff = DEFAULT_FIRST_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

    private Builder(DirectoryLookup lookup, Supplier<ServiceBeacon> beacon) {
      this.lookup = Objects.requireNonNull(lookup, "lookup");
      this.beacon = Objects.requireNonNull(beacon, "beacon");
    }

    /**
     * The lease to ask for; the directory may grant less.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder lease(Duration lease) {
      this.lease = positive(lease, "lease");
      return this;
    }

    /** Runs announcements on this scheduler (required). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Runs announcements on this executor, which the caller shuts down. */
    public Builder scheduler(ScheduledExecutorService executor) {
      return scheduler(Scheduler.of(executor));
    }

    /** The clock delays are computed with; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The retry delays after a failure: {@code first}, doubling up to {@code max}.
     *
     * @throws IllegalArgumentException if either is not positive, or max is less than first
     */
    public Builder backoff(Duration first, Duration max) {
      positive(first, "first backoff");
      positive(max, "max backoff");
      if (max.compareTo(first) < 0) {
        throw new IllegalArgumentException("max backoff " + max + " < first backoff " + first);
      }
      this.firstBackoff = first;
      this.maxBackoff = max;
      return this;
    }

    /**
     * An announcer, not yet started.
     *
     * @throws IllegalStateException if no scheduler was given
     */
    public ServiceAnnouncer build() {
      if (scheduler == null) {
        throw new IllegalStateException("no scheduler: call scheduler(...)");
      }
      return new ServiceAnnouncer(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
