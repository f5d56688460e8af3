package org.jukebox.api;

import java.io.Serializable;

/**
 * Identifies one shared listening session for as long as it lives, across restarts of the
 * session server that runs it. Unguessable; made by the MusicDirectory when a host creates it.
 *
 * @param value at most 64 characters of {@code [A-Za-z0-9._:-]}
 */
public record SessionId(String value) implements Serializable, Comparable<SessionId> {
  public SessionId {
    Checks.token(value, "session id", 64);
  }

  @Override
  public int compareTo(SessionId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
