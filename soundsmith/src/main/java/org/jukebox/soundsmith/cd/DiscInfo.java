package org.jukebox.soundsmith.cd;

import java.util.List;
import java.util.Objects;

/**
 * What a disc database (CDDB, a local xmcd collection) says about one disc. Text is never null:
 * unknown text is "", an unknown year is 0.
 *
 * @param discId the ID the database knows the entry by (a freedb ID such as {@code 370fce16});
 *     never blank
 * @param artist the disc's artist ("Various" on compilations), or ""
 * @param album the disc's title, or ""
 * @param year year of release, or 0
 * @param genre genre as text ({@code DGENRE}, else the CDDB category), or ""
 * @param trackTitles one title per track, first track first; "" where unknown. As many as the
 *     disc has tracks
 * @param trackArtists one artist per track, "" where it is the disc's artist; same size as
 *     {@code trackTitles}
 * @param extended free text about the disc ({@code EXTD}), or ""
 */
public record DiscInfo(String discId, String artist, String album, int year, String genre,
    List<String> trackTitles, List<String> trackArtists, String extended) {
  /**
   * Checks and copies.
   *
   * @throws IllegalArgumentException if the lists differ in size
   *     ({@code "2 track titles but 3 track artists"}), the year is negative, or the disc id blank
   */
  public DiscInfo {
    Objects.requireNonNull(discId, "discId");
    if (discId.isBlank()) {
      throw new IllegalArgumentException("discId is blank");
    }
    Objects.requireNonNull(artist, "artist");
    Objects.requireNonNull(album, "album");
    if (year < 0) {
      throw new IllegalArgumentException("year < 0: " + year);
    }
    Objects.requireNonNull(genre, "genre");
    trackTitles = List.copyOf(trackTitles);
    trackArtists = List.copyOf(trackArtists);
    if (trackTitles.size() != trackArtists.size()) {
      throw new IllegalArgumentException(trackTitles.size() + " track titles but " + trackArtists.size()
          + " track artists");
    }
    Objects.requireNonNull(extended, "extended");
  }

  /**
   * The title of the track at {@code index} (0 for the disc's first track), or "" if unknown or
   * beyond the list.
   */
  public String trackTitle(int index) {
    return index >= 0 && index < trackTitles.size() ? trackTitles.get(index) : "";
  }

  /** The artist of the track at {@code index}: its own if given, else the disc's. */
  public String trackArtist(int index) {
    String own = index >= 0 && index < trackArtists.size() ? trackArtists.get(index) : "";
    return own.isEmpty() ? artist : own;
  }
}
