package org.jukebox.security.pki;

import static org.jukebox.security.pki.CertificateRejectedException.Reason;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jukebox.security.CertificateCheck;
import org.jukebox.security.JukeboxPrincipal;

/**
 * Decides whether a peer's certificate chain is a valid jukebox certificate of the expected kind
 * and name, with exact reasons when it is not.
 *
 * <p>The leaf (first) certificate must be signed directly by the jukebox CA, be within its validity
 * period, not be on the CA's revocation list, name a party of the expected kind (and name, if one
 * is expected) through its {@code jukebox:} subject alternative name, and allow the role: a
 * service certificate must allow TLS server authentication, a user certificate client
 * authentication. The rest of the chain is ignored: the CA certificate this validator holds is the
 * only trust anchor. Signatures are checked with the JDK's providers (Ed25519 since JDK 15).
 *
 * <p>A validator made by {@link Pki#validator()} re-reads {@code ca.crl} whenever the file changes,
 * so a revocation reaches running services without a restart; if the list is missing, unreadable
 * or not signed by the CA, every certificate is rejected ({@link Reason#REVOCATION_LIST_UNUSABLE}):
 * it fails closed.
 *
 * <p>It is SecureRMI's {@link CertificateCheck}: {@code SecurityConfig.builder().certificateCheck(
 * Pki.at(home).validator())}.
 *
 * <p>Thread-safe.
 */
public final class CertificateValidator implements CertificateCheck {
  private static final System.Logger LOG = System.getLogger(CertificateValidator.class.getName());

  private final X509Certificate ca;
  private final CrlSource crls;
  private final Clock clock;

  CertificateValidator(X509Certificate ca, CrlSource crls, Clock clock) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.crls = Objects.requireNonNull(crls, "crls");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A validator that trusts {@code ca} and honours the fixed revocation list {@code crl}.
   *
   * @throws NullPointerException if either is null
   * @throws IllegalArgumentException if {@code crl} was not issued and signed by {@code ca}
   */
  public static CertificateValidator of(X509Certificate ca, X509CRL crl) {
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(crl, "crl");
    RevocationList list;
    try {
      list = RevocationList.verified(crl, ca);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("revocation list is unusable: " + e.getMessage(), e);
    }
    return new CertificateValidator(ca, () -> list, Clock.systemUTC());
  }

  /** The CA certificate this validator trusts: the trust anchor. */
  public X509Certificate caCertificate() {
    return ca;
  }

  /**
   * The revocation list as of now, for code that wants to hand it to a JDK PKIX validator.
   *
   * @throws CertificateRejectedException ({@link Reason#REVOCATION_LIST_UNUSABLE}) if it is
   *     missing, unreadable or not signed by the CA
   */
  public X509CRL revocationList() throws CertificateRejectedException {
    return crls.current().crl();
  }

  /** {@link #validate(X509Certificate[], CertificateKind, String, Instant)} at the clock's now. */
  public String validate(X509Certificate[] chain, CertificateKind kind, String expectedName)
      throws CertificateRejectedException {
    return validate(chain, kind, expectedName, clock.instant());
  }

