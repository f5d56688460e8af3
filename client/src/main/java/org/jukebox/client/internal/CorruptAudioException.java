package org.jukebox.client.internal;

/** The bytes are not MPEG audio JLayer can decode; the message says what was wrong. */
public final class CorruptAudioException extends Exception {
  private static final long serialVersionUID = 1L;

  public CorruptAudioException(String message) {
    super(message);
  }

  public CorruptAudioException(String message, Throwable cause) {
    super(message, cause);
  }
}
