package org.jukebox.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * A host's request to upload a song from its own disk into a session's blob store: what it is
 * and how big. The server refuses it at once if it is too large; the bytes are checked again as
 * they arrive.
 *
 * @param title shown to listeners; not blank
 * @param artist performing artist, or ""
 * @param album album title, or ""
 * @param duration playing time, zero when unknown (the server then takes it from the audio when
 *     it can)
 * @param contentType {@code audio/mpeg}, {@code audio/wav} or {@code audio/basic}
 * @param sizeBytes exactly how many bytes will be sent; positive
 */
public record UploadRequest(String title, String artist, String album, Duration duration, String contentType,
    long sizeBytes) implements Serializable {
  public UploadRequest {
    Checks.notBlank(title, "title");
    Objects.requireNonNull(artist, "artist");
    Objects.requireNonNull(album, "album");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration < 0: " + duration);
    }
    Checks.notBlank(contentType, "contentType");
    if (sizeBytes < 1) {
      throw new IllegalArgumentException("sizeBytes < 1: " + sizeBytes);
    }
  }
}
