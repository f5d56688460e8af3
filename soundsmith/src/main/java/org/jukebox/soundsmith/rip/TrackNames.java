package org.jukebox.soundsmith.rip;

import java.util.Objects;
import org.jukebox.soundsmith.cd.DiscInfo;
import org.jukebox.soundsmith.cd.Toc;

/**
 * The names one ripped track is filed and tagged under. Text is never null; "" when unknown
 * (then the file name uses a placeholder such as "Unknown artist").
 *
 * @param artist the track's artist (its own on a compilation, else the disc's)
 * @param discArtist the disc's artist
 * @param album never blank: without a CDDB entry, {@code "Unknown disc 0e031e04"}
 * @param title never blank: without a CDDB entry, {@code "Track 3"}
 * @param track the track's number on the disc
 * @param trackCount the number of the disc's last track
 * @param year 0 if unknown
 * @param freedbId the disc's freedb id
 */
public record TrackNames(String artist, String discArtist, String album, String title, int track, int trackCount,
    int year, String genre, String freedbId) {
  public TrackNames {
    Objects.requireNonNull(artist, "artist");
    Objects.requireNonNull(discArtist, "discArtist");
    Objects.requireNonNull(album, "album");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(genre, "genre");
    Objects.requireNonNull(freedbId, "freedbId");
    if (album.isBlank() || title.isBlank()) {
      throw new IllegalArgumentException("album and title must not be blank");
    }
  }

  /** The album name of a disc nobody named: {@code "Unknown disc 0e031e04"}, as a CdSoundSmith shows it. */
  public static String unknownAlbum(Toc toc) {
    return "Unknown disc " + toc.freedbId();
  }

  /** The title of a track nobody named: {@code "Track 3"}, as a CdSoundSmith shows it. */
  public static String unknownTitle(int track) {
    return "Track " + track;
  }

  /**
   * The names of track {@code track} of the disc, from {@code info} where it says something and
   * generic names where it does not (or when it is null).
   */
  public static TrackNames of(Toc toc, DiscInfo info, int track) {
    int index = track - toc.firstTrack();
    toc.offset(track); // checks that the disc has the track
    if (info == null) {
      return new TrackNames("", "", unknownAlbum(toc), unknownTitle(track), track, toc.lastTrack(), 0, "",
          toc.freedbId());
    }
    String title = info.trackTitle(index).isBlank() ? unknownTitle(track) : info.trackTitle(index).strip();
    String album = info.album().isBlank() ? unknownAlbum(toc) : info.album().strip();
    return new TrackNames(info.trackArtist(index).strip(), info.artist().strip(), album, title, track,
        toc.lastTrack(), info.year(), info.genre().strip(), toc.freedbId());
  }
}
