package org.jukebox.client;

import java.util.List;
import java.util.Objects;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithId;

/**
 * What one update did to the merged catalog: songs of one SoundSmith that appeared or changed,
 * and ids that went away (because the SoundSmith removed them or because it departed).
 *
 * @param soundSmith whose songs changed
 * @param upserted songs added or changed, in no particular order
 * @param removed ids no longer served by that SoundSmith
 * @param departed whether the SoundSmith left, taking all its songs with it
 */
public record CatalogChange(SoundSmithId soundSmith, List<Song> upserted, List<SongId> removed, boolean departed) {
  public CatalogChange {
    Objects.requireNonNull(soundSmith, "soundSmith");
    upserted = List.copyOf(upserted);
    removed = List.copyOf(removed);
  }

  /** Whether nothing changed. */
  public boolean isEmpty() {
    return upserted.isEmpty() && removed.isEmpty() && !departed;
  }
}
