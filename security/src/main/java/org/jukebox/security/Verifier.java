package org.jukebox.security;

import java.io.IOException;

/**
 * The server side of one authentication mechanism: runs the exchange with the client's
 * {@link Authenticator} of the same {@linkplain #mechanism() mechanism} and decides who the client
 * is. The principal it returns is attached to the connection, and server code reads it with
 * {@link Caller#current()} during every call that arrives on it.
 *
 * <p>SecureRMI runs it once per accepted connection, after the TLS handshake and before any RMI
 * data is read, with a bounded deadline. A verifier should check a proof bound to
 * {@link Exchange#channelBinding()}, so that an exchange captured on one connection is refused on
 * another.
 *
 * <p>Implementations are thread-safe: many connections are verified at once.
 */
public abstract class Verifier {
  /**
   * The anonymous verifier: accepts every client as {@link JukeboxPrincipal#ANONYMOUS} without
   * a message. A server accepts unauthenticated peers only if it lists this verifier.
   */
  public static final Verifier NONE = new Verifier() {
    @Override
    public String mechanism() {
      return Authenticator.ANONYMOUS;
    }

    @Override
    public JukeboxPrincipal verify(Exchange exchange) {
      return JukeboxPrincipal.ANONYMOUS;
    }

    @Override
    public String toString() {
      return "Verifier.NONE";
    }
  };

  /** For subclasses. */
  protected Verifier() {}

  /**
   * The name of the mechanism this verifier checks; see {@link Authenticator#mechanism()}.
   * Constant for an instance.
   */
  public abstract String mechanism();

  /**
   * Runs the server's part of the exchange and decides who the client is.
   *
   * @param exchange the exchange with the client for this connection; not null
   * @return the authenticated principal; never null
   * @throws AuthenticationException to refuse the client; its message says why, for people
   *     ({@code certificate for alice was revoked ...}), and is sent to the client
   * @throws IOException if the connection fails or the handshake times out
   */
  public abstract JukeboxPrincipal verify(Exchange exchange) throws IOException;
}
