package org.jukebox.security.pki;

import java.util.Locale;
import java.util.Objects;

/**
 * What a jukebox certificate names: a service (by its fully-qualified class name) or a user.
 *
 * <p>The kind and name travel in the certificate as a subject alternative name URI,
 * {@code jukebox:<kind>:<name>} (see {@link #uri(String)}).
 */
public enum CertificateKind {
  /** A jukebox service, named by its fully-qualified class name; may act as TLS server and client. */
  SERVICE,
  /** A person, named by a user name; acts as TLS client. */
  USER;

  /** {@code "service"} or {@code "user"}, as in messages and in the URI. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The subject alternative name URI that binds {@code name} to a certificate of this kind, for
   * example {@code jukebox:service:org.jukebox.directory.DirectoryServer} or
   * {@code jukebox:user:alice}.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is not a valid name of this kind
   */
  public String uri(String name) {
    checkName(name);
    return "jukebox:" + label() + ":" + name;
  }

  /**
   * Checks that {@code name} can name a party of this kind: a service's name is a
   * fully-qualified Java class name in ASCII ({@code org.example.Mp3SoundSmith}, nested classes with
   * {@code $}); a user's name is 1 to 64 letters, digits and {@code . _ @ + -}, not starting with
   * {@code .} or {@code -}.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException naming the input, e.g. {@code not a fully-qualified class
   *     name: "foo bar"}
   */
  public void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (this == SERVICE) {
      if (!isClassName(name)) {
        throw new IllegalArgumentException("not a fully-qualified class name: \"" + name + "\"");
      }
    } else if (!isUserName(name)) {
      throw new IllegalArgumentException("not a valid user name: \"" + name
          + "\" (use 1 to 64 letters, digits and . _ @ + -, not starting with . or -)");
    }
  }

  private static boolean isClassName(String name) {
    // ASCII only: the name goes into an IA5String URI and into a file name.
    String[] parts = name.split("\\.", -1);
    if (parts.length < 2 || name.length() > 255) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || !isAsciiIdentifierStart(part.charAt(0))) {
        return false;
      }
      for (int i = 1; i < part.length(); i++) {
        char c = part.charAt(i);
        if (!isAsciiIdentifierStart(c) && !(c >= '0' && c <= '9')) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isAsciiIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  }

  private static boolean isUserName(String name) {
    if (name.isEmpty() || name.length() > 64 || name.charAt(0) == '.' || name.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '@' || c == '+' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
