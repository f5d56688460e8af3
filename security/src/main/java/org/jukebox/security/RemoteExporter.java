package org.jukebox.security;

import java.rmi.NoSuchObjectException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.server.ExportException;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one place Jukebox exports remote objects (services never call
 * {@link UnicastRemoteObject} themselves). Every object it exports gets the
 * {@link SerialFilters#api() allow-list serial filter}. Closing it unexports everything it
 * exported, forcibly: calls in progress fail, new calls are refused.
 *
 * <p>The address inside the stubs is the JVM's {@code java.rmi.server.hostname} (set from the
 * {@code --advertise} option of every daemon), so that peers on other hosts can reach them.
 *
 * <p>Thread-safe.
 */
public final class RemoteExporter implements AutoCloseable {
  private final int port;
  private final List<Remote> exported = new ArrayList<>();
  private boolean closed;

  private RemoteExporter(int port) {
    this.port = port;
  }

  /**
   * An exporter whose objects listen on {@code port} (0 picks a free one; several objects share
   * one port).
   *
   * @throws IllegalArgumentException if the port is outside 0..65535
   */
  public static RemoteExporter onPort(int port) {
    if (port < 0) {
      throw new IllegalArgumentException("port < 0: " + port);
    }
    if (port > 65535) {
      throw new IllegalArgumentException("port > 65535: " + port);
    }
    return new RemoteExporter(port);
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
      T stub = (T) UnicastRemoteObject.exportObject(impl, port, SerialFilters.api());
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
