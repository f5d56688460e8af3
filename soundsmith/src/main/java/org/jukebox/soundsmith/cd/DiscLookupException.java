package org.jukebox.soundsmith.cd;

/**
 * A {@link DiscInfoSource} could not answer: its message says what failed and why, for example
 * {@code "CDDB server gnudb.gnudb.org:80 unreachable: connect timed out"}. Not thrown when a
 * disc is simply unknown (that is an empty answer).
 */
public final class DiscLookupException extends Exception {
  private static final long serialVersionUID = 1L;

  public DiscLookupException(String message) {
    super(message);
  }

  public DiscLookupException(String message, Throwable cause) {
    super(message, cause);
  }
}
