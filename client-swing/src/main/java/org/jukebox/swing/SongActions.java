package org.jukebox.swing;

import java.util.List;
import org.jukebox.api.Song;

/** What the user can do with songs picked in the library; the window routes each to its controller. */
interface SongActions {
  void playNow(List<Song> songs);

  void addToPlaylist(List<Song> songs);

  void like(List<Song> songs, boolean like);

  void addToSession(List<Song> songs);
}
