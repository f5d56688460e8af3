package org.jukebox.security;

import java.io.IOException;

/**
 * The client side of one authentication mechanism: proves who the client is (or that it paid)
 * to the server's {@link Verifier} of the same {@linkplain #mechanism() mechanism}, by exchanging
 * messages over an {@link Exchange}.
 *
 * <p>SecureRMI runs it once per new connection, after the TLS handshake and before any RMI data,
 * on the thread that opens the connection. The server picks the mechanism; the exchange then
 * belongs to the authenticator and the verifier until the verifier decides. A mechanism should
 * bind its proof to {@link Exchange#channelBinding()} so that it cannot be replayed on another
 * connection.
 *
 * <p>Implementations are immutable or thread-safe: several connections may authenticate at once.
 * Third parties make their own by extending this class and {@link Verifier}, and registering an
 * {@link AuthenticationMechanism} with {@link java.util.ServiceLoader} (see docs/SECURITY.md).
 */
public abstract class Authenticator {
  /**
   * The anonymous authenticator: proves nothing and sends nothing. A server that accepts
   * {@link Verifier#NONE} treats the peer as {@link JukeboxPrincipal#ANONYMOUS}.
   */
  public static final Authenticator NONE = new Authenticator() {
    @Override
    public String mechanism() {
      return ANONYMOUS;
    }

    @Override
    public void authenticate(Exchange exchange) {
      // nothing to prove
    }

    @Override
    public String toString() {
      return "Authenticator.NONE";
    }
  };

  /** The name of the anonymous mechanism. */
  public static final String ANONYMOUS = "anonymous";

  /** For subclasses. */
  protected Authenticator() {}

  /**
   * The name of the mechanism, which the client offers and the server matches against its
   * verifiers: 1 to 32 characters of {@code a-z 0-9 - .} ({@code "signature"}, {@code "hmac"}).
   * Constant for an instance.
   */
  public abstract String mechanism();

  /**
   * Runs the client's part of the exchange. Returning means the client has said all it has to
   * say; the verifier then accepts or refuses, and a refusal reaches the caller as an
   * {@link AuthenticationException} naming the server's reason.
   *
   * @param exchange the exchange with the server for this connection; not null
   * @throws AuthenticationException if the client refuses to go on (for example, the server
   *     failed to prove it knows a shared key); its message is sent to the server and raised here
   * @throws IOException if the connection fails or the handshake times out
   */
  public abstract void authenticate(Exchange exchange) throws IOException;
}
