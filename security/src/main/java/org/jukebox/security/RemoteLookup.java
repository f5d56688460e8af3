package org.jukebox.security;

import java.rmi.NoSuchObjectException;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.util.Objects;
import org.jukebox.api.MusicDirectory;

/**
 * Finds Jukebox services in the RMI registry at a {@link HostPort}. Every failure is a
 * {@link RemoteException} whose message names the address that was asked, so a mistyped
 * {@code --directory} says where it looked.
 *
 * <p>Stateless and thread-safe.
 */
public final class RemoteLookup {
  /**
   * The name on a MusicDirectory's service certificate: what a client expects to reach when it
   * looks the directory up over SecureRMI.
   */
  public static final String DIRECTORY_SERVICE = "org.jukebox.directory.DirectoryServer";

  private RemoteLookup() {}

  /**
   * The MusicDirectory bound as {@link MusicDirectory#REGISTRY_NAME} in the registry at
   * {@code address}.
   *
   * @throws NullPointerException if {@code address} is null
   * @throws java.rmi.ConnectException if nothing answers at that address
   * @throws NoSuchObjectException if a registry answers but holds no MusicDirectory
   * @throws RemoteException for any other failure, naming the address
   */
  public static MusicDirectory directory(HostPort address) throws RemoteException {
    // With credentials installed, the registry is reached over SecureRMI and must present the
    // directory's service certificate; without them, over plain RMI.
    return lookup(address, MusicDirectory.REGISTRY_NAME, MusicDirectory.class,
        ClientSecurity.installed().isPresent() ? SecureClientSocketFactory.forService(DIRECTORY_SERVICE) : null);
  }

  /**
   * The object bound as {@code name} in the registry at {@code address}, of type {@code type}.
   *
   * @throws NullPointerException if an argument is null
   * @throws java.rmi.ConnectException if nothing answers at that address
   * @throws NoSuchObjectException if nothing is bound under that name
   * @throws RemoteException if the bound object is not a {@code type}, or for any other failure,
   *     naming the address
   */
  public static <T extends Remote> T lookup(HostPort address, String name, Class<T> type)
      throws RemoteException {
    return lookup(address, name, type, null);
  }

  /**
   * Like {@link #lookup(HostPort, String, Class)}, reaching the registry through {@code factory}
   * (for example a {@link SecureClientSocketFactory}); null means plain sockets.
   */
  public static <T extends Remote> T lookup(HostPort address, String name, Class<T> type,
      java.rmi.server.RMIClientSocketFactory factory) throws RemoteException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Remote found;
    try {
      // getRegistry makes no connection; the lookup is the first call that can fail.
      Registry registry = factory == null
          ? LocateRegistry.getRegistry(address.host(), address.port())
          : LocateRegistry.getRegistry(address.host(), address.port(), factory);
      found = registry.lookup(name);
    } catch (java.rmi.ConnectException | java.rmi.ConnectIOException e) {
      throw new java.rmi.ConnectException(
          "no RMI registry answers at " + address + " (is the " + type.getSimpleName()
              + " running there?): " + rootMessage(e) + mismatchHint(e, factory), exceptionOf(e));
    } catch (java.rmi.UnknownHostException e) {
      throw new java.rmi.UnknownHostException("unknown host in " + address + ": " + rootMessage(e),
          exceptionOf(e));
    } catch (NotBoundException e) {
      throw new NoSuchObjectException(
          "the RMI registry at " + address + " has nothing bound as " + name);
    } catch (RemoteException e) {
      throw new RemoteException("looking up " + name + " at " + address + " failed: " + rootMessage(e)
          + mismatchHint(e, factory), exceptionOf(e));
    }
    if (!type.isInstance(found)) {
      throw new RemoteException("the RMI registry at " + address + " binds " + name + " to a "
          + found.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(found);
  }

  /**
   * A hint when the failure looks like one side speaking SecureRMI and the other plain RMI: a
   * connection that was accepted, then closed or garbled, rather than refused.
   */
  static String mismatchHint(Throwable e, java.rmi.server.RMIClientSocketFactory factory) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof java.net.ConnectException || root instanceof java.net.UnknownHostException) {
      return "";
    }
    // Accepted, then cut or garbled: a TLS alert, an end of stream, a reset, a bad header.
    if (!(root instanceof java.io.IOException)) {
      return "";
    }
    return factory == null
        ? " (if it runs SecureRMI, this process needs its certificate: drop --insecure)"
        : " (if it runs with --insecure, this process must too)";
  }

  private static Exception exceptionOf(RemoteException e) {
    return e.getCause() instanceof Exception cause ? cause : e;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
