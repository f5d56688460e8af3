package org.jukebox.client;

/**
 * Told when a {@link Playlist}'s songs, current song, repeat or shuffle changed. Called on the
 * thread that made the change, after the playlist's lock is released; keep it quick.
 */
@FunctionalInterface
public interface PlaylistListener {
  void playlistChanged(Playlist playlist);
}
