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
}
