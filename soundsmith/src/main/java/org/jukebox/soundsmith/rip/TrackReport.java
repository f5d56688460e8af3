package org.jukebox.soundsmith.rip;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one track.
 *
 * @param track its number on the disc
 * @param status ripped now, found already ripped, or failed
 * @param file the MP3 in the library, or null when it failed
 * @param message for a failure, why (for example {@code "track 2: the two reads differ in each of 3 attempts ..."});
 *     otherwise "" or a note such as {@code "read 2 times"}
 * @param audio the track's playing time
 * @param reads how many times its audio was read (0 when already done)
 * @param readNanos time spent reading and comparing
 * @param encodeNanos time spent encoding (the encoder's own speed is {@code audio / encodeNanos})
 */
public record TrackReport(int track, Status status, Path file, String message, Duration audio, int reads,
    long readNanos, long encodeNanos) {
  /** What became of a track. */
  public enum Status {
    RIPPED,
    ALREADY_DONE,
    FAILED
  }

  public TrackReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(audio, "audio");
  }

  public Optional<Path> fileIfAny() {
    return Optional.ofNullable(file);
  }
}
