package org.jukebox.security;

import java.rmi.NoSuchObjectException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.ExportException;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jukebox.security.internal.SecureServerSocketFactory;

/**
 * The one place Jukebox exports remote objects (services never call
 * {@link UnicastRemoteObject} themselves). Every object it exports gets the
 * {@link SerialFilters#api() allow-list serial filter}. Closing it unexports everything it
 * exported, forcibly: calls in progress fail, new calls are refused.
 *
 * <p>{@link #onPort} exports over plain RMI; {@link #secure(SecurityConfig, int)} exports over
 * SecureRMI: TLS 1.3 with the configuration's certificate, then an authentication exchange with
 * one of its verifiers before any RMI byte is read, and {@link Caller#current()} naming the
 * caller during every call. Switching a server to secure is that one call; its clients install
 * their credentials with {@link ClientSecurity#install(SecurityConfig)}.
 *
 * <p>The address inside the stubs is the JVM's {@code java.rmi.server.hostname} (set from the
 * {@code --advertise} option of every daemon), so that peers on other hosts can reach them.
 *
 * <p>Thread-safe.
 */
public final class RemoteExporter implements AutoCloseable {
  private final int port;
  private final RMIClientSocketFactory clientFactory;
  private final RMIServerSocketFactory serverFactory;
  private final List<Remote> exported = new ArrayList<>();
  private boolean closed;

  private RemoteExporter(int port, RMIClientSocketFactory clientFactory, RMIServerSocketFactory serverFactory) {
    this.port = port;
    this.clientFactory = clientFactory;
    this.serverFactory = serverFactory;
  }

  /**
   * An exporter whose objects listen on {@code port} (0 picks a free one; several objects share
   * one port).
   *
   * @throws IllegalArgumentException if the port is outside 0..65535
   */
  public static RemoteExporter onPort(int port) {
    checkPort(port);
    return new RemoteExporter(port, null, null);
  }

  /**
   * An exporter whose objects are reached over SecureRMI on {@code port} (0 picks a free one):
   * the server presents {@code config}'s certificate and accepts its verifiers; the stubs carry
   * a {@link SecureClientSocketFactory} that expects that certificate's name. Exporters made
   * with the same configuration and port share one listener.
   *
   * @throws IllegalArgumentException if the port is outside 0..65535, or {@code config} has no
   *     identity, accepts no mechanism, or holds a key TLS cannot use
   */
  public static RemoteExporter secure(SecurityConfig config, int port) {
    Objects.requireNonNull(config, "config");
    checkPort(port);
    JukeboxPrincipal identity = config.identity().orElseThrow(() -> new IllegalArgumentException(
        "a secure exporter needs an identity: SecurityConfig.Builder.identity(key, chain)"));
    return new RemoteExporter(port, SecureClientSocketFactory.forPrincipal(identity),
        SecureServerSocketFactory.of(config));
  }

  private static void checkPort(int port) {
    if (port < 0) {
      throw new IllegalArgumentException("port < 0: " + port);
    }
    if (port > 65535) {
      throw new IllegalArgumentException("port > 65535: " + port);
    }
  }

  /** An exporter on an anonymous port. */
  public static RemoteExporter anyPort() {
    return onPort(0);
  }

  /**
   * Exports {@code impl} and returns the stub to hand to peers.
   *
   * @throws ExportException if the object cannot be exported (port taken, already exported)
   * @throws IllegalStateException if this exporter is closed
   */
  @SuppressWarnings("unchecked")
  public synchronized <T extends Remote> T export(T impl) throws ExportException {
    Objects.requireNonNull(impl, "impl");
    if (closed) {
      throw new IllegalStateException("exporter is closed");
    }
    try {
      T stub = (T) (clientFactory == null
          ? UnicastRemoteObject.exportObject(impl, port, SerialFilters.api())
          : UnicastRemoteObject.exportObject(impl, port, clientFactory, serverFactory, SerialFilters.api()));
      exported.add(impl);
      return stub;
    } catch (ExportException e) {
      throw e;
    } catch (RemoteException e) {
      throw new ExportException("cannot export " + impl.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  /** Unexports one object this exporter exported; returns whether it was exported. */
  public synchronized boolean unexport(Remote impl) {
    if (!exported.remove(impl)) {
      return false;
    }
    return unexportQuietly(impl);
  }

  /** The port objects are exported on, as configured (0 for any). */
  public int port() {
    return port;
  }

  /** Whether this exporter exports over SecureRMI. */
  public boolean isSecure() {
    return clientFactory != null;
  }

  /**
   * Creates an RMI registry on this exporter's port, with its socket factories, so that the
   * registry shares the port with the objects exported here and, when secure, is reached over
   * the same TLS and authentication. The registry keeps the JDK's built-in allow-list filter.
   * Closing the exporter unexports it.
   *
   * @throws IllegalStateException if this exporter uses any port (0) or is closed
   * @throws RemoteException if the registry cannot be created (port taken)
   */
  public synchronized Registry createRegistry() throws RemoteException {
    if (closed) {
      throw new IllegalStateException("exporter is closed");
    }
    if (port == 0) {
      throw new IllegalStateException("a registry needs a fixed port; this exporter uses any port (0)");
    }
    Registry registry = clientFactory == null
        ? LocateRegistry.createRegistry(port)
        : LocateRegistry.createRegistry(port, clientFactory, serverFactory);
    exported.add(registry);
    return registry;
  }

  /**
   * The socket factory clients use to reach this exporter's objects, for
   * {@link LocateRegistry#getRegistry(String, int, RMIClientSocketFactory)}; null for plain RMI.
   */
  public RMIClientSocketFactory clientSocketFactory() {
    return clientFactory;
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Remote r : exported) {
      unexportQuietly(r);
    }
    exported.clear();
  }

  private static boolean unexportQuietly(Remote impl) {
    try {
      return UnicastRemoteObject.unexportObject(impl, true);
    } catch (NoSuchObjectException e) {
      return false;
    }
  }
}
