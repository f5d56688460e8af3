package org.jukebox.soundsmith.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithId;
import org.jukebox.soundsmith.MediaSource;
import org.jukebox.soundsmith.SoundSmithServer.CatalogChange;
import org.jukebox.soundsmith.SoundSmithServer.CatalogEntry;
import org.jukebox.soundsmith.SoundSmithServer.CatalogSnapshot;

/**
 * The versioned catalog of one SoundSmith: songs, each with the source of its bytes and the
 * version it last changed at, plus tombstones of recent removals so that deltas can say what
 * went away.
 *
 * <p>Every applied batch that changes something bumps the version by one; a no-op batch does
 * not. Removals are remembered up to {@code maxTombstones}; forgetting older ones raises the
 * horizon below which {@link #delta} answers with the full catalog.
 *
 * <p>Memory per song is one small slot plus the lower-case search text (title, artist, album),
 * which makes search a linear scan without allocation per song.
 *
 * <p>Thread-safe: readers share a lock, writers hold it alone.
 */
public final class CatalogStore {
  /** Tombstones kept unless told otherwise; older removals force a full catalog. */
  public static final int DEFAULT_MAX_TOMBSTONES = 50_000;

  /** Order of search results: artist, album, disc, track, title (case-insensitively), then id. */
  public static final Comparator<Song> SONG_ORDER = Song.ORDER;

  private final SoundSmithId owner;
  private final int maxTombstones;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final HashMap<SongId, Slot> songs = new HashMap<>();
  // Insertion order is version order: a removal always gets the newest version.
  private final LinkedHashMap<SongId, Long> tombstones = new LinkedHashMap<>();
  private long version;
  private long horizon;

  public CatalogStore(SoundSmithId owner) {
    this(owner, DEFAULT_MAX_TOMBSTONES);
  }

  public CatalogStore(SoundSmithId owner, int maxTombstones) {
    this.owner = Objects.requireNonNull(owner, "owner");
    if (maxTombstones < 1) {
      throw new IllegalArgumentException("maxTombstones < 1: " + maxTombstones);
    }
    this.maxTombstones = maxTombstones;
  }

