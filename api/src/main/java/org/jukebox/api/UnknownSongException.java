package org.jukebox.api;

import java.util.Objects;

/** No song with that id is served here (now). */
public final class UnknownSongException extends JukeboxException {
  private static final long serialVersionUID = 1L;

  private final SongId songId;

  public UnknownSongException(SongId songId, String message) {
    super(message);
    this.songId = Objects.requireNonNull(songId, "songId");
  }

  /** The id that was asked for. */
  public SongId songId() {
    return songId;
  }
}
