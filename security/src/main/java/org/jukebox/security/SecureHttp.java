package org.jukebox.security;

import java.net.http.HttpClient;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jukebox.security.internal.HttpsTls;

/**
 * HTTPS with the jukebox certificates, for the SoundSmith's stream endpoint and the players that
 * fetch from it: the same TLS as SecureRMI (Bouncy Castle's JSSE, TLS 1.3 only,
 * {@code TLS_AES_128_GCM_SHA256}, {@code TLS_CHACHA20_POLY1305_SHA256} or
 * {@code TLS_AES_256_GCM_SHA384}, X25519 or P-256), with certificates checked inside the handshake
 * by the configuration's {@link SecurityConfig#certificateCheck() certificate check}.
 *
 * <p>The server presents its identity and <em>wants</em> a client certificate; a client that
 * sends one is checked as a jukebox user ({@link #principalOf} then names it), a client that
 * sends none still connects (a stream ticket is then a bearer capability), and a client that
 * sends an invalid one fails the handshake.
 *
 * <p><b>Which server a client accepts.</b> The client accepts a valid jukebox <em>service</em>
 * certificate of any name, and does no host-name check: jukebox certificates name a service
 * class, not a host, and a stream URL names a host and port only. That is enough because a
 * stream URL arrives inside a ticket returned by a SoundSmith stub over SecureRMI, whose
 * connection already checked the SoundSmith's certificate and name; HTTPS then keeps the audio
 * and the ticket confidential and proves the endpoint holds a key the jukebox CA issued to some
 * service. A CA-certified service that takes over the SoundSmith's address could still serve
 * the request; it cannot use the ticket elsewhere, since tickets are single use and bound to the
 * principal they were issued to.
 *
 * <p>The contexts make {@link javax.net.ssl.SSLEngine}s, for
 * {@code com.sun.net.httpserver.HttpsServer} and {@link HttpClient}; their socket factories throw
 * {@link UnsupportedOperationException}. Thread-safe; make one context per configuration and
 * reuse it (it holds the TLS session cache).
 */
public final class SecureHttp {
  /** The principal mechanism of a user proven by an HTTPS client certificate: a signature in the handshake. */
  public static final String MECHANISM = "signature";

  private SecureHttp() {}

  /**
   * A server context: presents {@code config}'s identity, wants a client certificate and accepts
   * only a valid jukebox user certificate ({@code config.certificateCheck()} with kind
   * {@code USER}, any name). Its {@link SSLContext#getDefaultSSLParameters() default parameters}
   * are Jukebox's (TLS 1.3, its suites, want-client-auth); the groups are set on every engine.
   *
   * @throws IllegalArgumentException if {@code config} has no identity, no way to check
   *     certificates (no trust anchors and no custom check), or a key TLS cannot use
   * @throws NullPointerException if {@code config} is null
   */
  public static SSLContext server(SecurityConfig config) {
    return HttpsTls.server(config);
  }

  /**
   * A client context: presents {@code config}'s identity when the server asks for one (if
   * {@code config} has an identity; else it sends none), and accepts a server only with a valid
   * jukebox service certificate of any name (see the class comment for why any name will do).
   * No host-name check is made.
   *
   * @throws IllegalArgumentException if {@code config} has no way to check certificates or a key
   *     TLS cannot use
   * @throws NullPointerException if {@code config} is null
   */
  public static SSLContext client(SecurityConfig config) {
    return HttpsTls.client(config);
  }

  /**
   * An HTTP client for stream URLs, as the player wants it (HTTP/1.1, 5 s connect timeout, no
   * redirects), speaking HTTPS with {@link #client(SecurityConfig)}: the user's certificate
   * proves who fetches a ticket, so a ticket issued to someone else is refused. Plain
   * {@code http://} URLs still work with it. Pass it to {@code JukeboxClient.Builder.httpClient}.
   *
   * @throws IllegalArgumentException as {@link #client(SecurityConfig)}
   * @throws NullPointerException if {@code config} is null
   */
  public static HttpClient httpClient(SecurityConfig config) {
    SSLContext tls = client(config);
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(tls)
        .sslParameters(tls.getDefaultSSLParameters())
        .build();
  }

  /**
   * The user that {@code session}'s client certificate names, as
   * {@code JukeboxPrincipal.user(name, "signature")}, or empty if the client sent no certificate.
   * The chain is checked again with {@code config.certificateCheck()} (a session may outlive a
   * revocation).
   *
   * @throws SecurityException if the client's certificate is not, or no longer, a valid jukebox
   *     user certificate; the message says why
   * @throws NullPointerException if an argument is null
   */
  public static Optional<JukeboxPrincipal> principalOf(SSLSession session, SecurityConfig config) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(config, "config");
    java.security.cert.Certificate[] peer;
    try {
      peer = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    if (peer == null || peer.length == 0) {
      return Optional.empty();
    }
    try {
      List<X509Certificate> chain = HttpsTls.x509(peer);
      String name = config.certificateCheck().check(chain, JukeboxPrincipal.Kind.USER, null);
      return Optional.of(JukeboxPrincipal.user(name, MECHANISM));
    } catch (CertificateException e) {
      throw new SecurityException("client certificate refused: " + e.getMessage(), e);
    }
  }
}
