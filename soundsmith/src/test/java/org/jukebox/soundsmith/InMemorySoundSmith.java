package org.jukebox.soundsmith;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.CoverArt;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.soundsmith.internal.Scheduler;

/**
 * The smallest SoundSmith: songs are byte arrays (or whatever source a test gives), put by the
 * test. Lets the base class be tested without the MP3 side.
 */
class InMemorySoundSmith extends SoundSmithServer {
  static final String KIND = "memory";

  final AtomicInteger startIndexingCalls = new AtomicInteger();
  final AtomicInteger stopIndexingCalls = new AtomicInteger();
  final Map<SongId, CoverArt> covers = new ConcurrentHashMap<>();
  final Set<SongId> denied = ConcurrentHashMap.newKeySet();
  volatile IOException failIndexing;

  InMemorySoundSmith(SoundSmithConfig config) {
    super(KIND, config);
  }

  InMemorySoundSmith(SoundSmithConfig config, Scheduler scheduler) {
    super(KIND, config, scheduler);
  }

  @Override
  protected void startIndexing() throws IOException {
    startIndexingCalls.incrementAndGet();
    if (failIndexing != null) {
      throw failIndexing;
    }
  }

  @Override
  protected void stopIndexing() {
    stopIndexingCalls.incrementAndGet();
  }

  @Override
  protected void checkAccess(Song song) throws AccessDeniedException {
    if (denied.contains(song.id())) {
      throw new AccessDeniedException("not for you: " + song.id());
    }
  }

  @Override
  protected Optional<CoverArt> readCoverArt(Song song, MediaSource source) {
    return Optional.ofNullable(covers.get(song.id()));
  }

  long putBytes(Song song, byte[] data) {
    return put(song, MediaSource.ofBytes(data, song.contentType()));
  }

  long putSource(Song song, MediaSource source) {
    return put(song, source);
  }

  long removeSong(SongId id) {
    return remove(id);
  }

  long applyAll(Collection<CatalogChange> changes) {
    return apply(changes);
  }

  void restore(CatalogSnapshot snapshot) {
    restoreCatalog(snapshot);
  }

  CatalogSnapshot snapshot() {
    return catalogSnapshot();
  }

  /** Closes, then tries to join: for the "closed" message. */
  void joinDirectoryAfterClose(org.jukebox.api.MusicDirectory directory) {
    close();
    joinDirectory(directory, Duration.ofSeconds(5));
  }

  SongId id(String key) {
    return songId(key);
  }

  /** A song of this SoundSmith with the given fields and a size of {@code size} bytes of audio/mpeg. */
  Song song(String key, String title, String artist, String album, int disc, int track, long size) {
    return new Song(songId(key), title, artist, album, track, disc, 2024, "Test",
        Duration.ofSeconds(180), 192, 44100, false, size, "audio/mpeg");
  }
}
