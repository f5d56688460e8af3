package org.jukebox.api;

import java.io.Serializable;

/**
 * Identifies one SoundSmith for as long as its data directory lives; the key of its entry in
 * the MusicDirectory and the prefix of its songs' {@link SongId}s.
 *
 * @param value at most 64 characters of {@code [A-Za-z0-9._:-]}
 */
public record SoundSmithId(String value) implements Serializable, Comparable<SoundSmithId> {
  public SoundSmithId {
    Checks.token(value, "soundsmith id", 64);
  }

  @Override
  public int compareTo(SoundSmithId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
