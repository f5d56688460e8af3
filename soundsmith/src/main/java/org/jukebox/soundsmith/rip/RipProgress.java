package org.jukebox.soundsmith.rip;

import java.util.Objects;

/**
 * One step of the rip daemon's work on a track, for a progress display.
 *
 * @param freedbId the disc's freedb id
 * @param discName "Artist / Album", or "Unknown disc 0e031e04"
 * @param track the track's number on the disc
 * @param position the track's position, 1 for the first track ripped
 * @param trackCount how many tracks the disc has
 * @param phase what is happening to the track
 * @param discPercent how much of the disc's audio is done, 0 to 100
 */
public record RipProgress(String freedbId, String discName, int track, int position, int trackCount, Phase phase,
    int discPercent) {
  /** What is happening to a track. */
  public enum Phase {
    /** First read of its audio. */
    READING,
    /** Second read, compared with the first. */
    VERIFYING,
    /** Encoding to MP3. */
    ENCODING,
    /** Its MP3 is in the library. */
    WRITTEN,
    /** Its MP3 was already in the library (ripped before, maybe before a crash). */
    ALREADY_DONE,
    /** It could not be ripped; the disc report says why. */
    FAILED
  }

  public RipProgress {
    Objects.requireNonNull(freedbId, "freedbId");
    Objects.requireNonNull(discName, "discName");
    Objects.requireNonNull(phase, "phase");
  }

  /** The log line: {@code "ripping disc 0e031e04 (Artist / Album): track 3/11 42% (encoding)"}. */
  @Override
  public String toString() {
    return "ripping disc " + freedbId + " (" + discName + "): track " + position + "/" + trackCount + " " + discPercent
        + "% (" + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
  }
}