  /** The current version; 0 for a new, empty catalog. */
  public long version() {
    lock.readLock().lock();
    try {
      return version;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** How many songs it holds. */
  public int size() {
    lock.readLock().lock();
    try {
      return songs.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Version and size read together, as {@code long[] {version, size}}. */
  public long[] versionAndSize() {
    lock.readLock().lock();
    try {
      return new long[] {version, songs.size()};
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Applies the changes in order as one batch (a later change to the same id wins) and returns
   * the version after it: one more than before if anything changed, the same otherwise. Putting
   * a song equal to the one held only swaps its source, which is not a change clients can see.
   */
  public long apply(Collection<CatalogChange> changes) {
    Objects.requireNonNull(changes, "changes");
    LinkedHashMap<SongId, CatalogChange> last = new LinkedHashMap<>();
    for (CatalogChange c : changes) {
      Objects.requireNonNull(c, "change");
      last.remove(c.id());
      last.put(c.id(), c);
    }
    lock.writeLock().lock();
    try {
      List<CatalogChange> effective = new ArrayList<>(last.size());
      for (CatalogChange c : last.values()) {
        Slot held = songs.get(c.id());
        if (c.isRemoval()) {
          if (held != null) {
            effective.add(c);
          }
        } else if (held != null && held.song.equals(c.song())) {
          held.source = c.source();
        } else {
          effective.add(c);
        }
      }
      if (effective.isEmpty()) {
        return version;
      }
      long next = version + 1;
      for (CatalogChange c : effective) {
        if (c.isRemoval()) {
          songs.remove(c.id());
          tombstones.remove(c.id());
          tombstones.put(c.id(), next);
        } else {
          songs.put(c.id(), new Slot(c.song(), c.source(), next));
          tombstones.remove(c.id());
        }
      }
      version = next;
      pruneTombstones();
      return version;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void pruneTombstones() {
    Iterator<Map.Entry<SongId, Long>> it = tombstones.entrySet().iterator();
    while (tombstones.size() > maxTombstones && it.hasNext()) {
      horizon = Math.max(horizon, it.next().getValue());
      it.remove();
    }
  }

  /**
   * Replaces the empty catalog with one persisted earlier, so versions stay monotonic across
   * restarts. Removals before the restored version are not known, so any older version asked
   * for gets the full catalog.
   *
   * @throws IllegalStateException if the catalog was already changed or restored
   * @throws IllegalArgumentException if an entry's version is outside 1..version, or an id repeats
   */
  public void restore(CatalogSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    HashMap<SongId, Slot> restored = new HashMap<>();
    for (CatalogEntry e : snapshot.entries()) {
      if (e.version() > snapshot.version()) {
        throw new IllegalArgumentException("song " + e.song().id() + " has version " + e.version()
            + " > catalog version " + snapshot.version());
      }
      if (restored.put(e.song().id(), new Slot(e.song(), e.source(), e.version())) != null) {
        throw new IllegalArgumentException("song " + e.song().id() + " restored twice");
      }
    }
    lock.writeLock().lock();
    try {
      if (version != 0 || !songs.isEmpty()) {
        throw new IllegalStateException("restore must come first; catalog is at version " + version);
      }
      songs.putAll(restored);
      tombstones.clear();
      version = snapshot.version();
      horizon = snapshot.version();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Every song with its source and version, and the catalog version, read together. */
  public CatalogSnapshot snapshot() {
    lock.readLock().lock();
    try {
      List<CatalogEntry> entries = new ArrayList<>(songs.size());
      for (Slot s : songs.values()) {
        entries.add(new CatalogEntry(s.song, s.source, s.version));
      }
      return new CatalogSnapshot(version, entries);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** One song with its source and version, if held. */
  public Optional<CatalogEntry> entry(SongId id) {
    Objects.requireNonNull(id, "id");
    lock.readLock().lock();
    try {
      Slot s = songs.get(id);
      return s == null ? Optional.empty() : Optional.of(new CatalogEntry(s.song, s.source, s.version));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * What changed after {@code since}: the full catalog when {@code since} is 0, older than the
   * oldest removal still remembered, or newer than the current version; otherwise the songs
   * whose version is newer and the ids removed after it.
   *
   * @throws IllegalArgumentException if {@code since < 0}: {@code "sinceVersion < 0: -1"}
   */
  public CatalogDelta delta(long since) {
    if (since < 0) {
      throw new IllegalArgumentException("sinceVersion < 0: " + since);
    }
    lock.readLock().lock();
    try {
      if (since == 0 || since < horizon || since > version) {
        List<Song> all = new ArrayList<>(songs.size());
        for (Slot s : songs.values()) {
          all.add(s.song);
        }
        return new CatalogDelta(owner, 0, version, true, all, List.of());
      }
      List<Song> upserts = new ArrayList<>();
      for (Slot s : songs.values()) {
        if (s.version > since) {
          upserts.add(s.song);
        }
      }
      List<SongId> removed = new ArrayList<>();
      for (Map.Entry<SongId, Long> t : tombstones.entrySet()) {
        if (t.getValue() > since) {
          removed.add(t.getKey());
        }
      }
      return new CatalogDelta(owner, since, version, false, upserts, removed);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Songs whose title, artist or album contain every word of the query (case-insensitive, the
   * semantics of {@link Song#matches}), the first {@code limit} in {@link #SONG_ORDER}.
   *
   * @throws IllegalArgumentException if {@code limit < 0}: {@code "limit < 0: -1"}
   */
  public List<Song> search(String query, int limit) {
    Objects.requireNonNull(query, "query");
    if (limit < 0) {
      throw new IllegalArgumentException("limit < 0: " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    String[] words = query.toLowerCase(Locale.ROOT).trim().split("\\s+");
    // Keep only the best `limit` in a heap whose head is the worst kept, so a broad query over
    // a big catalog never sorts everything.
    PriorityQueue<Song> best = new PriorityQueue<>(Math.min(limit, 1024) + 1, SONG_ORDER.reversed());
    lock.readLock().lock();
    try {
      for (Slot s : songs.values()) {
        if (s.matches(words)) {
          if (best.size() < limit) {
            best.add(s.song);
          } else if (SONG_ORDER.compare(s.song, best.peek()) < 0) {
            best.poll();
            best.add(s.song);
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    List<Song> result = new ArrayList<>(best);
    result.sort(SONG_ORDER);
    return result;
  }

  /** One song held: its metadata, the source of its bytes, its version and its search text. */
  private static final class Slot {
    final Song song;
    volatile MediaSource source;
    final long version;
    final String text;

    Slot(Song song, MediaSource source, long version) {
      this.song = song;
      this.source = source;
      this.version = version;
      this.text = (song.title() + "\n" + song.artist() + "\n" + song.album()).toLowerCase(Locale.ROOT);
    }

    boolean matches(String[] words) {
      for (String w : words) {
        if (!w.isEmpty() && !text.contains(w)) {
          return false;
        }
      }
      return true;
    }
  }
}
