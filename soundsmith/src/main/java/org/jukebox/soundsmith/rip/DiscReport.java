package org.jukebox.soundsmith.rip;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the rip daemon did with one disc.
 *
 * @param origin where the disc came from (device or image)
 * @param freedbId the disc's freedb id
 * @param musicBrainzId the disc's MusicBrainz id (also the name of its state file)
 * @param discName "Artist / Album", or "Unknown disc 0e031e04"
 * @param named where the names came from: {@code "CDDB"}, or why generic names were used
 * @param tracks one report per track, in disc order
 * @param elapsed wall time from the first read to the last file written
 */
public record DiscReport(String origin, String freedbId, String musicBrainzId, String discName, String named,
    List<TrackReport> tracks, Duration elapsed) {
  public DiscReport {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(freedbId, "freedbId");
    Objects.requireNonNull(musicBrainzId, "musicBrainzId");
    Objects.requireNonNull(discName, "discName");
    Objects.requireNonNull(named, "named");
    tracks = List.copyOf(tracks);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  public long count(TrackReport.Status status) {
    return tracks.stream().filter(t -> t.status() == status).count();
  }

  /** Whether every track is in the library now. */
  public boolean complete() {
    return count(TrackReport.Status.FAILED) == 0;
  }

  /** Playing time of the tracks ripped now. */
  public Duration rippedAudio() {
    return tracks.stream().filter(t -> t.status() == TrackReport.Status.RIPPED).map(TrackReport::audio)
        .reduce(Duration.ZERO, Duration::plus);
  }

  /** Total encoding time of the tracks ripped now. */
  public long encodeNanos() {
    return tracks.stream().mapToLong(TrackReport::encodeNanos).sum();
  }

  /** {@code "disc 0e031e04 (A / B): 9 ripped, 2 already done, 0 failed in 41.2 s"}. */
  public String summary() {
    return String.format(java.util.Locale.ROOT, "disc %s (%s): %d ripped, %d already done, %d failed in %.1f s",
        freedbId, discName, count(TrackReport.Status.RIPPED), count(TrackReport.Status.ALREADY_DONE),
        count(TrackReport.Status.FAILED), elapsed.toMillis() / 1000.0);
  }
}
