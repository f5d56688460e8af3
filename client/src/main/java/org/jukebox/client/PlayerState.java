package org.jukebox.client;

/** What a {@link Player} is doing. */
public enum PlayerState {
  /** Nothing is playing. */
  STOPPED,
  /** Opening a song's stream; audio follows. */
  BUFFERING,
  /** Audio is going to the sink. */
  PLAYING,
  /** A song is open but held. */
  PAUSED,
  /** The player was closed and takes no more commands. */
  CLOSED
}
