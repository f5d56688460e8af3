package org.jukebox.soundsmith.cddb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jukebox.soundsmith.cd.Toc;

/**
 * One disc's entry in a CDDB database, as {@link XmcdParser} reads it from the xmcd format:
 * disc artist and title, year, genre, one title (and, on compilations, one artist) per track,
 * extended data, and the track offsets and disc length the submitter's disc had.
 *
 * <p>Text is never null (absent means ""), numbers are 0 when absent. Immutable and thread-safe.
 */
public final class CddbEntry {
  /** Track starts may differ by this many frames (2 s) between the entry and the disc: other pressings, other drives. */
  public static final int OFFSET_TOLERANCE_FRAMES = 150;
  /** The disc length may differ by this many seconds. */
  public static final int LENGTH_TOLERANCE_SECONDS = 2;

  /**
   * One track of the entry.
   *
   * @param index 0 for the disc's first track (xmcd numbers from 0 whatever the first track's number)
   * @param artist the track's own artist on a compilation ("Artist / Title" in TTITLE), else the disc artist
   * @param title the track title, possibly ""
   * @param extended the EXTTn text, possibly ""
   */
  public record Track(int index, String artist, String title, String extended) {
    public Track {
      Objects.requireNonNull(artist, "artist");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(extended, "extended");
    }
  }

  private final String category;
  private final List<String> discIds;
  private final String artist;
  private final String album;
  private final int year;
  private final String genre;
  private final String extended;
  private final List<Track> tracks;
  private final List<Integer> playOrder;
  private final List<Integer> trackOffsets;
  private final int discLengthSeconds;
  private final int revision;

  CddbEntry(String category, List<String> discIds, String artist, String album, int year, String genre,
      String extended, List<Track> tracks, List<Integer> playOrder, List<Integer> trackOffsets,
      int discLengthSeconds, int revision) {
    this.category = Objects.requireNonNull(category, "category");
    this.discIds = List.copyOf(discIds);
    this.artist = Objects.requireNonNull(artist, "artist");
    this.album = Objects.requireNonNull(album, "album");
    this.year = year;
    this.genre = Objects.requireNonNull(genre, "genre");
    this.extended = Objects.requireNonNull(extended, "extended");
    this.tracks = List.copyOf(tracks);
    this.playOrder = List.copyOf(playOrder);
    this.trackOffsets = List.copyOf(trackOffsets);
    this.discLengthSeconds = discLengthSeconds;
    this.revision = revision;
  }

  /** The freedb category it was found in (its folder in the dump), or "" when unknown. */
  public String category() {
    return category;
  }

  /** The disc ids of its DISCID line: usually one, several when submitters' discs differed. */
  public List<String> discIds() {
    return discIds;
  }

  /** The disc artist: DTITLE before the first " / ", or the whole DTITLE when it has no such slash. */
  public String artist() {
    return artist;
  }

  /** The album title: DTITLE after the first " / ", or the whole DTITLE when it has no such slash. */
  public String album() {
    return album;
  }

  /** DYEAR, or 0. */
  public int year() {
    return year;
  }

  /** DGENRE, or "" (then the category is the only genre there is). */
  public String genre() {
    return genre;
  }

  /** EXTD, or "". */
  public String extended() {
    return extended;
  }

  /** One per track, first to last. */
  public List<Track> tracks() {
    return tracks;
  }

  /**
   * Track {@code index} (0 for the first).
   *
   * @throws IllegalArgumentException if there is no such track: {@code "no track index 11 in an entry of 11 tracks"}
   */
  public Track track(int index) {
    if (index < 0 || index >= tracks.size()) {
      throw new IllegalArgumentException("no track index " + index + " in an entry of " + tracks.size() + " tracks");
    }
    return tracks.get(index);
  }

  /** PLAYORDER as track indexes, or empty. */
  public List<Integer> playOrder() {
    return playOrder;
  }

  /** The track frame offsets of the submitter's disc (from the comment header), or empty when the entry has none. */
  public List<Integer> trackOffsets() {
    return trackOffsets;
  }

  /** The disc length in seconds from the comment header, or 0. */
  public int discLengthSeconds() {
    return discLengthSeconds;
  }

  /** The entry's revision from the comment header, or 0. */
  public int revision() {
    return revision;
  }

  /**
   * Why this entry does not describe the disc with table of contents {@code toc}: empty when
   * it does. The track count must be equal; when the entry lists offsets, each must lie within
   * {@value #OFFSET_TOLERANCE_FRAMES} frames of the disc's, and the disc length within
   * {@value #LENGTH_TOLERANCE_SECONDS} s.
   */
  public List<String> mismatches(Toc toc) {
    Objects.requireNonNull(toc, "toc");
    List<String> problems = new ArrayList<>();
    if (tracks.size() != toc.trackCount()) {
      problems.add(tracks.size() + " tracks in the entry, " + toc.trackCount() + " on the disc");
      return problems;
    }
    if (!trackOffsets.isEmpty()) {
      if (trackOffsets.size() != toc.trackCount()) {
        problems.add(trackOffsets.size() + " track offsets in the entry, " + toc.trackCount() + " tracks on the disc");
      } else {
        for (int i = 0; i < trackOffsets.size(); i++) {
          int theirs = trackOffsets.get(i);
          int ours = toc.offsets().get(i);
          if (Math.abs(theirs - ours) > OFFSET_TOLERANCE_FRAMES) {
            problems.add("track " + (toc.firstTrack() + i) + " starts at frame " + theirs + " in the entry, " + ours
                + " on the disc");
          }
        }
      }
    }
    int ourSeconds = toc.leadOut() / Toc.FRAMES_PER_SECOND;
    if (discLengthSeconds > 0 && Math.abs(discLengthSeconds - ourSeconds) > LENGTH_TOLERANCE_SECONDS) {
      problems.add("disc length " + discLengthSeconds + " s in the entry, " + ourSeconds + " s on the disc");
    }
    return problems;
  }

  @Override
  public String toString() {
    return (category.isEmpty() ? "" : category + "/") + String.join(",", discIds) + " " + artist + " / " + album;
  }
}
