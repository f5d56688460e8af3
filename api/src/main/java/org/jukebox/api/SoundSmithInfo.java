package org.jukebox.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a SoundSmith says about itself.
 *
 * @param id its identity
 * @param name a human-readable name, for example "Alice's MP3s"
 * @param kind what it serves: {@link #KIND_MP3} or {@link #KIND_CD} (other kinds may follow)
 * @param catalogVersion the version of its catalog now
 * @param songCount how many songs its catalog holds now
 */
public record SoundSmithInfo(SoundSmithId id, String name, String kind, long catalogVersion, int songCount)
    implements Serializable {
  /** Kind of a SoundSmith that serves MP3 files from a folder tree. */
  public static final String KIND_MP3 = "mp3";
  /** Kind of a SoundSmith that serves an audio CD. */
  public static final String KIND_CD = "cd";

  public SoundSmithInfo {
    Objects.requireNonNull(id, "id");
    Checks.notBlank(name, "name");
    Checks.token(kind, "kind", 32);
    Checks.notNegative(catalogVersion, "catalogVersion");
    Checks.notNegative(songCount, "songCount");
  }
}
