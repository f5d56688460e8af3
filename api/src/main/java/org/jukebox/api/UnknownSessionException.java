package org.jukebox.api;

import java.util.Objects;

/** No session with that id runs here: it never existed, ended, or runs on another server. */
public final class UnknownSessionException extends JukeboxException {
  private static final long serialVersionUID = 1L;

  private final SessionId sessionId;

  public UnknownSessionException(SessionId sessionId, String message) {
    super(message);
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
  }

  /** The id that was asked for. */
  public SessionId sessionId() {
    return sessionId;
  }
}
