package org.jukebox.security;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/**
 * Who is on the other end of an authenticated connection, as established by a {@code Verifier}.
 * Server code gets it for the current remote call from {@code Caller.current()}; access decisions
 * use it, never host names.
 *
 * @param name the user name ({@code "alice"}), the service's fully-qualified class name, or
 *     {@code "anonymous"}; never blank
 * @param kind what sort of party this is
 * @param mechanism the authentication mechanism that established it, e.g. {@code "signature"},
 *     {@code "hmac"}, {@code "coin"}, {@code "anonymous"}
 */
public record JukeboxPrincipal(String name, Kind kind, String mechanism) implements Principal, Serializable {
  /** The principal of a peer that proved nothing. */
  public static final JukeboxPrincipal ANONYMOUS = new JukeboxPrincipal("anonymous", Kind.ANONYMOUS, "anonymous");

  /** What sort of party a principal is. */
  public enum Kind {
    /** A person, named in a user certificate or a shared-key registration. */
    USER,
    /** A Jukebox service, named by its fully-qualified class name. */
    SERVICE,
    /** Someone who paid (a coin) or proved nothing; not a stable identity. */
    ANONYMOUS
  }

  public JukeboxPrincipal {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("principal name is blank");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mechanism, "mechanism");
    if (mechanism.isBlank()) {
      throw new IllegalArgumentException("mechanism is blank");
    }
  }

  /** A user named {@code name}, authenticated by {@code mechanism}. */
  public static JukeboxPrincipal user(String name, String mechanism) {
    return new JukeboxPrincipal(name, Kind.USER, mechanism);
  }

  /** Whether this is the anonymous principal (or another that proved no stable identity). */
  public boolean isAnonymous() {
    return kind == Kind.ANONYMOUS;
  }

  /**
   * The domain part of a user name of the form {@code user@domain}, or "" when there is none.
   * Access policies that give free music to a domain use it.
   */
  public String domain() {
    int at = name.lastIndexOf('@');
    return at < 0 ? "" : name.substring(at + 1);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String toString() {
    return name + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ", " + mechanism + ")";
  }
}
