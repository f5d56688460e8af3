package org.jukebox.swing.controller;

import java.util.Objects;
import org.jukebox.api.Song;

/**
 * One line of the library: a song and the SoundSmith that serves it.
 *
 * @param song the song's metadata
 * @param source the SoundSmith's name, or "" when unknown
 * @param kind the SoundSmith's kind ({@code mp3}, {@code cd}), or "" when unknown
 */
public record SongRow(Song song, String source, String kind) {
  public SongRow {
    Objects.requireNonNull(song, "song");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
  }
}
