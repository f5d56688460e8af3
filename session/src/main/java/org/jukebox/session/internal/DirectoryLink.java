package org.jukebox.session.internal;

import java.lang.System.Logger.Level;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionStatus;

/**
 * The session server's tie to the MusicDirectory: announces the server at half its lease (sooner
 * after a failure), and reports session changes and ends, latest first and coalesced per session.
 * When a grant comes back under a new lease id the directory has lost the server's entry (it
 * restarted, or the lease ran out), so every session is reported again, charter included, and
 * the directory rebuilds its table from them. Reports that fail wait for the next success.
 *
 * <p>All remote calls run on one scheduler thread. Thread-safe.
 */
public final class DirectoryLink implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DirectoryLink.class.getName());
  private static final Duration MAX_RETRY = Duration.ofSeconds(1);

  /** Finds the directory's two remote faces. */
  public interface Lookup {
    MusicDirectory music() throws RemoteException;

    SessionDirectory sessions() throws RemoteException;
  }

  private final Lookup lookup;
  private final ServiceBeacon beacon;
  private final Duration lease;
  private final Supplier<List<SessionStatus>> all;
  private final ScheduledExecutorService scheduler;
  private final Map<SessionId, SessionStatus> pending = new LinkedHashMap<>();
  private final Set<SessionId> endedPending = new LinkedHashSet<>();
  private boolean flushScheduled;
  private MusicDirectory music;
  private SessionDirectory sessionDirectory;
  private LeaseId granted;
  private ScheduledFuture<?> nextAnnounce;
  private volatile boolean closed;

  public DirectoryLink(Lookup lookup, ServiceBeacon beacon, Duration lease, Supplier<List<SessionStatus>> all,
      ScheduledExecutorService scheduler) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.beacon = Objects.requireNonNull(beacon, "beacon");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.all = Objects.requireNonNull(all, "all");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /** Announces now, and then on schedule. */
  public void start() {
    scheduleAnnounce(Duration.ZERO);
  }

  /** Queues a session's status for the directory. */
  public void report(SessionStatus status) {
    synchronized (this) {
      pending.put(status.id(), status);
    }
    scheduleFlush();
  }

  /** Queues the end of a session for the directory. */
  public void ended(SessionId session) {
    synchronized (this) {
      pending.remove(session);
      endedPending.add(session);
    }
    scheduleFlush();
  }

  /** Whether the latest announcement succeeded. */
  public synchronized boolean announced() {
    return granted != null;
  }

  private synchronized void scheduleAnnounce(Duration delay) {
    if (closed) {
      return;
    }
    try {
      nextAnnounce = scheduler.schedule(this::announce, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Shutting down.
    }
  }

  private void scheduleFlush() {
    synchronized (this) {
      if (flushScheduled || closed) {
        return;
      }
      flushScheduled = true;
    }
    try {
      scheduler.execute(this::flush);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      synchronized (this) {
        flushScheduled = false;
      }
    }
  }

  private void announce() {
    if (closed) {
      return;
    }
    Duration next;
    try {
      MusicDirectory d;
      synchronized (this) {
        d = music;
      }
      if (d == null) {
        d = lookup.music();
      }
      Lease l = d.announce(beacon, lease);
      boolean fresh;
      synchronized (this) {
        music = d;
        fresh = !l.id().equals(granted);
        granted = l.id();
        if (fresh) {
          for (SessionStatus s : all.get()) {
            pending.put(s.id(), s);
          }
        }
      }
      if (fresh) {
        LOG.log(Level.INFO, () -> "announced session server " + beacon.id() + " to the directory");
        flush();
      }
      next = l.duration().dividedBy(2);
    } catch (Exception e) {
      LOG.log(Level.DEBUG, () -> "cannot announce to the directory: " + e);
      synchronized (this) {
        music = null;
        sessionDirectory = null;
        granted = null;
      }
      next = lease.dividedBy(4).compareTo(MAX_RETRY) < 0 ? lease.dividedBy(4) : MAX_RETRY;
    }
    scheduleAnnounce(next);
  }

  private void flush() {
    List<SessionStatus> statuses;
    List<SessionId> ends;
    SessionDirectory d;
    synchronized (this) {
      flushScheduled = false;
      if (closed || granted == null) {
        return; // waits for the next successful announcement
      }
      statuses = new ArrayList<>(pending.values());
      ends = new ArrayList<>(endedPending);
      pending.clear();
      endedPending.clear();
      d = sessionDirectory;
    }
    try {
      if (d == null) {
        d = lookup.sessions();
        synchronized (this) {
          sessionDirectory = d;
        }
      }
      for (SessionId id : ends) {
        d.sessionEnded(id);
      }
      for (SessionStatus s : statuses) {
        d.sessionChanged(s);
      }
    } catch (Exception e) {
      LOG.log(Level.DEBUG, () -> "cannot report to the directory: " + e);
      synchronized (this) {
        sessionDirectory = null;
        // Put back what was not newer-reported meanwhile; the next announcement flushes it.
        for (SessionId id : ends) {
          endedPending.add(id);
        }
        for (SessionStatus s : statuses) {
          if (!endedPending.contains(s.id())) {
            pending.putIfAbsent(s.id(), s);
          }
        }
      }
    }
  }

  /** Stops announcing and cancels the lease (best effort, on the scheduler thread, bounded). */
  @Override
  public void close() {
    LeaseId lease;
    MusicDirectory d;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (nextAnnounce != null) {
        nextAnnounce.cancel(false);
      }
      lease = granted;
      d = music;
    }
    try {
      if (lease != null && d != null) {
        scheduler.submit(() -> {
          d.cancel(lease);
          return null;
        }).get(2, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.log(Level.DEBUG, () -> "cannot cancel the directory lease: " + e);
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** Stops announcing without cancelling anything, as a crash would. */
  public void closeQuietly() {
    synchronized (this) {
      closed = true;
      if (nextAnnounce != null) {
        nextAnnounce.cancel(false);
      }
    }
    scheduler.shutdownNow();
  }
}
