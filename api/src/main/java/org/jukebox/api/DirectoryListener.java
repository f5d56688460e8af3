package org.jukebox.api;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * Told by the MusicDirectory when SoundSmiths arrive, change or leave. Callbacks for one
 * listener come in order, one at a time, on a thread of the directory's; a listener that throws
 * or cannot be reached is dropped, and a slow one never delays the others.
 */
public interface DirectoryListener extends Remote {
  /** A SoundSmith that was not listed now is. */
  void arrived(SoundSmithEntry entry) throws RemoteException;

  /** A listed SoundSmith beaconed with a different catalog version, song count or name. */
  void changed(SoundSmithEntry entry) throws RemoteException;

  /** A listed SoundSmith is gone. */
  void departed(SoundSmithId id, DepartureReason reason) throws RemoteException;
}
