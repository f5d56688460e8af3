package org.jukebox.security;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The channel an {@link Authenticator} and a {@link Verifier} talk through during the
 * authentication exchange of one connection: bounded messages in both directions, plus what the
 * TLS layer already established (the channel binding and the server's certificate chain).
 *
 * <p>SecureRMI provides the implementation; mechanisms only call it. Messages are opaque to
 * SecureRMI: it frames them, caps their size at {@link #MAX_MESSAGE_BYTES} and bounds the whole
 * exchange by a handshake timeout, so a mechanism needs no limits of its own. Messages travel
 * inside the TLS channel, so they are confidential; they are not yet authenticated as coming
 * from a particular user, which is what the mechanism is for.
 *
 * <p>An exchange is used by one thread, for the duration of one
 * {@link Authenticator#authenticate} or {@link Verifier#verify} call; it is not valid afterwards.
 */
public interface Exchange {
  /** The largest message either side may send: 16 KiB, enough for a certificate chain. */
  int MAX_MESSAGE_BYTES = 16 * 1024;

  /**
   * Sends one message to the peer.
   *
   * @param message the bytes to send, at most {@link #MAX_MESSAGE_BYTES}; not null; may be empty
   * @throws IllegalArgumentException if the message is longer than {@link #MAX_MESSAGE_BYTES}
   * @throws IOException if the connection fails or the handshake timed out
   */
  void send(byte[] message) throws IOException;

  /**
   * Receives the next message from the peer, waiting at most until the handshake deadline.
   *
   * @return the message; never null, at most {@link #MAX_MESSAGE_BYTES} long
   * @throws AuthenticationException if the peer refused or gave up instead of sending a message
   *     (its reason is in the message)
   * @throws IOException if the peer closed the connection, sent a malformed or oversized
   *     message, or the handshake timed out
   */
  byte[] receive() throws IOException;

  /**
   * The channel binding of this connection: 32 bytes, equal on both ends of this TLS connection
   * and unpredictable and different on any other. SecureRMI derives it from the server's
   * certificate (RFC 5929 {@code tls-server-end-point}) and a fresh nonce from each side, so it
   * also differs when a client talks to a relay holding another certificate. A mechanism that
   * signs or MACs over it makes its messages useless on another connection: a captured exchange
   * cannot be replayed or relayed.
   *
   * @return a fresh copy, 32 bytes
   */
  byte[] channelBinding();

  /**
   * The certificate chain the server presented in the TLS handshake, leaf first; the client has
   * already checked it (trusted CA, validity, revocation, and that it names the service the
   * client meant to reach).
   *
   * @return an unmodifiable list, never empty
   */
  List<X509Certificate> serverCertificates();

  /**
   * The name the server's certificate binds, as the client expected it: a service's
   * fully-qualified class name ({@code org.jukebox.directory.DirectoryServer}) or, for a client's
   * callback endpoint, a user name. Mechanisms that MAC or sign may include it, so that a proof
   * made for one service is not accepted by another.
   */
  String serverName();
}
