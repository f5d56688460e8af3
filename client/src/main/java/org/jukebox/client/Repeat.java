package org.jukebox.client;

/** What a {@link Playlist} does after its last song. */
public enum Repeat {
  /** Stop. */
  OFF,
  /** Start over (with shuffle: a new random round). */
  ALL
}
