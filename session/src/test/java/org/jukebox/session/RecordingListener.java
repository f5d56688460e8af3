package org.jukebox.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionListener;
import org.jukebox.api.SessionUpdate;

/** Records every update it is sent; can be made to block in its callback until released. */
final class RecordingListener implements SessionListener {
  private final List<SessionUpdate> updates = new ArrayList<>();
  private volatile CountDownLatch gate;
  private volatile CountDownLatch entered = new CountDownLatch(1);
  private volatile boolean failing;

  /** From now on every callback blocks until {@link #release()}. */
  void block() {
    gate = new CountDownLatch(1);
    entered = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch g = gate;
    if (g != null) {
      g.countDown();
    }
  }

  /** From now on every callback throws, as a listener that crashed. */
  void fail() {
    failing = true;
  }

  boolean awaitBlocked(Duration timeout) throws InterruptedException {
    return entered.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public void updated(SessionId session, List<SessionUpdate> batch) {
    if (failing) {
      throw new IllegalStateException("listener crashed");
    }
    CountDownLatch g = gate;
    if (g != null) {
      entered.countDown();
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      updates.addAll(batch);
      notifyAll(); // wakes await()
    }
  }

  synchronized List<SessionUpdate> updates() {
    return List.copyOf(updates);
  }

  synchronized List<SessionUpdate.Kind> kinds() {
    return updates.stream().map(SessionUpdate::kind).toList();
  }

  /** Waits until an update matching {@code p} has arrived; returns it. */
  synchronized SessionUpdate await(Duration timeout, String what, Predicate<SessionUpdate> p) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (SessionUpdate u : updates) {
        if (p.test(u)) {
          return u;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; got " + kinds());
      }
      try {
        // Woken by every batch that arrives; the deadline bounds the wait.
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  SessionUpdate await(Duration timeout, SessionUpdate.Kind kind) {
    return await(timeout, kind.toString(), u -> u.kind() == kind);
  }

  SessionUpdate await(Duration timeout, SessionUpdate.Kind kind, String user) {
    return await(timeout, kind + " " + user, u -> u.kind() == kind && user.equals(u.user()));
  }
}
