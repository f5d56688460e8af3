package org.jukebox.directory;

import java.util.List;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.CoverArt;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UnknownSongException;

/** A SoundSmith with an empty catalog: enough to beacon with and to be called back over RMI. */
public class FakeSoundSmith implements SoundSmith {
  private final SoundSmithInfo info;

  public FakeSoundSmith(SoundSmithInfo info) {
    this.info = info;
  }

  public static SoundSmithInfo info(String id, long version, int songs) {
    return new SoundSmithInfo(new SoundSmithId(id), "SoundSmith " + id, SoundSmithInfo.KIND_MP3, version, songs);
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
    throw new UnknownSongException(id, "no songs here: " + id);
  }

  @Override
  public StreamTicket openStream(SongId id) throws UnknownSongException {
    throw new UnknownSongException(id, "no songs here: " + id);
  }

  @Override
  public CoverArt coverArt(SongId id) throws UnknownSongException {
    throw new UnknownSongException(id, "no songs here: " + id);
  }
}
