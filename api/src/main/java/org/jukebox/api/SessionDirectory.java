package org.jukebox.api;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The MusicDirectory's side of shared listening: who is online, each user's list of who may see
 * and join the sessions they host (their ACL) and the lists they are on (memberships), and the
 * session table, one session per host, each assigned to one of the live session servers. Served
 * by the directory next to {@link MusicDirectory}, bound as {@link #REGISTRY_NAME} in the same
 * registry.
 *
 * <p>Every call acts for the authenticated caller (over plain RMI everyone is {@code anonymous}).
 * A session is visible only to its host and to the users on the host's list; to anyone else it
 * does not exist.
 */
public interface SessionDirectory extends Remote {
  /** The name under which the directory binds this in its RMI registry. */
  String REGISTRY_NAME = "jukebox/SessionDirectory";

  /**
   * Puts the caller online for as long as the lease lives. The listener is told at once of every
   * session the caller may join ({@link SessionDirectoryListener#listed}), and later of sessions
   * appearing, changing and ending; the session of every host who lists the caller learns it has
   * a new potential listener. Going online again replaces the earlier listener.
   */
  Lease goOnline(SessionDirectoryListener listener, Duration requested) throws RemoteException, JukeboxException;

  /**
   * Renews the caller's presence.
   *
   * @throws UnknownLeaseException if it ran out (go online again)
   */
  Lease renew(LeaseId lease, Duration requested) throws RemoteException, JukeboxException;

  /** Takes the caller offline now. Idempotent. */
  void goOffline(LeaseId lease) throws RemoteException, JukeboxException;

  /**
   * Replaces the caller's list of users who may see and join the sessions the caller hosts.
   * Users taken off it can no longer join (and no longer see the session); listeners already in
   * keep listening until they leave.
   */
  void setAcl(Set<String> users) throws RemoteException, JukeboxException;

  /** The caller's list, in name order. */
  List<String> acl() throws RemoteException, JukeboxException;

  /** The hosts whose lists name the caller, in name order. */
  List<String> memberships() throws RemoteException, JukeboxException;

  /** The users online now whose lists name the caller or whom the caller's list names, in name order. */
  List<String> onlineFriends() throws RemoteException, JukeboxException;

  /**
   * The sessions the caller may join: those of hosts whose lists name the caller, and the
   * caller's own, in host order.
   */
  List<SessionListing> joinableSessions() throws RemoteException, JukeboxException;

  /**
   * Creates the caller's session on the live session server with the fewest sessions, or returns
   * the one the caller hosts already (one per host).
   *
   * @throws JukeboxException if no session server is live, or none took the session; the message
   *     says which
   */
  SessionListing createSession() throws RemoteException, JukeboxException;

  /**
   * A session server reports a session's state, for listings, or re-registers it after the
   * directory restarted (session servers only: the one that runs the session).
   */
  void sessionChanged(SessionStatus status) throws RemoteException, JukeboxException;

  /** A session server reports that a session ended (the server that runs it only). */
  void sessionEnded(SessionId session) throws RemoteException, JukeboxException;
}
