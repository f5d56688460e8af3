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
 * <p>A CD track that the rip daemon has turned into an MP3 is one song: when an MP3
 * SoundSmith's song is the same recording as a CD SoundSmith's song (same artist, album, track
 * number and title, case-insensitively, and durations within {@link #SAME_RECORDING_SLACK}), the
 * listing and search show only the MP3 copy. The CD copy stays known to {@link #find} and shows
 * again as soon as the MP3 copy goes (the fallback). The rip daemon tags MP3s with exactly the
 * names the CD SoundSmith serves (its CDDB entry, or the same generic "Track 3" on
 * "Unknown disc 0e031e04"), which is what makes them compare equal; kinds are learnt from
 * {@link #apply(CatalogDelta, String)}.
 *
 * <p>Thread-safe: writers are serialized by the object's lock; readers get an immutable sorted
 * snapshot that is rebuilt lazily after a change, so a search never sees half an update.
 */
public final class MergedCatalog {
  /** Artist, album, disc, track, title (case-insensitive), then id so the order is total. */
  public static final Comparator<Song> ORDER = Song.ORDER;

  /** How far the durations of one recording's CD and MP3 copies may differ (MP3 encoder padding is ~50 ms). */
  public static final java.time.Duration SAME_RECORDING_SLACK = java.time.Duration.ofSeconds(2);

  private final Map<SoundSmithId, Map<SongId, Song>> bySoundSmith = new TreeMap<>();
  private final Map<SoundSmithId, String> kinds = new HashMap<>();
  private volatile List<Located> snapshot = List.of();
  private volatile Map<SongId, Located> index = Map.of();
  private boolean dirty;

  /** A song and the id of the SoundSmith it came from. */
  public record Located(Song song, SoundSmithId soundSmith) {}

  /**
   * Applies one SoundSmith's delta, remembering what kind of SoundSmith it is
   * ({@link org.jukebox.api.SoundSmithInfo#KIND_MP3}, {@link org.jukebox.api.SoundSmithInfo#KIND_CD}),
   * and says what changed for observers.
   *
   * @throws NullPointerException if an argument is null
   */
  public synchronized CatalogChange apply(CatalogDelta delta, String kind) {
    kinds.put(delta.soundSmith(), Objects.requireNonNull(kind, "kind"));
    return apply(delta);
  }

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
    kinds.remove(soundSmith);
    dirty = true;
    return new CatalogChange(soundSmith, List.of(),
        songs == null ? List.of() : new ArrayList<>(songs.keySet()), true);
  }

  /**
   * Every song, sorted by {@link #ORDER}; a song id served by two SoundSmiths appears once, and a
   * CD track that also exists as a ripped MP3 appears only as the MP3.
   */
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
    List<Located> sorted = new ArrayList<>();
    Map<List<Object>, List<Song>> mp3s = new HashMap<>();
    for (Located l : merged.values()) {
      if (org.jukebox.api.SoundSmithInfo.KIND_MP3.equals(kinds.get(l.soundSmith()))) {
        mp3s.computeIfAbsent(recording(l.song()), k -> new ArrayList<>()).add(l.song());
      }
    }
    for (Located l : merged.values()) {
      if (!(org.jukebox.api.SoundSmithInfo.KIND_CD.equals(kinds.get(l.soundSmith())) && ripped(l.song(), mp3s))) {
        sorted.add(l);
      }
    }
    sorted.sort(Comparator.comparing(Located::song, ORDER));
    snapshot = List.copyOf(sorted);
    index = Map.copyOf(merged);
    dirty = false;
  }

  /** What makes two copies the same recording, apart from their durations. */
  private static List<Object> recording(Song s) {
    return List.of(fold(s.artist()), fold(s.album()), s.track(), fold(s.title()));
  }

  private static String fold(String text) {
    return java.text.Normalizer.normalize(text.strip(), java.text.Normalizer.Form.NFC).toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean ripped(Song cd, Map<List<Object>, List<Song>> mp3s) {
    for (Song mp3 : mp3s.getOrDefault(recording(cd), List.of())) {
      if (mp3.duration().minus(cd.duration()).abs().compareTo(SAME_RECORDING_SLACK) <= 0) {
        return true;
      }
    }
    return false;
  }
}
