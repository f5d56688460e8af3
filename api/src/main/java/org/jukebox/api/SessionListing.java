package org.jukebox.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * A session as the MusicDirectory lists it to a user who may join it: who hosts it, what plays,
 * and where to join.
 *
 * @param id the session
 * @param host the user who hosts it
 * @param server the id of the session server that runs it
 * @param session the remote reference to join through
 * @param current the song playing or paused now, or null
 * @param playing whether it plays
 * @param listenerCount how many listen now, the host included
 * @param hostPresent whether the host is connected
 */
public record SessionListing(
    SessionId id,
    String host,
    ServiceId server,
    SessionServer session,
    SessionSong current,
    boolean playing,
    int listenerCount,
    boolean hostPresent)
    implements Serializable {
  public SessionListing {
    Objects.requireNonNull(id, "id");
    Checks.notBlank(host, "host");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(session, "session");
    Checks.notNegative(listenerCount, "listenerCount");
  }
}
