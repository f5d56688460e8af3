package org.jukebox.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * One change to a session, as the session server pushes it to every listener: incremental
 * (never the whole session), numbered, and stamped.
 *
 * <p>Every update also carries the timeline as it stands after the change ({@code current},
 * {@code playing}, {@code positionMicros} at {@code stampMicros}, as in {@link SessionSnapshot}),
 * so a sync engine can act on any update without replaying the others. Sequence numbers of one
 * session increase by one per update: a listener that sees a gap has missed something and asks
 * for a {@link SessionServer#snapshot snapshot}.
 *
 * @param sequence this update's number; the first after a snapshot is {@code snapshot.sequence() + 1}
 * @param kind what happened
 * @param current index of the current song after the change ({@code playlist size} when none)
 * @param playing whether it plays after the change
 * @param positionMicros its position at {@code stampMicros}
 * @param stampMicros the session server's clock (microseconds since the epoch) when the change
 *     was made
 * @param song the entry added or removed ({@code SONG_ADDED}, {@code SONG_REMOVED}); the new
 *     current entry for {@code NEXT}, {@code PLAY}, {@code PAUSE}, {@code SEEK} (null when there
 *     is none); else null
 * @param index where the entry was added or removed ({@code SONG_ADDED}, {@code SONG_REMOVED}),
 *     else -1
 * @param user who joined, left, came online, went offline or voted; else null
 * @param options the new options for {@code OPTIONS}, else null
 */
public record SessionUpdate(
    long sequence,
    Kind kind,
    int current,
    boolean playing,
    long positionMicros,
    long stampMicros,
    SessionSong song,
    int index,
    String user,
    SessionOptions options)
    implements Serializable {

  /** What an update says happened. */
  public enum Kind {
    /** {@code song} was added at {@code index}. */
    SONG_ADDED,
    /** {@code song} was removed from {@code index}; {@code current} may have moved. */
    SONG_REMOVED,
    /** Playback started or resumed at {@code positionMicros}, stamped {@code stampMicros}. */
    PLAY,
    /** Playback paused at {@code positionMicros}. */
    PAUSE,
    /** The current song jumped to {@code positionMicros} (playing or not). */
    SEEK,
    /** The next song became current at position 0 (or none: past the end, paused). */
    NEXT,
    /** {@code user} joined as a listener. */
    LISTENER_JOINED,
    /** {@code user} left, or was dropped (a failed or stalled callback, a missed lease). */
    LISTENER_LEFT,
    /** {@code user}, on the host's list, came online: they may join. */
    POTENTIAL_JOINED,
    /** {@code user} went offline, joined, or is no longer on the host's list. */
    POTENTIAL_LEFT,
    /** The host's connection is gone: finish the current song, then wait. */
    HOST_GONE,
    /** The host is back and in control again. */
    HOST_BACK,
    /** {@code user} voted to skip the current song. */
    SKIP_VOTE,
    /** The host changed what listeners may do. */
    OPTIONS,
    /** The host ended the session: stop; nothing more comes. */
    ENDED
  }

  public SessionUpdate {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence < 1: " + sequence);
    }
    Objects.requireNonNull(kind, "kind");
    Checks.notNegative(current, "current");
    Checks.notNegative(positionMicros, "positionMicros");
    if (index < -1) {
      throw new IllegalArgumentException("index < -1: " + index);
    }
    switch (kind) {
      case SONG_ADDED, SONG_REMOVED -> {
        Objects.requireNonNull(song, "song");
        Checks.notNegative(index, "index");
      }
      case LISTENER_JOINED, LISTENER_LEFT, POTENTIAL_JOINED, POTENTIAL_LEFT, SKIP_VOTE ->
          Checks.notBlank(user, "user");
      case OPTIONS -> Objects.requireNonNull(options, "options");
      default -> { }
    }
  }

  /** Whether this update moves the timeline (play, pause, seek, next, or a removal of the current song). */
  public boolean movesTimeline() {
    return switch (kind) {
      case PLAY, PAUSE, SEEK, NEXT, SONG_REMOVED -> true;
      default -> false;
    };
  }
}
