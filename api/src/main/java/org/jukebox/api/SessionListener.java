package org.jukebox.api;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.List;

/**
 * Told by a session server what changes in a session the listener joined. Calls for one listener
 * come one at a time, in sequence order, on a thread of the server's; a listener that throws, that
 * does not return within the server's callback timeout, or that falls too far behind is dropped
 * from the session (and others are told {@code LISTENER_LEFT}). A slow listener never delays the
 * others.
 */
public interface SessionListener extends Remote {
  /**
   * The next updates of the session, in order, with consecutive sequence numbers (several at once
   * when the listener fell behind). Should return quickly: do the work on another thread.
   */
  void updated(SessionId session, List<SessionUpdate> updates) throws RemoteException;
}
