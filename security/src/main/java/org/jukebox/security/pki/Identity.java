package org.jukebox.security.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The kind and name a jukebox certificate binds, read from its subject alternative name. */
record Identity(CertificateKind kind, String name) {
  private static final int SAN_URI = 6;

  /**
   * The identity of {@code cert}, or null if it has no single well-formed {@code jukebox:} URI
   * whose name matches its CN.
   */
  static Identity of(X509Certificate cert) {
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return null;
    }
    if (sans == null) {
      return null;
    }
    Identity found = null;
    for (List<?> san : sans) {
      if (san.size() < 2 || !(san.get(0) instanceof Integer) || (Integer) san.get(0) != SAN_URI) {
        continue;
      }
      String uri = String.valueOf(san.get(1));
      for (CertificateKind kind : CertificateKind.values()) {
        String prefix = "jukebox:" + kind.label() + ":";
        if (uri.startsWith(prefix)) {
          if (found != null) {
            return null; // two jukebox names: ambiguous, trust neither
          }
          found = new Identity(kind, uri.substring(prefix.length()));
        }
      }
    }
    if (found == null) {
      return null;
    }
    try {
      found.kind.checkName(found.name);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return found.name.equals(commonName(cert)) ? found : null;
  }

  /** The CN of the subject, or the whole subject DN when it has no CN. */
  static String commonName(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName();
    try {
      List<Rdn> rdns = new LdapName(dn).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
          return String.valueOf(rdns.get(i).getValue());
        }
      }
    } catch (InvalidNameException e) {
      // fall through: name the certificate by its whole subject
    }
    return dn;
  }

  /** How messages name a certificate: its jukebox name, else its CN. */
  static String displayName(X509Certificate cert) {
    Identity id = of(cert);
    return id != null ? id.name : commonName(cert);
  }
}
