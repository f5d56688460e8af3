package org.jukebox.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What a SoundSmith knows about one song. Text fields are never null: an unknown value is the
 * empty string; an unknown number is 0.
 *
 * @param id stable identity of the song
 * @param title never blank: a file without a title tag is named after its file name
 * @param artist performing artist, or ""
 * @param album album title, or ""
 * @param track track number on its disc, or 0
 * @param disc disc number, or 0
 * @param year year of release, or 0
 * @param genre genre as text (ID3v1 genre numbers are resolved to their names), or ""
 * @param duration playing time, zero when unknown
 * @param bitrateKbps average bit rate in kbit/s, or 0
 * @param sampleRateHz sample rate in Hz, or 0
 * @param hasCoverArt whether {@link SoundSmith#coverArt(SongId)} has a picture for it
 * @param sizeBytes bytes in the audio stream a ticket serves
 * @param contentType media type of that stream, for example {@code audio/mpeg}
 */
public record Song(
    SongId id,
    String title,
    String artist,
    String album,
    int track,
    int disc,
    int year,
    String genre,
    Duration duration,
    int bitrateKbps,
    int sampleRateHz,
    boolean hasCoverArt,
    long sizeBytes,
    String contentType)
    implements Serializable {
  /**
   * The order in which songs are listed everywhere (server search, client catalog): artist,
   * album, disc, track, title (letters compared case-insensitively), then id.
   */
  public static final java.util.Comparator<Song> ORDER = java.util.Comparator
      .comparing(Song::artist, String.CASE_INSENSITIVE_ORDER)
      .thenComparing(Song::album, String.CASE_INSENSITIVE_ORDER)
      .thenComparingInt(Song::disc)
      .thenComparingInt(Song::track)
      .thenComparing(Song::title, String.CASE_INSENSITIVE_ORDER)
      .thenComparing(Song::id);

  public Song {
    Objects.requireNonNull(id, "id");
    Checks.notBlank(title, "title");
    Objects.requireNonNull(artist, "artist");
    Objects.requireNonNull(album, "album");
    Checks.notNegative(track, "track");
    Checks.notNegative(disc, "disc");
    Checks.notNegative(year, "year");
    Objects.requireNonNull(genre, "genre");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration < 0: " + duration);
    }
    Checks.notNegative(bitrateKbps, "bitrateKbps");
    Checks.notNegative(sampleRateHz, "sampleRateHz");
    Checks.notNegative(sizeBytes, "sizeBytes");
    Checks.notBlank(contentType, "contentType");
  }

  /** Whether the query (case-insensitive, every word) appears in title, artist or album. */
  public boolean matches(String query) {
    Objects.requireNonNull(query, "query");
    String haystack = (title + "\n" + artist + "\n" + album).toLowerCase(java.util.Locale.ROOT);
    for (String word : query.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+")) {
      if (!word.isEmpty() && !haystack.contains(word)) {
        return false;
      }
    }
    return true;
  }
}
