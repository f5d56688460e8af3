package org.jukebox.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * One live SoundSmith as the MusicDirectory lists it.
 *
 * @param info what its latest beacon said
 * @param soundSmith the remote reference to call it
 * @param leaseRemaining how long its entry lives unless renewed, as of the listing
 */
public record SoundSmithEntry(SoundSmithInfo info, SoundSmith soundSmith, Duration leaseRemaining)
    implements Serializable {
  public SoundSmithEntry {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(soundSmith, "soundSmith");
    Objects.requireNonNull(leaseRemaining, "leaseRemaining");
  }

  /** Shorthand for {@code info().id()}. */
  public SoundSmithId id() {
    return info.id();
  }
}
