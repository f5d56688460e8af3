package org.jukebox.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a session server tells the MusicDirectory about one of its sessions, for listings: after a
 * change of song, play state, listeners or host presence, and again (with the charter) when the
 * directory has come back and lost its table.
 *
 * @param charter the session's id, host and list of who may join, as the server holds it
 * @param server the id under which the server announces itself
 * @param current the song playing or paused now, or null
 * @param playing whether it plays
 * @param listenerCount how many listen now, the host included
 * @param hostPresent whether the host is connected
 */
public record SessionStatus(
    SessionCharter charter, ServiceId server, SessionSong current, boolean playing, int listenerCount,
    boolean hostPresent)
    implements Serializable {
  public SessionStatus {
    Objects.requireNonNull(charter, "charter");
    Objects.requireNonNull(server, "server");
    Checks.notNegative(listenerCount, "listenerCount");
  }

  /** Shorthand for {@code charter().id()}. */
  public SessionId id() {
    return charter.id();
  }
}
