package org.jukebox.client.internal;

/** A song cannot be opened or streamed; the message is a clause for the user ("SoundSmith 'x' (id) cannot be reached: ..."). */
public final class PlaybackException extends Exception {
  private static final long serialVersionUID = 1L;

  public PlaybackException(String message) {
    super(message);
  }

  public PlaybackException(String message, Throwable cause) {
    super(message, cause);
  }
}
