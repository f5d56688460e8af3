package org.jukebox.security;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decides whether a peer's certificate chain is a valid jukebox certificate of the expected kind
 * and name. SecureRMI calls it for the server certificate of every TLS connection a client opens
 * (expecting the service its stub names) and the signature mechanism calls it for the
 * certificate a client signs with.
 *
 * <p>{@link SecurityConfig.Builder#trustAnchors} and {@link SecurityConfig.Builder#revocation}
 * make a built-in check; a keystore-backed validator (the {@code pki} package) plugs in through
 * {@link SecurityConfig.Builder#certificateCheck}. Implementations are thread-safe.
 *
 * <p>Naming convention (shared with {@code jukebox keys}): a certificate binds exactly one
 * subject alternative name URI {@code jukebox:service:<fully-qualified class name>} or
 * {@code jukebox:user:<user name>}, and its subject CN equals that name.
 */
@FunctionalInterface
public interface CertificateCheck {
  /**
   * Checks {@code chain} now and returns the name its leaf binds.
   *
   * @param chain the peer's chain, leaf first; not null, may be empty (refused)
   * @param kind the kind of party expected ({@link JukeboxPrincipal.Kind#USER} or
   *     {@link JukeboxPrincipal.Kind#SERVICE}); not null
   * @param expectedName the class name or user name expected, or null to accept any name of
   *     that kind
   * @return the name the certificate binds (equal to {@code expectedName} if one was given)
   * @throws CertificateException with a message for people naming the certificate and the
   *     reason: untrusted issuer, self-signed, expired, not yet valid, revoked, wrong kind, or
   *     {@code certificate is for service X, expected service Y}
   */
  String check(List<X509Certificate> chain, JukeboxPrincipal.Kind kind, String expectedName)
      throws CertificateException;
}
