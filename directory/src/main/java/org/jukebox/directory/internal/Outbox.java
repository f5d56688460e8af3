package org.jukebox.directory.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Serial, bounded delivery of remote calls to one peer (a user's session listener, a session
 * server): at most one call at a time, in order, on a shared pool, so a slow or dead peer delays
 * nobody else. A full queue or a failed call stops the outbox and reports why.
 *
 * <p>Thread-safe; {@link #offer} never blocks.
 */
final class Outbox implements Runnable {
  /** One remote call. */
  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  private final Executor executor;
  private final int capacity;
  private final boolean stopOnFailure;
  private final Consumer<String> onFailure;
  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  private boolean scheduled;
  private boolean stopped;

  Outbox(Executor executor, int capacity, boolean stopOnFailure, Consumer<String> onFailure) {
    this.executor = executor;
    this.capacity = capacity;
    this.stopOnFailure = stopOnFailure;
    this.onFailure = onFailure;
  }

  void offer(Call call) {
    boolean full = false;
    synchronized (this) {
      if (stopped) {
        return;
      }
      if (queue.size() >= capacity) {
        full = true;
        stopped = true;
        queue.clear();
      } else {
        queue.add(call);
        if (!scheduled) {
          scheduled = true;
          try {
            executor.execute(this);
          } catch (RejectedExecutionException e) {
            scheduled = false;
          }
        }
      }
    }
    if (full) {
      onFailure.accept("its queue of " + capacity + " calls is full");
    }
  }

  synchronized void stop() {
    stopped = true;
    queue.clear();
  }

  @Override
  public void run() {
    while (true) {
      Call next;
      synchronized (this) {
        if (stopped || queue.isEmpty()) {
          scheduled = false;
          return;
        }
        next = queue.poll();
      }
      try {
        next.run();
      } catch (Exception e) {
        if (stopOnFailure) {
          stop();
          synchronized (this) {
            scheduled = false;
          }
          onFailure.accept("its callback failed: " + e);
          return;
        }
        onFailure.accept("a call failed: " + e);
      }
    }
  }
}
