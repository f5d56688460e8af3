package org.jukebox.security.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A CRL whose signature has been checked against the jukebox CA, indexed by serial. Immutable. */
final class RevocationList {
  private final X509CRL crl;
  private final Map<BigInteger, Instant> revoked;

  private RevocationList(X509CRL crl, Map<BigInteger, Instant> revoked) {
    this.crl = crl;
    this.revoked = revoked;
  }

  /**
   * Checks that {@code crl} was issued and signed by {@code ca}.
   *
   * @throws GeneralSecurityException saying what is wrong with it
   */
  static RevocationList verified(X509CRL crl, X509Certificate ca) throws GeneralSecurityException {
    if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      throw new GeneralSecurityException("it was issued by " + crl.getIssuerX500Principal().getName()
          + ", not by the jukebox CA " + ca.getSubjectX500Principal().getName());
    }
    try {
      crl.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException("its signature does not verify with the key of the jukebox CA "
          + ca.getSubjectX500Principal().getName(), e);
    }
    Map<BigInteger, Instant> revoked = new HashMap<>();
    Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
    if (entries != null) {
      for (X509CRLEntry entry : entries) {
        revoked.put(entry.getSerialNumber(), entry.getRevocationDate().toInstant());
      }
    }
    return new RevocationList(crl, Collections.unmodifiableMap(revoked));
  }

  /** When the certificate with {@code serial} was revoked, or null. */
  Instant revokedOn(BigInteger serial) {
    return revoked.get(serial);
  }

  /** Serial to revocation time, unmodifiable. */
  Map<BigInteger, Instant> entries() {
    return revoked;
  }

  X509CRL crl() {
    return crl;
  }

  /** The time by which the CA promised a newer list, or null if it made no promise. */
  Instant nextUpdate() {
    return crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
  }
}
