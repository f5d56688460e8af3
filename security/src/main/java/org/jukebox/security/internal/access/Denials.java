package org.jukebox.security.internal.access;

import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.security.JukeboxPrincipal;

/** The one shape of every refusal: {@code "NAME may not play SONG_ID: REASON"}. */
final class Denials {
  private Denials() {}

  static AccessDeniedException deny(JukeboxPrincipal who, Song song, String reason) {
    return new AccessDeniedException(who.name() + " may not play " + song.id() + ": " + reason);
  }
}
