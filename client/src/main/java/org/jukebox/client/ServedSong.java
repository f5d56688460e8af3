package org.jukebox.client;

import java.util.Objects;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithInfo;

/**
 * A song together with the live SoundSmith that serves it, as the player needs it to open a
 * stream.
 *
 * @param song the song's metadata
 * @param server what the SoundSmith said about itself (its name appears in error messages)
 * @param soundSmith the remote reference to ask for a ticket
 */
public record ServedSong(Song song, SoundSmithInfo server, SoundSmith soundSmith) {
  public ServedSong {
    Objects.requireNonNull(song, "song");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(soundSmith, "soundSmith");
  }

  /** "'name' (id)", how messages name the SoundSmith. */
  public String serverLabel() {
    return "'" + server.name() + "' (" + server.id() + ")";
  }
}
