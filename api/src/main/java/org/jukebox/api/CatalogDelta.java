package org.jukebox.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The answer to {@link SoundSmith#catalog(long)}: what changed in one SoundSmith's catalog
 * between two versions.
 *
 * <p>When {@code full} is true, {@code upserts} is the whole catalog at {@code toVersion} and
 * the receiver replaces what it held; this happens when the version asked for is older than
 * the SoundSmith remembers, or newer than its current one (it was reset). Otherwise the receiver
 * adds or replaces every song in {@code upserts} and drops every id in {@code removed}.
 *
 * @param soundSmith whose catalog this is
 * @param fromVersion the version the delta starts from (as asked, or 0 when full)
 * @param toVersion the version the receiver holds after applying it
 * @param full whether this replaces everything
 * @param upserts songs added or changed, in no particular order
 * @param removed ids of songs that are gone
 */
public record CatalogDelta(
    SoundSmithId soundSmith,
    long fromVersion,
    long toVersion,
    boolean full,
    List<Song> upserts,
    List<SongId> removed)
    implements Serializable {
  public CatalogDelta {
    Objects.requireNonNull(soundSmith, "soundSmith");
    Checks.notNegative(fromVersion, "fromVersion");
    Checks.notNegative(toVersion, "toVersion");
    if (!full && toVersion < fromVersion) {
      throw new IllegalArgumentException("toVersion < fromVersion: " + toVersion + " < " + fromVersion);
    }
    upserts = List.copyOf(upserts);
    removed = List.copyOf(removed);
  }

  /** Whether applying this delta changes nothing. */
  public boolean isEmpty() {
    return !full && upserts.isEmpty() && removed.isEmpty();
  }
}
