package org.jukebox.api;

/** A reported event makes no sense (from the future, a position past the end); the message says why. */
public final class InvalidEventException extends JukeboxException {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }
}
