package org.jukebox.api;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.List;

/**
 * One collection of music, indexed and served. Every kind (MP3 folder, audio CD) answers the
 * same interface; clients tell them apart only by {@link SoundSmithInfo#kind()}.
 */
public interface SoundSmith extends Remote {
  /** Identity, name, kind, catalog version and song count, as of now. */
  SoundSmithInfo info() throws RemoteException;

  /**
   * What changed in the catalog since {@code sinceVersion}; pass 0 for everything. When the
   * version is older than this SoundSmith remembers, or newer than its current one, the answer
   * is the full catalog ({@link CatalogDelta#full()}).
   *
   * @throws IllegalArgumentException if {@code sinceVersion < 0}
   */
  CatalogDelta catalog(long sinceVersion) throws RemoteException;

  /**
   * Songs whose title, artist or album contain every word of the query, case-insensitively, at
   * most {@code limit} of them, ordered by artist, album, disc, track and title.
   */
  List<Song> search(String query, int limit) throws RemoteException;

  /** One song's metadata. */
  Song song(SongId id) throws RemoteException, UnknownSongException;

  /**
   * Issues a single-use ticket to fetch the song's audio over HTTP.
   *
   * @throws UnknownSongException if this SoundSmith does not serve that song (now)
   * @throws AccessDeniedException if the caller may not play it
   */
  StreamTicket openStream(SongId id) throws RemoteException, UnknownSongException, AccessDeniedException;

  /**
   * The picture stored with the song.
   *
   * @throws UnknownSongException if this SoundSmith does not serve that song
   * @throws NoCoverArtException if the song has no picture
   */
  CoverArt coverArt(SongId id) throws RemoteException, UnknownSongException, NoCoverArtException;

  /**
   * A fresh challenge by which the caller can show it holds a copyrighted song, so that
   * {@link #openStream} lets it play the song afterwards: answer it once, through
   * {@link #provePossession}, with SHA-256 over the challenge's nonce followed by the bytes of
   * each of its ranges, in order, read from the caller's own copy of the file.
   *
   * <p>The default body refuses, for local implementations that ask for no proof. It applies to
   * local calls only: on an RMI stub a default method is invoked remotely like any other, so the
   * remote object's own implementation answers (and one built before this method existed fails
   * with an {@link java.rmi.UnmarshalException}).
   *
   * @throws UnknownSongException if this SoundSmith does not serve that song
   * @throws AccessDeniedException if no challenge is issued, with the reason: this SoundSmith
   *     asks for no proof of possession, the song needs none, or the caller cannot prove anything
   *     (for example because it is anonymous)
   */
  default PossessionChallenge challengePossession(SongId id)
      throws RemoteException, UnknownSongException, AccessDeniedException {
    throw new AccessDeniedException("this SoundSmith asks for no proof of possession");
  }

  /**
   * Answers a challenge from {@link #challengePossession}; returns normally if the answer is
   * right, and from then on the caller holds the song. A challenge is used up by the first answer
   * of the principal it was issued to, right or wrong.
   *
   * <p>The default body refuses; as for {@link #challengePossession}, it applies to local
   * implementations only.
   *
   * @param challengeId the challenge's {@link PossessionChallenge#id() id}
   * @param answer the 32 bytes of SHA-256 described above
   * @throws AccessDeniedException if the answer is refused, with the reason: wrong, expired,
   *     unknown or used challenge, a challenge issued to someone else, or this SoundSmith asks
   *     for no proof of possession
   */
  default void provePossession(String challengeId, byte[] answer) throws RemoteException, AccessDeniedException {
    throw new AccessDeniedException("this SoundSmith asks for no proof of possession");
  }
}
