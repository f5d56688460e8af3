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
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionStatus;
import org.jukebox.security.ServiceAnnouncer;

/**
 * The session server's tie to the MusicDirectory: keeps it announced through a
 * {@link ServiceAnnouncer} (at once, at half the granted lease, with backoff while the directory
 * is unreachable), and reports session changes and ends, latest first and coalesced per session.
 * When an announcement is granted under a new lease id the directory has lost the server's entry
 * (it restarted, or the lease ran out), so every session is reported again, charter included, and
 * the directory rebuilds its table from them. Reports that fail wait for the next announcement.
 *
 * <p>All remote calls run on one scheduler thread. Thread-safe.
 */
public final class DirectoryLink implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DirectoryLink.class.getName());

  /** Finds the directory's two remote faces. */
  public interface Lookup {
    MusicDirectory music() throws RemoteException;

    SessionDirectory sessions() throws RemoteException;
  }

  private final Lookup lookup;
  private final Supplier<List<SessionStatus>> all;
  private final ScheduledExecutorService scheduler;
  private final ServiceAnnouncer announcer;
  private final Map<SessionId, SessionStatus> pending = new LinkedHashMap<>();
  private final Set<SessionId> endedPending = new LinkedHashSet<>();
  private boolean flushScheduled;
  private SessionDirectory sessionDirectory;
  /** The lease of the announcement the directory's table was last brought up to date after. */
  private LeaseId reported;
  private boolean up;
  private volatile boolean closed;

  public DirectoryLink(Lookup lookup, ServiceBeacon beacon, Duration lease, Supplier<List<SessionStatus>> all,
      ScheduledExecutorService scheduler) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    Objects.requireNonNull(beacon, "beacon");
    this.all = Objects.requireNonNull(all, "all");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    Duration first = lease.dividedBy(8).compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : lease.dividedBy(8);
    Duration max = lease.dividedBy(2).compareTo(first) < 0 ? first : lease.dividedBy(2);
    ServiceAnnouncer.Scheduler afterEach = (task, delay) -> {
      // Run each announcement, then look at what it got: a new lease means a new table.
      ScheduledFuture<?> f = scheduler.schedule(() -> {
        task.run();
        afterAnnouncement();
      }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
    this.announcer = ServiceAnnouncer.builder(lookup::music, () -> beacon).lease(lease).scheduler(afterEach)
        .backoff(first, max).build();
  }

  /** Announces now, and then on schedule. */
  public void start() {
    announcer.start();
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
    return up;
  }

  private void afterAnnouncement() {
    LeaseId lease = announcer.lease();
    boolean fresh;
    synchronized (this) {
      up = !announcer.isDown() && lease != null;
      if (!up) {
        sessionDirectory = null;
        return;
      }
      fresh = !lease.equals(reported);
      if (fresh) {
        reported = lease;
        for (SessionStatus s : all.get()) {
          pending.put(s.id(), s);
        }
      }
    }
    if (fresh) {
      LOG.log(Level.INFO, () -> "session server announced; reporting its sessions to the directory");
      flush();
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

  private void flush() {
    List<SessionStatus> statuses;
    List<SessionId> ends;
    SessionDirectory d;
    synchronized (this) {
      flushScheduled = false;
      if (closed || !up) {
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
        endedPending.addAll(ends);
        for (SessionStatus s : statuses) {
          if (!endedPending.contains(s.id())) {
            pending.putIfAbsent(s.id(), s);
          }
        }
      }
    }
  }

  /** Stops announcing and cancels the lease (bounded), then stops the scheduler. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      announcer.close(Duration.ofSeconds(2));
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** Stops announcing without cancelling anything, as a crash would. */
  public void closeQuietly() {
    synchronized (this) {
      closed = true;
    }
    scheduler.shutdownNow();
  }
}
