package org.jukebox.client.sync;

import java.util.Objects;
import org.jukebox.client.session.ClockSource;
import org.jukebox.client.session.TimelineState;

/** Adapts what a {@code SessionClient} offers to what the sync engine takes. */
public final class SyncTargets {
  private SyncTargets() {}

  /**
   * The target a session's timeline state sets: its current entry playing or paused at its
   * position and stamp; {@link SyncTarget#idle} when it has no song or has ended. A host that is
   * gone changes nothing here: listeners finish the song and wait for the next, as for a host
   * that is merely late.
   *
   * @throws NullPointerException if {@code state} is null
   */
  public static SyncTarget from(TimelineState state) {
    Objects.requireNonNull(state, "state");
    if (state.song() == null || state.ended()) {
      return SyncTarget.idle(state.stampMicros());
    }
    long position = Math.max(0, state.positionMicros());
    return state.playing()
        ? SyncTarget.playing(state.song().entry(), position, state.stampMicros())
        : SyncTarget.paused(state.song().entry(), position, state.stampMicros());
  }

  /** The session client's {@code SessionServer.time()} as the estimator's time source. */
  public static TimeSource timeSource(ClockSource clock) {
    Objects.requireNonNull(clock, "clock");
    return clock::time;
  }
}
