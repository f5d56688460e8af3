package org.jukebox.client;

import java.util.Optional;
import org.jukebox.api.SongId;

/**
 * Finds the live SoundSmith serving a song. {@link JukeboxClient} is one, over its merged
 * catalog; tests supply their own. Must be thread-safe: the player calls it on its own thread.
 */
@FunctionalInterface
public interface SongLocator {
  /** The song and who serves it now, or empty when no live SoundSmith does. */
  Optional<ServedSong> locate(SongId id);
}
