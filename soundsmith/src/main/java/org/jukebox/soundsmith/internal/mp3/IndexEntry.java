package org.jukebox.soundsmith.internal.mp3;

import java.util.Objects;
import org.jukebox.api.Song;

/**
 * What the index remembers about one {@code *.mp3} file: the size and modification time it was
 * read at, and either the song it is or why it was skipped, so that an unchanged file is neither
 * read nor complained about again.
 *
 * @param path relative to the library root, {@code /}-separated, Unicode NFC
 * @param size bytes when read
 * @param mtimeNanos modification time when read, nanoseconds since the epoch
 * @param version catalog version at which it last changed (0 for a skipped file)
 * @param song the song, or null when skipped
 * @param skipReason why it was skipped, or null for a song
 * @param retry whether the failure may go away without the file changing (permissions, I/O),
 *     so every scan tries again
 */
public record IndexEntry(String path, long size, long mtimeNanos, long version, Song song, String skipReason,
    boolean retry) {
  public IndexEntry {
    Objects.requireNonNull(path, "path");
    if ((song == null) == (skipReason == null)) {
      throw new IllegalArgumentException("an entry is either a song or skipped: " + path);
    }
  }

  static IndexEntry song(String path, long size, long mtimeNanos, long version, Song song) {
    return new IndexEntry(path, size, mtimeNanos, version, song, null, false);
  }

  static IndexEntry skipped(String path, long size, long mtimeNanos, String reason, boolean retry) {
    return new IndexEntry(path, size, mtimeNanos, 0, null, reason, retry);
  }

  boolean isSong() {
    return song != null;
  }

  /** Whether the file on disk still is what this entry was read from. */
  boolean sameFile(long size, long mtimeNanos) {
    return this.size == size && this.mtimeNanos == mtimeNanos;
  }

  IndexEntry withVersion(long v) {
    return new IndexEntry(path, size, mtimeNanos, v, song, skipReason, retry);
  }
}
