package org.jukebox.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a SoundSmith tells the MusicDirectory each time it announces itself: who it is, how to
 * reach it, and how big and how new its catalog is. Never the songs themselves: song lists in
 * beacons made the directory the bottleneck of an earlier design.
 *
 * @param info identity, name, kind, catalog version and song count
 * @param soundSmith the remote reference clients call
 */
public record Beacon(SoundSmithInfo info, SoundSmith soundSmith) implements Serializable {
  public Beacon {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(soundSmith, "soundSmith");
  }
}
