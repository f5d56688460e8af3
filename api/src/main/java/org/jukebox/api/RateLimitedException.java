package org.jukebox.api;

/** The caller sent more than its share; it may try again later. The message says what and when. */
public final class RateLimitedException extends JukeboxException {
  private static final long serialVersionUID = 1L;

  public RateLimitedException(String message) {
    super(message);
  }
}
