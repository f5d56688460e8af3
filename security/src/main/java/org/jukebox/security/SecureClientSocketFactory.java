package org.jukebox.security;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import java.util.Objects;
import org.jukebox.security.internal.ClientConnector;

/**
 * The client socket factory inside every stub a secure {@link RemoteExporter} hands out: it
 * opens a TLS 1.3 connection, refuses a server whose certificate does not name the party the
 * stub is for, and runs the authentication exchange before RMI sends a byte.
 *
 * <p>It carries only public data, the kind and name of the server it expects, because it
 * travels inside stubs. The credentials it authenticates with are the process's own, installed
 * with {@link ClientSecurity#install(SecurityConfig)} (or bound to one stub with
 * {@link ClientSecurity#as(SecurityConfig, java.rmi.Remote)}).
 *
 * <p>Immutable and thread-safe. Equal factories share RMI's pooled connections, so equality
 * includes the identity a stub was bound to.
 */
public final class SecureClientSocketFactory implements RMIClientSocketFactory, Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  /** {@code "service"} or {@code "user"}. */
  private final String kind;
  private final String name;
  /** Which installed identity to use; local to this process, so never serialized. */
  private final transient String identity;

  private SecureClientSocketFactory(String kind, String name, String identity) {
    this.kind = kind;
    this.name = name;
    this.identity = identity;
  }

  /**
   * A factory for stubs of the service whose certificate names {@code className}.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public static SecureClientSocketFactory forService(String className) {
    return new SecureClientSocketFactory("service", checkName(className), null);
  }

  /** A factory for stubs exported by a user's process (its callbacks), whose certificate names {@code user}. */
  public static SecureClientSocketFactory forUser(String user) {
    return new SecureClientSocketFactory("user", checkName(user), null);
  }

  static SecureClientSocketFactory forPrincipal(JukeboxPrincipal p) {
    return p.kind() == JukeboxPrincipal.Kind.USER ? forUser(p.name()) : forService(p.name());
  }

  SecureClientSocketFactory withIdentity(String identityId) {
    return new SecureClientSocketFactory(kind, name, identityId);
  }

  /** The kind of party the server must be. */
  public JukeboxPrincipal.Kind expectedKind() {
    return "user".equals(kind) ? JukeboxPrincipal.Kind.USER : JukeboxPrincipal.Kind.SERVICE;
  }

  /** The name the server's certificate must bind. */
  public String expectedName() {
    return name;
  }

  /**
   * Connects, checks the server's certificate and authenticates.
   *
   * @throws IOException saying why: no client security installed, the certificate refused
   *     ({@code certificate is for service X, expected service Y}, untrusted, expired, revoked),
   *     authentication refused, a handshake timeout, or a network failure
   */
  @Override
  public Socket createSocket(String host, int port) throws IOException {
    SecurityConfig config = ClientSecurity.configFor(identity, this);
    return ClientConnector.connect(host, port, expectedKind(), name, config);
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("expected server name is blank");
    }
    return name;
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    if (!"service".equals(kind) && !"user".equals(kind)) {
      throw new InvalidObjectException("bad kind in SecureClientSocketFactory: " + kind);
    }
    if (name == null || name.isBlank() || name.length() > 255) {
      throw new InvalidObjectException("bad name in SecureClientSocketFactory");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecureClientSocketFactory f && f.kind.equals(kind) && f.name.equals(name)
        && Objects.equals(f.identity, identity);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, identity);
  }

  @Override
  public String toString() {
    return "SecureClientSocketFactory[" + kind + " " + name + (identity == null ? "" : ", as " + identity) + "]";
  }

}
