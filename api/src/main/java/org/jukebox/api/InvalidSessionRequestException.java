package org.jukebox.api;

/**
 * A session request that makes no sense in the session's state, or an upload that is not what it
 * claims: a seek past the end of the song, play with nothing to play, a removal of an entry that
 * is not there, audio of the wrong type or size. The message says which.
 */
public final class InvalidSessionRequestException extends JukeboxException {
  private static final long serialVersionUID = 1L;

  public InvalidSessionRequestException(String message) {
    super(message);
  }
}
