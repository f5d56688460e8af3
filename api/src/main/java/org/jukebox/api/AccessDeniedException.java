package org.jukebox.api;

/** The caller may not do this; the message says what was refused. */
public final class AccessDeniedException extends JukeboxException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }

}
