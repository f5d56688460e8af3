package org.jukebox.client.session;

import java.util.function.Consumer;

/**
 * The timeline of the session a client is in, as the session server last stamped it: what the
 * sync engine follows. Implemented by {@code SessionClient}.
 *
 * <p>Thread-safe. Listeners are called on one client thread, one at a time, in order.
 */
public interface SessionTimeline {
  /** The latest state, or null when the client is in no session. */
  TimelineState current();

  /** Calls {@code listener} with every new state (after a join, every update, a leave: null never). */
  void addTimelineListener(Consumer<TimelineState> listener);

  /** Stops calling {@code listener}. */
  void removeTimelineListener(Consumer<TimelineState> listener);
}
