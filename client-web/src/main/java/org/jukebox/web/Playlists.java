package org.jukebox.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jukebox.api.SongId;

/**
 * Every proxy user's playlist, each under a random id, kept in one file per user. Lookups by id
 * always name the asking user: another user's id is as unknown as a made-up one.
 *
 * <p>Thread-safe: each playlist is guarded by itself.
 */
final class Playlists {
  /** One user's playlist. */
  static final class Playlist {
    final String id;
    final String owner;
    final List<SongId> songs = new ArrayList<>();

    Playlist(String id, String owner) {
      this.id = id;
      this.owner = owner;
    }

    synchronized List<SongId> songs() {
      return List.copyOf(songs);
    }
  }

  private final Path dir;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Playlist> byOwner = new ConcurrentHashMap<>();
  private final Map<String, Playlist> byId = new ConcurrentHashMap<>();

  Playlists(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the playlist folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The user's playlist, loaded or created. */
  Playlist of(String owner) {
    return byOwner.computeIfAbsent(owner, o -> {
      Playlist p = load(o);
      byId.put(p.id, p);
      return p;
    });
  }

  /** The playlist {@code id} if {@code owner} owns it. */
  Optional<Playlist> find(String owner, String id) {
    of(owner);
    Playlist p = byId.get(id);
    return p != null && p.owner.equals(owner) ? Optional.of(p) : Optional.empty();
  }

  /** Whether {@code id} names some user's playlist (for tests of ownership). */
  boolean exists(String id) {
    return byId.containsKey(id);
  }

  void add(Playlist p, SongId song) {
    synchronized (p) {
      if (p.songs.size() >= 10_000) {
        throw new IllegalArgumentException("playlist is full (10000 songs)");
      }
      p.songs.add(song);
      save(p);
    }
  }

  /** Removes the song at {@code index}; false if there is none. */
  boolean remove(Playlist p, int index) {
    synchronized (p) {
      if (index < 0 || index >= p.songs.size()) {
        return false;
      }
      p.songs.remove(index);
      save(p);
      return true;
    }
  }

  /** Moves the song at {@code index} by {@code delta} places; false if either end is outside. */
  boolean move(Playlist p, int index, int delta) {
    synchronized (p) {
      int to = index + delta;
      if (index < 0 || index >= p.songs.size() || to < 0 || to >= p.songs.size()) {
        return false;
      }
      SongId s = p.songs.remove(index);
      p.songs.add(to, s);
      save(p);
      return true;
    }
  }

  void clear(Playlist p) {
    synchronized (p) {
      p.songs.clear();
      save(p);
    }
  }

  private Playlist load(String owner) {
    Path f = dir.resolve(owner + ".playlist");
    if (Files.isRegularFile(f)) {
      try {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (!lines.isEmpty() && lines.get(0).matches("[0-9a-f]{32}")) {
          Playlist p = new Playlist(lines.get(0), owner);
          for (String l : lines.subList(1, lines.size())) {
            try {
              p.songs.add(new SongId(l.trim()));
            } catch (IllegalArgumentException e) {
              // a damaged line loses one song, not the playlist
            }
          }
          return p;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    Playlist p = new Playlist(HexFormat.of().formatHex(id), owner);
    save(p);
    return p;
  }

  private void save(Playlist p) {
    Path f = dir.resolve(p.owner + ".playlist");
    StringBuilder b = new StringBuilder(p.id).append('\n');
    for (SongId s : p.songs) {
      b.append(s.value()).append('\n');
    }
    try {
      Path tmp = Files.createTempFile(dir, "." + p.owner, ".tmp");
      Files.writeString(tmp, b, StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + f + ": " + e.getMessage(), e);
    }
  }
}
