package org.jukebox.security.pki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate the jukebox CA issued, as {@link Pki#list()} and the issuing methods report it.
 *
 * @param kind service or user
 * @param name the class name or user name it binds
 * @param certificate the certificate itself
 * @param revokedOn when it was revoked, or null if it is not on the revocation list
 */
public record IssuedCertificate(CertificateKind kind, String name, X509Certificate certificate, Instant revokedOn) {
  /** @throws NullPointerException if anything but {@code revokedOn} is null */
  public IssuedCertificate {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(certificate, "certificate");
  }

  /** The serial number, a random positive 128-bit number. */
  public BigInteger serial() {
    return certificate.getSerialNumber();
  }

  /** The serial number as written in messages: {@code 0x} and lower-case hex. */
  public String serialHex() {
    return Pki.hex(serial());
  }

  /** The subject distinguished name, RFC 2253 ({@code CN=alice}). */
  public String subject() {
    return certificate.getSubjectX500Principal().getName();
  }

  /** Start of validity. */
  public Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }

  /** End of validity (inclusive). */
  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /** When it was revoked, if it was. */
  public Optional<Instant> revocation() {
    return Optional.ofNullable(revokedOn);
  }

  /** Whether it is on the revocation list. */
  public boolean isRevoked() {
    return revokedOn != null;
  }

  /** Whether {@code now} is past its not-after date. */
  public boolean isExpired(Instant now) {
    return now.isAfter(notAfter());
  }
}
