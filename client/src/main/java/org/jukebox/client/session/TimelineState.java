package org.jukebox.client.session;

import java.util.Objects;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionSnapshot;
import org.jukebox.api.SessionSong;

/**
 * Where a session's playback stands: the current song at {@code positionMicros} when the session
 * server's clock read {@code stampMicros}, playing or not.
 *
 * @param session the session
 * @param sequence the last update included
 * @param song the current entry, or null (nothing to play: wait)
 * @param next the entry after it, to prefetch, or null
 * @param playing whether the song plays (false when {@code song} is null)
 * @param positionMicros its position at {@code stampMicros}
 * @param stampMicros the session server's clock, micros since the epoch ({@code ClockReading}'s clock)
 * @param hostPresent whether the host is connected (when not: finish the song, then wait)
 * @param ended whether the host ended the session (stop)
 */
public record TimelineState(SessionId session, long sequence, SessionSong song, SessionSong next, boolean playing,
    long positionMicros, long stampMicros, boolean hostPresent, boolean ended) {
  public TimelineState {
    Objects.requireNonNull(session, "session");
  }

  /** The state a snapshot describes. */
  public static TimelineState of(SessionSnapshot s, boolean ended) {
    return new TimelineState(s.id(), s.sequence(), s.currentSong(), s.nextSong(), s.playing(), s.positionMicros(),
        s.stampMicros(), s.hostPresent(), ended);
  }

  /** Where the song should be at the server's time {@code serverNowMicros}. */
  public long targetMicrosAt(long serverNowMicros) {
    return playing ? positionMicros + (serverNowMicros - stampMicros) : positionMicros;
  }
}
