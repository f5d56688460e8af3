package org.jukebox.client;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.CoverArt;
import org.jukebox.api.NoCoverArtException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UnknownSongException;
import org.jukebox.security.RemoteExporter;

/**
 * A SoundSmith with a versioned in-memory catalog whose audio a {@link StreamServer} serves.
 * Exported for real over RMI by the test's {@link RemoteExporter}; records what it was asked.
 */
final class FakeSoundSmith implements SoundSmith {
  private final SoundSmithId id;
  private final String name;
  private final StreamServer http;
  private final Map<SongId, Song> songs = new LinkedHashMap<>();
  private final Map<SongId, byte[]> audio = new LinkedHashMap<>();
  /** For each version after the first, the ids it touched (a change or a removal). */
  private final List<List<SongId>> history = new ArrayList<>();
  private long version;
  private SoundSmith stub;
  final List<Long> catalogCalls = new CopyOnWriteArrayList<>();
  final List<SongId> openStreamCalls = new CopyOnWriteArrayList<>();

  FakeSoundSmith(String id, String name, StreamServer http) {
    this.id = new SoundSmithId(id);
    this.name = name;
    this.http = http;
  }

  FakeSoundSmith export(RemoteExporter exporter) throws Exception {
    stub = exporter.export(this);
    return this;
  }

  SoundSmith stub() {
    return stub;
  }

  SoundSmithId id() {
    return id;
  }

  synchronized SoundSmithInfo currentInfo() {
    return new SoundSmithInfo(id, name, SoundSmithInfo.KIND_MP3, version, songs.size());
  }

  SoundSmithEntry entry() {
    return new SoundSmithEntry(currentInfo(), stub, Duration.ofSeconds(30));
  }

  ServedSong served(Song song) {
    return new ServedSong(song, currentInfo(), stub);
  }

  /** Adds or replaces songs in one new catalog version. */
  synchronized void put(Song song, byte[] mp3) {
    songs.put(song.id(), song);
    audio.put(song.id(), mp3);
    version++;
    history.add(List.of(song.id()));
  }

  /** Forgets every song and starts numbering versions again, as a SoundSmith whose index was lost and rebuilt. */
  synchronized void forgetEverything() {
    songs.clear();
    audio.clear();
    history.clear();
    version = 0;
  }

  synchronized void remove(SongId songId) {
    songs.remove(songId);
    audio.remove(songId);
    version++;
    history.add(List.of(songId));
  }

  @Override
  public synchronized SoundSmithInfo info() {
    return currentInfo();
  }

  @Override
  public synchronized CatalogDelta catalog(long sinceVersion) {
    if (sinceVersion < 0) {
      throw new IllegalArgumentException("sinceVersion < 0: " + sinceVersion);
    }
    catalogCalls.add(sinceVersion);
    if (sinceVersion == 0 || sinceVersion > version) {
      return new CatalogDelta(id, 0, version, true, List.copyOf(songs.values()), List.of());
    }
    Map<SongId, Boolean> touched = new LinkedHashMap<>();
    for (int v = (int) sinceVersion; v < version; v++) {
      for (SongId s : history.get(v)) {
        touched.put(s, true);
      }
    }
    List<Song> up = new ArrayList<>();
    List<SongId> removed = new ArrayList<>();
    for (SongId s : touched.keySet()) {
      if (songs.containsKey(s)) {
        up.add(songs.get(s));
      } else {
        removed.add(s);
      }
    }
    return new CatalogDelta(id, sinceVersion, version, false, up, removed);
  }

  @Override
  public synchronized List<Song> search(String query, int limit) {
    return songs.values().stream().filter(s -> s.matches(query)).limit(limit).toList();
  }

  @Override
  public synchronized Song song(SongId songId) throws UnknownSongException {
    Song s = songs.get(songId);
    if (s == null) {
      throw new UnknownSongException(songId, "no song " + songId);
    }
    return s;
  }

  @Override
  public StreamTicket openStream(SongId songId) throws UnknownSongException, AccessDeniedException {
    openStreamCalls.add(songId);
    byte[] bytes;
    synchronized (this) {
      bytes = audio.get(songId);
    }
    if (bytes == null) {
      throw new UnknownSongException(songId, "no song " + songId);
    }
    return new StreamTicket(songId, http.issue(songId.value(), bytes), Duration.ofSeconds(30), "audio/mpeg",
        bytes.length);
  }

  @Override
  public CoverArt coverArt(SongId songId) throws RemoteException, UnknownSongException, NoCoverArtException {
    throw new NoCoverArtException(songId, "no cover art");
  }

  /** A song of this SoundSmith; ids are "<soundsmith>:<n>". */
  static Song song(String id, String title, String artist, String album, int disc, int track, Duration duration,
      long size) {
    return new Song(new SongId(id), title, artist, album, track, disc, 2026, "Test", duration, 128, 44_100, false,
        size, "audio/mpeg");
  }
}