  /**
   * Checks {@code chain} at {@code now} and returns the name its leaf certificate binds.
   *
   * <p>Checks run in this order, and the first failure is reported: a certificate is present; the
   * CA is valid; the leaf is signed by the CA; it is not revoked; it is within its validity; it
   * names a jukebox party; of {@code kind}; with {@code expectedName}; its key usages allow the
   * role.
   *
   * @param chain the peer's chain, leaf first; may be null or empty (rejected)
   * @param kind the kind of party expected; not null
   * @param expectedName the class name or user name expected, or null to accept any name of
   *     {@code kind}
   * @param now the time to judge validity at; not null
   * @return the name bound by the certificate (equal to {@code expectedName} if one was given)
   * @throws CertificateRejectedException with one of these messages:
   *     <ul>
   *       <li>{@code no certificate presented}
   *       <li>{@code the jukebox CA certificate CN=… expired on 2035-01-01T00:00:00Z} (or {@code is
   *           not valid before …})
   *       <li>{@code certificate for alice is not signed by the jukebox CA CN=…}
   *       <li>{@code certificate for alice (serial 0x…) was revoked on 2025-03-01T12:00:00Z}
   *       <li>{@code revocation list /…/ca.crl is unusable: …}
   *       <li>{@code certificate for alice expired on 2025-01-01T00:00:00Z}
   *       <li>{@code certificate for alice is not valid before 2025-01-01T00:00:00Z}
   *       <li>{@code certificate for X is a CA certificate, not a service certificate}
   *       <li>{@code certificate for X names no jukebox service or user}
   *       <li>{@code certificate for alice is a user certificate, not a service certificate}
   *       <li>{@code certificate for org.a.A is not for service org.b.B}
   *       <li>{@code certificate for alice does not allow client authentication}
   *     </ul>
   */
  public String validate(X509Certificate[] chain, CertificateKind kind, String expectedName, Instant now)
      throws CertificateRejectedException {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(now, "now");
    if (chain == null || chain.length == 0 || chain[0] == null) {
      throw new CertificateRejectedException(Reason.NO_CERTIFICATE, "no certificate presented");
    }
    X509Certificate leaf = chain[0];
    String who = Identity.displayName(leaf);
    String caName = ca.getSubjectX500Principal().getName();

    if (now.isAfter(ca.getNotAfter().toInstant())) {
      throw new CertificateRejectedException(Reason.CA_NOT_VALID,
          "the jukebox CA certificate " + caName + " expired on " + ca.getNotAfter().toInstant());
    }
    if (now.isBefore(ca.getNotBefore().toInstant())) {
      throw new CertificateRejectedException(Reason.CA_NOT_VALID,
          "the jukebox CA certificate " + caName + " is not valid before " + ca.getNotBefore().toInstant());
    }
    if (!signedByCa(leaf)) {
      throw new CertificateRejectedException(Reason.WRONG_ISSUER,
          "certificate for " + who + " is not signed by the jukebox CA " + caName);
    }
    checkNotRevoked(leaf);
    Instant notAfter = leaf.getNotAfter().toInstant();
    Instant notBefore = leaf.getNotBefore().toInstant();
    if (now.isAfter(notAfter)) {
      throw new CertificateRejectedException(Reason.EXPIRED, "certificate for " + who + " expired on " + notAfter);
    }
    if (now.isBefore(notBefore)) {
      throw new CertificateRejectedException(Reason.NOT_YET_VALID,
          "certificate for " + who + " is not valid before " + notBefore);
    }
    if (leaf.getBasicConstraints() >= 0) {
      throw new CertificateRejectedException(Reason.NOT_A_JUKEBOX_CERTIFICATE,
          "certificate for " + who + " is a CA certificate, not a " + kind.label() + " certificate");
    }
    Identity id = Identity.of(leaf);
    if (id == null) {
      throw new CertificateRejectedException(Reason.NOT_A_JUKEBOX_CERTIFICATE,
          "certificate for " + who + " names no jukebox service or user");
    }
    if (id.kind() != kind) {
      throw new CertificateRejectedException(Reason.WRONG_KIND, "certificate for " + who + " is a "
          + id.kind().label() + " certificate, not a " + kind.label() + " certificate");
    }
    if (expectedName != null && !expectedName.equals(id.name())) {
      throw new CertificateRejectedException(Reason.WRONG_NAME,
          "certificate for " + who + " is not for " + kind.label() + " " + expectedName);
    }
    checkUsage(leaf, who, kind);
    return id.name();
  }

  /**
   * {@link #validate(X509Certificate[], CertificateKind, String)} for SecureRMI: {@code USER} and
   * {@code SERVICE} map to the certificate kinds of the same name.
   *
   * @throws IllegalArgumentException if {@code kind} is {@code ANONYMOUS}: no certificate names one
   * @throws CertificateRejectedException as {@link #validate(X509Certificate[], CertificateKind,
   *     String, Instant)}
   */
  @Override
  public String check(List<X509Certificate> chain, JukeboxPrincipal.Kind kind, String expectedName)
      throws CertificateRejectedException {
    Objects.requireNonNull(kind, "kind");
    CertificateKind expected;
    switch (kind) {
      case USER:
        expected = CertificateKind.USER;
        break;
      case SERVICE:
        expected = CertificateKind.SERVICE;
        break;
      default:
        throw new IllegalArgumentException("no certificate names an anonymous party");
    }
    return validate(chain == null ? null : chain.toArray(new X509Certificate[0]), expected, expectedName);
  }

