package org.jukebox.api;

import java.io.Serializable;

/**
 * Identifies one song, stable across restarts and rescans of the SoundSmith that serves it and
 * unique across SoundSmiths. Made of letters, digits and {@code - _ . :} only, so it can never
 * name a file path.
 *
 * @param value at most 200 characters of {@code [A-Za-z0-9._:-]}
 */
public record SongId(String value) implements Serializable, Comparable<SongId> {
  public SongId {
    Checks.token(value, "song id", 200);
  }

  @Override
  public int compareTo(SongId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
