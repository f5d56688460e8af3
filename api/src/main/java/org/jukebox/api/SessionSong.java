package org.jukebox.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * One entry of a session's playlist. The same song may be queued twice; the entry number tells
 * the two apart.
 *
 * @param entry unique within the session, increasing in the order entries were added; positive
 * @param song what to show and how long it is; for a song from a SoundSmith, the SoundSmith's own
 *     record (play it through the SoundSmith that serves {@code song.id()}); for an upload, the
 *     metadata the host gave
 * @param addedBy the name of the user who added it
 * @param uploaded whether the audio lives in the session's blob store: then fetch it with
 *     {@link SessionServer#openStream(SessionId, long)}, not from a SoundSmith
 */
public record SessionSong(long entry, Song song, String addedBy, boolean uploaded) implements Serializable {
  public SessionSong {
    if (entry < 1) {
      throw new IllegalArgumentException("entry < 1: " + entry);
    }
    Objects.requireNonNull(song, "song");
    Checks.notBlank(addedBy, "addedBy");
  }
}
