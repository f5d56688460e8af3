package org.jukebox.api;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * Told by the MusicDirectory which sessions an online user may join. Calls for one listener come
 * in order, one at a time; a listener that throws or cannot be reached is taken offline.
 */
public interface SessionDirectoryListener extends Remote {
  /** A session the user may join appeared, or what it plays changed. */
  void listed(SessionListing listing) throws RemoteException;

  /** The session ended, or the user is no longer on its host's list. */
  void unlisted(SessionId session) throws RemoteException;
}
