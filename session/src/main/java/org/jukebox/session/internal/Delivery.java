package org.jukebox.session.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionListener;
import org.jukebox.api.SessionUpdate;

/**
 * The serial delivery of one listener's updates: a bounded queue drained by at most one task at a
 * time on a shared pool, so the listener's callbacks come in order, one at a time, and a slow one
 * holds only its own task. Updates that pile up while a callback runs go out together, as one
 * batch, in the next call.
 *
 * <p>An RMI call cannot be interrupted, so a callback that never returns is not waited for: the
 * session's watchdog reads {@link #busyNanos} and drops the listener, after which nothing more is
 * queued or sent to it and its stuck thread ends when the call does.
 *
 * <p>Thread-safe. {@link #offer} never blocks and takes no lock but this object's.
 */
final class Delivery implements Runnable {
  /** The most updates sent in one call. */
  static final int MAX_BATCH = 256;

  private final SessionId session;
  private final SessionListener listener;
  private final Executor executor;
  private final int capacity;
  private final Consumer<String> onFailure;
  private final ArrayDeque<SessionUpdate> queue = new ArrayDeque<>();
  private boolean scheduled;
  private boolean stopped;
  /** System.nanoTime() when the callback in progress started; 0 when none runs. */
  private volatile long busySince;

  Delivery(SessionId session, SessionListener listener, Executor executor, int capacity, Consumer<String> onFailure) {
    this.session = session;
    this.listener = listener;
    this.executor = executor;
    this.capacity = capacity;
    this.onFailure = onFailure;
  }

  /** Queues an update; false if the queue is full (the listener is that far behind: drop it). */
  synchronized boolean offer(SessionUpdate update) {
    if (stopped) {
      return true;
    }
    if (queue.size() >= capacity) {
      return false;
    }
    queue.add(update);
    if (!scheduled) {
      scheduled = true;
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        // The server is closing; nobody will be told anything more.
        scheduled = false;
      }
    }
    return true;
  }

  /** Sends nothing more; a callback in progress is left to finish on its own. */
  synchronized void stop() {
    stopped = true;
    queue.clear();
  }

  synchronized int queued() {
    return queue.size();
  }

  /** How long the callback in progress has run, by {@code nowNanos}; 0 when none runs. */
  long busyNanos(long nowNanos) {
    long since = busySince;
    return since == 0 ? 0 : nowNanos - since;
  }

  @Override
  public void run() {
    while (true) {
      List<SessionUpdate> batch;
      synchronized (this) {
        if (stopped || queue.isEmpty()) {
          scheduled = false;
          return;
        }
        batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
          batch.add(queue.poll());
        }
      }
      long start = System.nanoTime();
      busySince = start == 0 ? 1 : start;
      try {
        listener.updated(session, batch);
      } catch (Exception | LinkageError e) {
        busySince = 0;
        synchronized (this) {
          stopped = true;
          scheduled = false;
          queue.clear();
        }
        onFailure.accept("its callback failed: " + e);
        return;
      }
      busySince = 0;
    }
  }
}
