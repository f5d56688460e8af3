package org.jukebox.api;

import java.io.Serializable;

/**
 * What a session's host lets its listeners do. Both are off by default.
 *
 * @param guestsMayAdd listeners may add songs to the playlist (they may never control playback)
 * @param voteSkip listeners may vote to skip the current song; a majority of the listeners
 *     present (the host not counted) skips it
 */
public record SessionOptions(boolean guestsMayAdd, boolean voteSkip) implements Serializable {
  /** Nothing allowed: the host alone adds songs, and nobody votes. */
  public static final SessionOptions DEFAULT = new SessionOptions(false, false);
}
