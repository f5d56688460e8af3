package org.jukebox.api;

import java.io.Serializable;

/**
 * Identifies one service other than a SoundSmith (a DJ, a session server) for as long as it
 * lives; the key of its entry in the MusicDirectory.
 *
 * @param value at most 64 characters of {@code [A-Za-z0-9._:-]}
 */
public record ServiceId(String value) implements Serializable, Comparable<ServiceId> {
  public ServiceId {
    Checks.token(value, "service id", 64);
  }

  @Override
  public int compareTo(ServiceId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
