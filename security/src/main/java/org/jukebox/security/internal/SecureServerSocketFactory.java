package org.jukebox.security.internal;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Objects;
import org.jukebox.security.SecurityConfig;

/**
 * Makes the listening sockets of secure exports: each accepted connection does its TLS and
 * authentication handshakes lazily, on the first read by the RMI thread that serves it, so the
 * accept loop never waits for a peer.
 *
 * <p>Equal for the same configuration, so that every object a process exports with it on one
 * port shares that port's listener. It is {@link Serializable} only to honour RMI's conventions
 * for socket factories; it never travels (server factories stay in their process) and it refuses
 * to be serialized, because its configuration holds a private key.
 */
public final class SecureServerSocketFactory implements RMIServerSocketFactory, Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  private final transient SecurityConfig config;
  private final transient ServerSide side;

  private SecureServerSocketFactory(SecurityConfig config) {
    this.config = config;
    this.side = ServerSide.of(config);
  }

  /**
   * The factory for servers configured by {@code config}.
   *
   * @throws IllegalArgumentException if it has no identity or accepts no mechanism, or TLS cannot
   *     use its key
   */
  public static SecureServerSocketFactory of(SecurityConfig config) {
    return new SecureServerSocketFactory(Objects.requireNonNull(config, "config"));
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    try {
      return new Listener(port, side);
    } catch (IOException e) {
      throw new IOException("cannot listen on port " + port + " for " + side.describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecureServerSocketFactory f && f.config == config;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(config);
  }

  @Override
  public String toString() {
    return "SecureServerSocketFactory[" + side.describe() + "]";
  }

  @Serial
  private Object writeReplace() throws java.io.NotSerializableException {
    throw new java.io.NotSerializableException("a server socket factory holds a private key and never travels");
  }

  /** A plain listener whose accepted sockets secure themselves on first use. */
  private static final class Listener extends ServerSocket {
    private final ServerSide side;

    Listener(int port, ServerSide side) throws IOException {
      super(port);
      this.side = side;
    }

    @Override
    public Socket accept() throws IOException {
      return new ServerConnection(super.accept(), side);
    }
  }
}
