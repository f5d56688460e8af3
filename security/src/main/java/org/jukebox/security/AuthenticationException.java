package org.jukebox.security;

import java.io.IOException;

/**
 * An authentication exchange failed: a peer was refused, or refused us. The message is meant for
 * people and says why ({@code signature does not verify for alice}, {@code authentication refused by
 * service org.example.Echo: no acceptable mechanism ...}).
 *
 * <p>It is an {@link IOException} because it surfaces where sockets are made: a client sees it as
 * the cause of the {@link java.rmi.ConnectIOException} its call fails with; on the server the
 * connection is closed before any RMI byte is read.
 */
public final class AuthenticationException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A refusal with a message for people; {@code message} should not be null. */
  public AuthenticationException(String message) {
    super(message);
  }

  /** A refusal with a message for people and the failure that caused it. */
  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
