package org.jukebox.api;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.Set;

/**
 * Runs shared listening sessions: keeps each session's playlist, timeline, listeners and
 * potential listeners, takes the host's controls, stamps every change with its clock and pushes
 * it to every listener ({@link SessionListener}). Sessions are created through the
 * MusicDirectory ({@link SessionDirectory#createSession()}), which assigns them to a server and
 * tells it with {@link #open}; clients find them there and then talk to the server directly.
 *
 * <p>Every call acts for the authenticated caller. Only a session's host may control it; anyone on
 * the host's list may join. Unless the host allows it ({@link SessionOptions}), listeners may
 * neither add songs nor vote. Calls that change something are rate-limited per caller.
 */
public interface SessionServer extends Remote {
  /** The kind under which a session server announces itself to the MusicDirectory. */
  String SERVICE_KIND = "session";
  /** The name under which a session server binds itself in the RMI registry on its port. */
  String REGISTRY_NAME = "jukebox/SessionServer";

  /**
   * The server's half of an NTP-style clock exchange, read from the clock every stamp comes from.
   * Not rate-limited; cheap.
   */
  ClockReading time() throws RemoteException;

  /**
   * Joins the session as a listener (the host joins its own session the same way, and rejoins it
   * after a drop: control resumes). Joining again replaces the earlier membership and listener.
   *
   * @param listener receives every update after the snapshot, in order
   * @param lease how long the membership lives unless {@link #renew renewed}; the server may grant less
   * @throws UnknownSessionException if no such session runs here
   * @throws AccessDeniedException if the caller is neither the host nor on the host's list
   */
  SessionJoin join(SessionId session, SessionListener listener, Duration lease)
      throws RemoteException, JukeboxException;

  /**
   * Renews the caller's membership.
   *
   * @throws UnknownLeaseException if it ran out, was dropped or was never granted (join again)
   * @throws UnknownSessionException if no such session runs here
   */
  Lease renew(SessionId session, LeaseId lease, Duration requested) throws RemoteException, JukeboxException;

  /** Leaves the session; the host leaving does not end it (see {@link #end}). Idempotent. */
  void leave(SessionId session) throws RemoteException, JukeboxException;

  /**
   * The session's whole state now, for a member that missed updates.
   *
   * @throws AccessDeniedException if the caller is neither the host nor on the host's list
   */
  SessionSnapshot snapshot(SessionId session) throws RemoteException, JukeboxException;

  /**
   * Appends a song from a SoundSmith to the playlist. The host may; listeners only if
   * {@link SessionOptions#guestsMayAdd()}.
   *
   * @return the new entry
   */
  SessionSong add(SessionId session, Song song) throws RemoteException, JukeboxException;

  /**
   * Removes an entry (host only). Removing the current song makes the next one current, paused
   * at 0 if it was paused and playing from 0 if it was playing.
   *
   * @throws InvalidSessionRequestException if the playlist has no such entry
   */
  void remove(SessionId session, long entry) throws RemoteException, JukeboxException;

  /**
   * Plays the current song from where it stands (host only). Playing while playing does nothing.
   *
   * @throws InvalidSessionRequestException if there is no current song
   */
  void play(SessionId session) throws RemoteException, JukeboxException;

  /** Pauses (host only). Pausing while paused does nothing. */
  void pause(SessionId session) throws RemoteException, JukeboxException;

  /**
   * Moves to the next song at position 0, keeping play or pause (host only), if the current entry
   * is still {@code fromEntry}; otherwise does nothing, so that a host's end-of-song "next" and a
   * click on next never skip twice. Past the last song the session stops, with no current song.
   */
  void next(SessionId session, long fromEntry) throws RemoteException, JukeboxException;

  /**
   * Moves the current song to {@code position}, keeping play or pause (host only).
   *
   * @throws InvalidSessionRequestException if there is no current song, or {@code position} is
   *     past the song's end (when its duration is known)
   */
  void seek(SessionId session, Duration position) throws RemoteException, JukeboxException;

  /** Sets what listeners may do (host only). */
  void options(SessionId session, SessionOptions options) throws RemoteException, JukeboxException;

  /**
   * Votes to skip the current entry {@code entry} (listeners, when {@link SessionOptions#voteSkip()}).
   * When more than half of the listeners present (the host not counted) have voted for it, the
   * session moves to the next song. Voting twice counts once.
   */
  void voteSkip(SessionId session, long entry) throws RemoteException, JukeboxException;

  /**
   * Ends the session (host only): every listener is told {@code ENDED}, uploaded songs are
   * deleted, the session leaves the directory's table.
   */
  void end(SessionId session) throws RemoteException, JukeboxException;

  /**
   * A ticket to upload a song from the host's disk into the session's blob store (host, or
   * listeners when guests may add). The song is added to the playlist when the upload completes.
   *
   * @throws InvalidSessionRequestException if the request is larger than the server's cap or of a
   *     type it does not take
   */
  UploadTicket upload(SessionId session, UploadRequest request) throws RemoteException, JukeboxException;

  /**
   * A single-use ticket to fetch an uploaded entry's audio over HTTP(S), like
   * {@link SoundSmith#openStream}; for members of the session only.
   *
   * @throws InvalidSessionRequestException if the playlist has no such entry or it was not uploaded
   */
  StreamTicket openStream(SessionId session, long entry) throws RemoteException, JukeboxException;

  /**
   * Takes on a session, or updates its list of who may join (called by the MusicDirectory only;
   * others are refused). A session this server holds in its store continues from its saved state.
   */
  void open(SessionCharter charter) throws RemoteException, JukeboxException;

  /**
   * Which users on the host's list are online now (called by the MusicDirectory only). Those not
   * listening are the session's potential listeners.
   */
  void presence(SessionId session, Set<String> online) throws RemoteException, JukeboxException;
}
