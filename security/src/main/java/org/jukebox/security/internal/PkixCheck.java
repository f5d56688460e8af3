package org.jukebox.security.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jukebox.security.CertificateCheck;
import org.jukebox.security.JukeboxPrincipal;

/**
 * The built-in {@link CertificateCheck}: the leaf must chain (directly, or through CA
 * certificates the peer sent) to one of the trust anchors, every certificate on the way must be
 * valid now and not revoked, and the leaf must name the expected party by the jukebox naming
 * convention. Messages match those of the {@code pki} validator where both say the same thing.
 *
 * <p>Thread-safe if the revocation predicate is.
 */
public final class PkixCheck implements CertificateCheck {
  private static final int MAX_CHAIN = 5;

  private final List<X509Certificate> anchors;
  private final Predicate<X509Certificate> revoked;
  private final Clock clock;

  public PkixCheck(List<X509Certificate> anchors, Predicate<X509Certificate> revoked, Clock clock) {
    this.anchors = List.copyOf(anchors);
    this.revoked = Objects.requireNonNull(revoked, "revoked");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String check(List<X509Certificate> chain, JukeboxPrincipal.Kind kind, String expectedName)
      throws CertificateException {
    Objects.requireNonNull(kind, "kind");
    if (chain == null || chain.isEmpty() || chain.get(0) == null) {
      throw new CertificateException("no certificate presented");
    }
    Instant now = clock.instant();
    X509Certificate leaf = chain.get(0);
    String who = CertificateNames.displayName(leaf);
    checkTrusted(chain, leaf, who, now);
    checkValidity(leaf, "certificate for " + who, now);
    if (revoked.test(leaf)) {
      throw new CertificateException("certificate for " + who + " (serial 0x"
          + leaf.getSerialNumber().toString(16) + ") is revoked");
    }
    if (leaf.getBasicConstraints() >= 0) {
      throw new CertificateException("certificate for " + who + " is a CA certificate, not a "
          + label(kind) + " certificate");
    }
    Optional<JukeboxPrincipal> named = CertificateNames.of(leaf);
    if (named.isEmpty()) {
      throw new CertificateException("certificate for " + who + " names no jukebox service or user");
    }
    JukeboxPrincipal p = named.get();
    if (p.kind() != kind || (expectedName != null && !expectedName.equals(p.name()))) {
      String expected = expectedName == null ? "a " + label(kind) : CertificateNames.describe(kind, expectedName);
      throw new CertificateException("certificate is for " + CertificateNames.describe(p.kind(), p.name())
          + ", expected " + expected);
    }
    return p.name();
  }

  private void checkTrusted(List<X509Certificate> chain, X509Certificate leaf, String who, Instant now)
      throws CertificateException {
    X509Certificate current = leaf;
    for (int depth = 0; depth < MAX_CHAIN; depth++) {
      for (X509Certificate anchor : anchors) {
        if (anchor.equals(current)) {
          if (current == leaf) {
            throw new CertificateException("certificate for " + who + " is a CA certificate, not a party's");
          }
          return;
        }
        if (anchor.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && signedBy(current, anchor)) {
          checkValidity(anchor, "the jukebox CA certificate " + anchor.getSubjectX500Principal().getName(), now);
          return;
        }
      }
      X509Certificate next = null;
      for (X509Certificate c : chain) {
        if (c != current && c.getBasicConstraints() >= 0
            && c.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && signedBy(current, c)) {
          next = c;
          break;
        }
      }
      if (next == null) {
        break;
      }
      checkValidity(next, "CA certificate " + next.getSubjectX500Principal().getName(), now);
      if (revoked.test(next)) {
        throw new CertificateException("CA certificate " + next.getSubjectX500Principal().getName() + " is revoked");
      }
      current = next;
    }
    if (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()) && signedBy(leaf, leaf)) {
      throw new CertificateException("certificate for " + who + " is self-signed, not issued by a trusted jukebox CA");
    }
    throw new CertificateException("certificate for " + who + " is not signed by a trusted jukebox CA (issuer "
        + leaf.getIssuerX500Principal().getName() + ")");
  }

  private static void checkValidity(X509Certificate c, String what, Instant now) throws CertificateException {
    Instant notAfter = c.getNotAfter().toInstant();
    Instant notBefore = c.getNotBefore().toInstant();
    if (now.isAfter(notAfter)) {
      throw new CertificateException(what + " expired on " + notAfter);
    }
    if (now.isBefore(notBefore)) {
      throw new CertificateException(what + " is not valid before " + notBefore);
    }
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static String label(JukeboxPrincipal.Kind kind) {
    return kind == JukeboxPrincipal.Kind.SERVICE ? "service" : "user";
  }
}
