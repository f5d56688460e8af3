package org.jukebox.client.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithId;
import org.jukebox.client.CatalogChange;

/**
 * The songs of every SoundSmith a client holds, kept per SoundSmith and merged into one sorted
 * view for browsing and search. Deltas are applied as {@link CatalogDelta} describes.
 *
 * <p>Thread-safe: writers are serialized by the object's lock; readers get an immutable sorted
 * snapshot that is rebuilt lazily after a change, so a search never sees half an update.
 */
public final class MergedCatalog {
  /** Artist, album, disc, track, title (case-insensitive), then id so the order is total. */
  public static final Comparator<Song> ORDER = Song.ORDER;

  private final Map<SoundSmithId, Map<SongId, Song>> bySoundSmith = new TreeMap<>();
  private volatile List<Located> snapshot = List.of();
  private volatile Map<SongId, Located> index = Map.of();
  private boolean dirty;

  /** A song and the id of the SoundSmith it came from. */
  public record Located(Song song, SoundSmithId soundSmith) {}

  /**
   * Applies one SoundSmith's delta and says what changed for observers.
   *
   * @throws NullPointerException if {@code delta} is null
   */
  public synchronized CatalogChange apply(CatalogDelta delta) {
    Objects.requireNonNull(delta, "delta");
    Map<SongId, Song> songs = bySoundSmith.computeIfAbsent(delta.soundSmith(), k -> new HashMap<>());
    List<SongId> removed = new ArrayList<>();
    if (delta.full()) {
      Map<SongId, Song> next = new HashMap<>();
      for (Song s : delta.upserts()) {
        next.put(s.id(), s);
      }
      for (SongId id : songs.keySet()) {
        if (!next.containsKey(id)) {
          removed.add(id);
        }
      }
      songs.clear();
      songs.putAll(next);
    } else {
      for (SongId id : delta.removed()) {
        if (songs.remove(id) != null) {
          removed.add(id);
        }
      }
      for (Song s : delta.upserts()) {
        songs.put(s.id(), s);
      }
    }
    dirty = true;
    return new CatalogChange(delta.soundSmith(), delta.upserts(), removed, false);
  }

  /** Forgets every song of a SoundSmith that departed; returns what went. */
  public synchronized CatalogChange drop(SoundSmithId soundSmith) {
    Map<SongId, Song> songs = bySoundSmith.remove(soundSmith);
    dirty = true;
    return new CatalogChange(soundSmith, List.of(),
        songs == null ? List.of() : new ArrayList<>(songs.keySet()), true);
  }

  /** Every song, sorted by {@link #ORDER}; a song id served by two SoundSmiths appears once. */
  public List<Located> songs() {
    rebuildIfDirty();
    return snapshot;
  }

  /** The songs matching {@code query} with {@link Song#matches} semantics, at most {@code limit}. */
  public List<Song> search(String query, int limit) {
    Objects.requireNonNull(query, "query");
    if (limit < 0) {
      throw new IllegalArgumentException("limit < 0: " + limit);
    }
    List<Song> out = new ArrayList<>();
    for (Located l : songs()) {
      if (out.size() >= limit) {
        break;
      }
      if (l.song().matches(query)) {
        out.add(l.song());
      }
    }
    return out;
  }

  /** Where a song is served from, if anywhere. */
  public Optional<Located> find(SongId id) {
    rebuildIfDirty();
    return Optional.ofNullable(index.get(id));
  }

  /** How many distinct songs the catalog holds. */
  public int size() {
    return songs().size();
  }

  private synchronized void rebuildIfDirty() {
    if (!dirty) {
      return;
    }
    // SoundSmiths are visited in id order, so a duplicated song id resolves the same way every time.
    Map<SongId, Located> merged = new LinkedHashMap<>();
    for (Map.Entry<SoundSmithId, Map<SongId, Song>> e : bySoundSmith.entrySet()) {
      for (Song s : e.getValue().values()) {
        merged.putIfAbsent(s.id(), new Located(s, e.getKey()));
      }
    }
    List<Located> sorted = new ArrayList<>(merged.values());
    sorted.sort(Comparator.comparing(Located::song, ORDER));
    snapshot = List.copyOf(sorted);
    index = Map.copyOf(merged);
    dirty = false;
  }
}
