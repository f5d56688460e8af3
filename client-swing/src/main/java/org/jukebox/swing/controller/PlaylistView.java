package org.jukebox.swing.controller;

import java.util.List;
import org.jukebox.client.Repeat;

/** The playlist pane; called on the UI executor only. */
public interface PlaylistView {
  /** The playlist now: its entries, the current index (-1 for none), shuffle and repeat. */
  void showPlaylist(List<PlaylistEntry> entries, int current, boolean shuffle, Repeat repeat);

  /** The names of the saved playlists. */
  void showSavedPlaylists(List<String> names);
}
