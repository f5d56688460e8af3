package org.jukebox.directory.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jukebox.api.DepartureReason;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.LeaseId;
import org.jukebox.api.SoundSmithId;

/**
 * One listener's registration: its lease, and the serial delivery of its callbacks.
 *
 * <p>Notices are level-triggered: the beacon path only says "look at this id again" (or "this
 * lease of this id ended, for this reason"), and the delivery task compares what the listener
 * was last told with what the directory holds <em>when the task runs</em>. So the beacon path
 * takes no lock shared with watchers, a replay and concurrent beacons can never make the
 * listener hear of an entry twice or miss one, and a listener that falls behind hears the newest
 * state rather than every step on the way.
 *
 * <p>Delivery runs on a shared pool but at most one task per registration at a time, so the
 * listener's callbacks come in order, one at a time. The queue is bounded: a listener that falls
 * that far behind is dropped rather than letting the directory's memory grow.
 */
final class Registration {
  /** Something for the delivery task to look at. */
  sealed interface Notice permits Replay, Touched, Departed {}

  /** Tell the listener about every live entry it has not heard of (the first notice). */
  enum Replay implements Notice {
    INSTANCE
  }

  /** The entry of {@code id} arrived or changed (or may have: the task checks). */
  record Touched(SoundSmithId id) implements Notice {}

  /** The entry of {@code id} under {@code lease} left the directory. */
  record Departed(SoundSmithId id, LeaseId lease, DepartureReason reason) implements Notice {}

  final LeaseId lease;
  final DirectoryListener listener;
  /** Written under the registrations map's lock for this key (renew, sweep); read anywhere. */
  volatile Instant expiresAt;

  private final DirectoryService directory;
  private final Executor executor;
  private final BlockingQueue<Notice> queue;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean stopped;
  /** What the listener was last told, per id. Only the (serial) delivery task touches it. */
  private final Map<SoundSmithId, Entry> told = new HashMap<>();

  Registration(DirectoryService directory, Executor executor, LeaseId lease, DirectoryListener listener,
      Instant expiresAt, int queueCapacity) {
    this.directory = directory;
    this.executor = executor;
    this.lease = lease;
    this.listener = listener;
    this.expiresAt = expiresAt;
    this.queue = new LinkedBlockingQueue<>(queueCapacity);
    // The replay goes first; the task that runs it starts only once the registration is
    // published (see start), so that it reads entries no older than what beacons may have
    // failed to tell this registration about.
    queue.add(Replay.INSTANCE);
  }

  boolean liveAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** Starts delivery (of the replay, at first). Call after publishing the registration. */
  void start() {
    schedule();
  }

  /** Queues a notice without waiting; drops this registration if its queue is full. */
  void offer(Notice notice) {
    if (stopped) {
      return;
    }
    if (!queue.offer(notice)) {
      directory.drop(this, "its queue of " + (queue.size() + queue.remainingCapacity()) + " notices is full");
      return;
    }
    schedule();
  }

  /** Stops delivery: nothing more is sent, except a callback already in progress. */
  void stop() {
    stopped = true;
    queue.clear();
  }

  boolean stopped() {
    return stopped;
  }

  private void schedule() {
    if (!stopped && scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // The directory is closing; nobody is listening for this any more.
        scheduled.set(false);
      }
    }
  }

  private void drain() {
    try {
      Notice notice;
      while (!stopped && (notice = queue.poll()) != null) {
        try {
          deliver(notice);
        } catch (Exception e) {
          // RemoteException: dead or unreachable; anything else: the listener itself failed.
          directory.drop(this, "its callback failed: " + e);
          return;
        }
      }
    } finally {
      scheduled.set(false);
      // A notice offered between the last poll and the reset above found scheduled still set.
      if (!stopped && !queue.isEmpty()) {
        schedule();
      }
    }
  }

  private void deliver(Notice notice) throws Exception {
    if (notice == Replay.INSTANCE) {
      for (Entry e : directory.liveEntriesById()) {
        reconcile(e.id());
      }
    } else if (notice instanceof Departed d) {
      Entry was = told.get(d.id());
      if (was != null && was.lease.equals(d.lease())) {
        told.remove(d.id());
        listener.departed(d.id(), d.reason());
      }
      // The same id may already be back under a new lease.
      reconcile(d.id());
    } else if (notice instanceof Touched t) {
      reconcile(t.id());
    }
  }

  private void reconcile(SoundSmithId id) throws Exception {
    if (stopped) {
      return;
    }
    Instant now = directory.now();
    Entry current = directory.liveEntry(id, now);
    Entry was = told.get(id);
    if (was == null) {
      if (current != null) {
        told.put(id, current);
        listener.arrived(current.toSoundSmithEntry(now));
      }
    } else if (current != null && current.lease.equals(was.lease)) {
      if (!current.saysTheSameAs(was.info, was.soundSmith)) {
        told.put(id, current);
        listener.changed(current.toSoundSmithEntry(now));
      }
    }
    // Otherwise the entry the listener knows has left (or has run out and is about to be swept):
    // its Departed notice is queued or coming, and tells the listener why.
  }

  @Override
  public String toString() {
    return "listener registration " + DirectoryService.abbreviate(lease);
  }
}
