package org.jukebox.bench;

import java.util.List;
import java.util.Objects;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.CoverArt;
import org.jukebox.api.NoCoverArtException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UnknownSongException;

/**
 * A SoundSmith with an empty catalog, exported only so that simulated SoundSmiths have a real
 * remote reference to put in their beacons (the directory stores it and hands it to clients;
 * it never calls it). Immutable and thread-safe.
 */
final class IdleSoundSmith implements SoundSmith {
  private final SoundSmithInfo info;

  IdleSoundSmith(SoundSmithInfo info) {
    this.info = Objects.requireNonNull(info, "info");
  }

  @Override
  public SoundSmithInfo info() {
    return info;
  }

  @Override
  public CatalogDelta catalog(long sinceVersion) {
    return new CatalogDelta(info.id(), 0, info.catalogVersion(), true, List.of(), List.of());
  }

  @Override
  public List<Song> search(String query, int limit) {
    return List.of();
  }

  @Override
  public Song song(SongId id) throws UnknownSongException {
    throw new UnknownSongException(id, "unknown song " + id);
  }

  @Override
  public StreamTicket openStream(SongId id) throws UnknownSongException {
    throw new UnknownSongException(id, "unknown song " + id);
  }

  @Override
  public CoverArt coverArt(SongId id) throws UnknownSongException {
    throw new UnknownSongException(id, "unknown song " + id);
  }
}
