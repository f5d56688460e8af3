package org.jukebox.soundsmith.internal.mp3;

/** A file is not a readable MP3; the message is the reason, fit for a log line after the file name. */
public final class Mp3FormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public Mp3FormatException(String reason) {
    super(reason);
  }
}
