package org.jukebox.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A session's whole state at one moment: what a listener receives when it joins (or asks again
 * after missing updates), before incremental {@link SessionUpdate}s take it on from
 * {@code sequence}.
 *
 * <p>The timeline: the song at {@code current} was at {@code positionMicros} when the session
 * server's clock read {@code stampMicros}; if {@code playing}, it is at
 * {@code positionMicros + (serverNow - stampMicros)} at the server's time {@code serverNow}. Stamps
 * are readings of the session server's clock, in microseconds since the epoch, the same clock as
 * {@link ClockReading}: a client converts them with its estimated offset to that server.
 *
 * <p>Immutable; lists are copied.
 *
 * @param id the session
 * @param host the user who hosts it
 * @param hostPresent whether the host is connected now (when not, listeners finish the current
 *     song and wait)
 * @param playlist every entry, in playing order
 * @param current index into {@code playlist} of the current song; {@code playlist.size()} when
 *     there is none (an empty playlist, or past its end)
 * @param playing whether the current song is playing (never true without a current song)
 * @param positionMicros the current song's position at {@code stampMicros}; 0 without one
 * @param stampMicros the server's clock when that position held
 * @param sequence the sequence number of the last update this state includes; the next update
 *     a listener receives has {@code sequence + 1}
 * @param listeners the users listening now, host included if present, in name order
 * @param potentialListeners users online who may join (on the host's list) but are not listening
 * @param options what the host lets listeners do
 */
public record SessionSnapshot(
    SessionId id,
    String host,
    boolean hostPresent,
    List<SessionSong> playlist,
    int current,
    boolean playing,
    long positionMicros,
    long stampMicros,
    long sequence,
    List<String> listeners,
    List<String> potentialListeners,
    SessionOptions options)
    implements Serializable {
  public SessionSnapshot {
    Objects.requireNonNull(id, "id");
    Checks.notBlank(host, "host");
    playlist = List.copyOf(playlist);
    if (current < 0 || current > playlist.size()) {
      throw new IllegalArgumentException("current outside 0.." + playlist.size() + ": " + current);
    }
    if (playing && current == playlist.size()) {
      throw new IllegalArgumentException("playing without a current song");
    }
    Checks.notNegative(positionMicros, "positionMicros");
    Checks.notNegative(sequence, "sequence");
    listeners = List.copyOf(listeners);
    potentialListeners = List.copyOf(potentialListeners);
    Objects.requireNonNull(options, "options");
  }

  /** The current entry, or null when there is none. */
  public SessionSong currentSong() {
    return current < playlist.size() ? playlist.get(current) : null;
  }

  /** The entry after the current one (to prefetch), or null. */
  public SessionSong nextSong() {
    return current + 1 < playlist.size() ? playlist.get(current + 1) : null;
  }
}
