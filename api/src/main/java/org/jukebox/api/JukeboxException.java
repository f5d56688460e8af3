package org.jukebox.api;

/** The root of Jukebox's checked domain exceptions. */
public class JukeboxException extends Exception {
  private static final long serialVersionUID = 1L;

  public JukeboxException(String message) {
    super(message);
  }

  public JukeboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