  /**
   * Checks only that {@code certificate} is not on the CA's current revocation list: the hook a
   * TLS layer calls when it has done the other checks itself.
   *
   * @throws NullPointerException if {@code certificate} is null
   * @throws CertificateRejectedException {@code certificate for alice (serial 0x…) was revoked on
   *     …}, or the list is unusable
   */
  public void checkNotRevoked(X509Certificate certificate) throws CertificateRejectedException {
    Objects.requireNonNull(certificate, "certificate");
    Instant revokedOn = crls.current().revokedOn(certificate.getSerialNumber());
    if (revokedOn != null) {
      throw new CertificateRejectedException(Reason.REVOKED, "certificate for " + Identity.displayName(certificate)
          + " (serial " + Pki.hex(certificate.getSerialNumber()) + ") was revoked on " + revokedOn);
    }
  }

  /**
   * Whether {@code certificate} is on the CA's current revocation list, as a predicate for code
   * that takes one. Fails closed: when the list is missing, unreadable or not signed by the CA,
   * every certificate counts as revoked (and the reason is logged).
   *
   * @throws NullPointerException if {@code certificate} is null
   */
  public boolean isRevoked(X509Certificate certificate) {
    try {
      checkNotRevoked(certificate);
      return false;
    } catch (CertificateRejectedException e) {
      if (e.reason() != Reason.REVOKED) {
        LOG.log(Level.WARNING, "treating {0} as revoked: {1}",
            certificate.getSubjectX500Principal().getName(), e.getMessage());
      }
      return true;
    }
  }

  private boolean signedByCa(X509Certificate leaf) {
    if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      leaf.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static void checkUsage(X509Certificate leaf, String who, CertificateKind kind)
      throws CertificateRejectedException {
    boolean[] keyUsage = leaf.getKeyUsage();
    if (keyUsage != null && !keyUsage[0]) {
      throw new CertificateRejectedException(Reason.WRONG_USAGE,
          "certificate for " + who + " does not allow digital signatures");
    }
    String oid = kind == CertificateKind.SERVICE ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2";
    String role = kind == CertificateKind.SERVICE ? "server authentication" : "client authentication";
    List<String> eku;
    try {
      eku = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw new CertificateRejectedException(Reason.WRONG_USAGE,
          "certificate for " + who + " has an unreadable extended key usage", e);
    }
    if (eku != null && !eku.contains(oid) && !eku.contains("2.5.29.37.0")) {
      throw new CertificateRejectedException(Reason.WRONG_USAGE, "certificate for " + who + " does not allow " + role);
    }
  }

  /** Where the current revocation list comes from. */
  @FunctionalInterface
  interface CrlSource {
    RevocationList current() throws CertificateRejectedException;
  }

  /** A CRL file, re-read and re-verified whenever its size or modification time changes. */
  static final class CrlFile implements CrlSource {
    private final Path file;
    private final X509Certificate ca;
    private final Clock clock;
    private final boolean warnWhenStale;
    private Object stamp;
    private RevocationList list;
    private boolean warnedStale;

    /** {@code warnWhenStale}: log once per list read if it is past its next update. */
    CrlFile(Path file, X509Certificate ca, Clock clock, boolean warnWhenStale) {
      this.file = file;
      this.ca = ca;
      this.clock = clock;
      this.warnWhenStale = warnWhenStale;
    }

    @Override
    public synchronized RevocationList current() throws CertificateRejectedException {
      try {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        List<Object> now = List.of(attrs.lastModifiedTime(), attrs.size(), String.valueOf(attrs.fileKey()));
        if (list == null || !now.equals(stamp)) {
          list = RevocationList.verified(PkiFiles.readCrl(file), ca);
          stamp = now;
          warnedStale = false;
        }
      } catch (NoSuchFileException e) {
        list = null;
        throw new CertificateRejectedException(Reason.REVOCATION_LIST_UNUSABLE,
            "revocation list " + file + " is missing: copy it from the CA's home with ca.crt", e);
      } catch (IOException | GeneralSecurityException e) {
        list = null;
        throw new CertificateRejectedException(Reason.REVOCATION_LIST_UNUSABLE,
            "revocation list " + file + " is unusable: " + e.getMessage(), e);
      }
      Instant next = list.nextUpdate();
      if (warnWhenStale && !warnedStale && next != null && clock.instant().isAfter(next)) {
        // The list is a local file, not fetched: staleness means nobody re-signed it, not that an
        // attacker withheld it. Keep honouring it and tell the operator.
        warnedStale = true;
        LOG.log(Level.WARNING, "revocation list {0} was due for renewal on {1}: run `jukebox keys update-crl`",
            file, next);
      }
      return list;
    }
  }
}
