package org.jukebox.client;

import java.time.Duration;
import org.jukebox.api.Song;

/**
 * Observes a {@link Player}. Calls come one at a time, in order, on the player's event thread
 * (never the player's audio thread, so a slow listener cannot make the audio stutter); a
 * listener that throws is logged and kept. Every method has an empty default.
 */
public interface PlayerListener {
  /** The player's state changed. */
  default void stateChanged(PlayerState state) {}

  /** A song's first audio is about to reach the sink. */
  default void songStarted(Song song) {}

  /** A song stopped playing, how, and at what position. */
  default void songEnded(Song song, SongEnd how, Duration position) {}

  /** The position in the current song, a few times a second while playing and after a seek. */
  default void positionChanged(Song song, Duration position) {}

  /**
   * Something went wrong that the user should know; the message names the song and the
   * SoundSmith and says what the player does about it ("skipping to the next song").
   */
  default void error(String message) {}
}
