package org.jukebox.security.internal;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.jukebox.security.JukeboxPrincipal;

/**
 * The naming convention of jukebox certificates: exactly one subject alternative name URI
 * {@code jukebox:service:<class name>} or {@code jukebox:user:<user name>}, equal to the subject
 * CN. Shared with {@code jukebox keys} (which issues them) so both read names alike.
 */
public final class CertificateNames {
  /** The URI prefix of a service's name. */
  public static final String SERVICE_PREFIX = "jukebox:service:";
  /** The URI prefix of a user's name. */
  public static final String USER_PREFIX = "jukebox:user:";
  /** The mechanism recorded in a principal read from a certificate. */
  public static final String CERTIFICATE_MECHANISM = "certificate";
  private static final int SAN_URI = 6;

  private CertificateNames() {}

  /** {@code "service org.x.Y"} or {@code "user alice"}, as messages name a party. */
  public static String describe(JukeboxPrincipal.Kind kind, String name) {
    return (kind == JukeboxPrincipal.Kind.SERVICE ? "service " : "user ") + name;
  }

  /**
   * The party {@code cert} names (mechanism {@code "certificate"}), or empty if it does not
   * follow the convention (no jukebox URI, two of them, or a CN that differs).
   */
  public static Optional<JukeboxPrincipal> of(X509Certificate cert) {
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    if (sans == null) {
      return Optional.empty();
    }
    JukeboxPrincipal found = null;
    for (List<?> san : sans) {
      if (san.size() < 2 || !(san.get(0) instanceof Integer type) || type != SAN_URI) {
        continue;
      }
      String uri = String.valueOf(san.get(1));
      JukeboxPrincipal p = null;
      if (uri.startsWith(SERVICE_PREFIX) && uri.length() > SERVICE_PREFIX.length()) {
        p = new JukeboxPrincipal(uri.substring(SERVICE_PREFIX.length()), JukeboxPrincipal.Kind.SERVICE,
            CERTIFICATE_MECHANISM);
      } else if (uri.startsWith(USER_PREFIX) && uri.length() > USER_PREFIX.length()) {
        p = new JukeboxPrincipal(uri.substring(USER_PREFIX.length()), JukeboxPrincipal.Kind.USER,
            CERTIFICATE_MECHANISM);
      }
      if (p != null) {
        if (found != null) {
          return Optional.empty(); // two jukebox names: ambiguous, trust neither
        }
        found = p;
      }
    }
    if (found == null || !found.name().equals(commonName(cert))) {
      return Optional.empty();
    }
    return Optional.of(found);
  }

  /** The subject CN, or the whole subject DN if it has none. */
  public static String commonName(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName();
    try {
      List<Rdn> rdns = new LdapName(dn).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
          return String.valueOf(rdns.get(i).getValue());
        }
      }
    } catch (InvalidNameException e) {
      // fall through: the whole DN names it
    }
    return dn;
  }

  /** How messages name a certificate: its jukebox name, else its CN. */
  public static String displayName(X509Certificate cert) {
    return of(cert).map(JukeboxPrincipal::name).orElseGet(() -> commonName(cert));
  }

  /**
   * Checks a mechanism name: 1 to 32 characters of {@code a-z 0-9 - .}.
   *
   * @throws IllegalArgumentException naming the input otherwise
   */
  public static String checkMechanismName(String name) {
    boolean ok = name != null && !name.isEmpty() && name.length() <= 32;
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    }
    if (!ok) {
      throw new IllegalArgumentException("not a mechanism name (1 to 32 of a-z 0-9 - .): \"" + name + "\"");
    }
    return name;
  }
}
