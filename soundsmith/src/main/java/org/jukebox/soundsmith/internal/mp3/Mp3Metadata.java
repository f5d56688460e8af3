package org.jukebox.soundsmith.internal.mp3;

import java.util.Objects;

/**
 * What one MP3 file says about itself, before it becomes a {@link org.jukebox.api.Song}. Text is
 * never null ("" when unknown); numbers are 0 when unknown.
 *
 * @param title never blank: the file name without extension when the tags have none
 * @param durationMillis playing time
 * @param bitrateKbps average bit rate
 */
public record Mp3Metadata(
    String title,
    String artist,
    String album,
    int track,
    int disc,
    int year,
    String genre,
    long durationMillis,
    int bitrateKbps,
    int sampleRateHz,
    boolean hasCoverArt) {
  public Mp3Metadata {
    Objects.requireNonNull(title, "title");
    if (title.isBlank()) {
      throw new IllegalArgumentException("title is blank");
    }
    Objects.requireNonNull(artist, "artist");
    Objects.requireNonNull(album, "album");
    Objects.requireNonNull(genre, "genre");
  }
}
