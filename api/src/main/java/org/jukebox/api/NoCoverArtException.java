package org.jukebox.api;

import java.util.Objects;

/** The song has no picture. */
public final class NoCoverArtException extends JukeboxException {
  private static final long serialVersionUID = 1L;

  private final SongId songId;

  public NoCoverArtException(SongId songId, String message) {
    super(message);
    this.songId = Objects.requireNonNull(songId, "songId");
  }

  /** The id that was asked for. */
  public SongId songId() {
    return songId;
  }
}
