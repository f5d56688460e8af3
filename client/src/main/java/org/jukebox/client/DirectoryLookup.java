package org.jukebox.client;

import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import org.jukebox.api.MusicDirectory;

/**
 * Finds the MusicDirectory, for example in the RMI registry on its host:
 * {@code () -> RemoteLookup.directory(address)}. {@link JukeboxClient} calls it at start and
 * again whenever the directory stops answering, because a restarted directory is a new remote
 * object that the old stub can never reach.
 *
 * <p>Called on the client's own thread, one call at a time; it may block (a registry lookup)
 * but should be bounded.
 */
@FunctionalInterface
public interface DirectoryLookup {
  /**
   * The directory's stub; never null.
   *
   * @throws RemoteException if the registry cannot be reached
   * @throws NotBoundException if no directory is bound there (yet)
   */
  MusicDirectory lookup() throws RemoteException, NotBoundException;
}
