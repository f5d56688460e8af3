package org.jukebox.swing.controller;

import java.util.Objects;
import org.jukebox.api.Song;

/**
 * One playlist line as shown.
 *
 * @param song the song
 * @param available whether a live SoundSmith serves it now (greyed out when not)
 */
public record PlaylistEntry(Song song, boolean available) {
  public PlaylistEntry {
    Objects.requireNonNull(song, "song");
  }
}
