package org.jukebox.client.session;

import java.io.IOException;
import org.jukebox.api.SessionSong;
import org.jukebox.api.StreamTicket;

/** Opens the audio of a session entry: an upload through the session server, else through its SoundSmith. */
@FunctionalInterface
public interface SessionAudio {
  /**
   * A single-use ticket for the entry's audio.
   *
   * @throws IOException if no ticket can be had (server gone, song no longer served, refused)
   */
  StreamTicket open(SessionSong song) throws IOException;
}
