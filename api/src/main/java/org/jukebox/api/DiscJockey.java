package org.jukebox.api;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.List;

/**
 * The DJ: learns what each user likes from what they do and picks songs for them. Every call
 * acts for the authenticated caller; a profile is private to its owner unless the owner
 * publishes it, and nobody but its owner can ever change it.
 */
public interface DiscJockey extends Remote {
  /** The kind under which a DJ announces itself to the MusicDirectory. */
  String SERVICE_KIND = "dj";
  /** The name under which a DJ binds itself in the RMI registry on its port. */
  String REGISTRY_NAME = "jukebox/DJ";

  /**
   * Records events of the caller's. Durable when the call returns: a crash afterwards loses none
   * of them. All or nothing: one invalid event refuses the batch.
   *
   * @throws InvalidEventException naming the first event that makes no sense
   * @throws RateLimitedException if the caller reports faster than its share
   * @throws AccessDeniedException if the caller is anonymous
   */
  void report(List<ListeningEvent> events) throws RemoteException, JukeboxException;

  /**
   * Picks up to {@code n} songs out of {@code available}, best first, never one the caller
   * played recently: favourites mixed with discoveries by the taste chosen, then popular songs,
   * then random ones for a profile with too little history.
   *
   * @param available the songs the caller can play now; the answer is drawn from these only
   * @throws AccessDeniedException if the taste names a profile that is neither the caller's nor
   *     published
   */
  List<Pick> nextSongs(Taste taste, List<SongId> available, int n) throws RemoteException, JukeboxException;

  /**
   * A user's profile: the caller's own, or a published one.
   *
   * @param top at most this many preferences, strongest likes first
   * @throws AccessDeniedException if it is another user's and not published (also when that user
   *     has no profile, so that refusals do not tell who exists)
   */
  ProfileView profile(String user, int top) throws RemoteException, JukeboxException;

  /** Publishes the caller's profile read-only, or takes it private again. */
  void publish(boolean published) throws RemoteException, JukeboxException;

  /** The users whose profiles are published, in name order. */
  List<String> publishedProfiles() throws RemoteException;
}
