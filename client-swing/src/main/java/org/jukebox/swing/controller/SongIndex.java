package org.jukebox.swing.controller;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jukebox.api.Song;

/**
 * An immutable snapshot of the library, prepared for instant search: every row's title, artist,
 * album and source are lower-cased once, so filtering is a scan of plain {@code contains} calls
 * (100,000 songs in a few milliseconds; see docs/BENCHMARKS.md, swing).
 *
 * <p>Immutable and thread-safe.
 */
public final class SongIndex {
  /** The empty library. */
  public static final SongIndex EMPTY = of(List.of());

  private final List<SongRow> rows;
  private final String[] haystacks;
  private final String[] artists;
  private final String[] albums;

  private SongIndex(List<SongRow> rows) {
    this.rows = List.copyOf(rows);
    int n = this.rows.size();
    haystacks = new String[n];
    artists = new String[n];
    albums = new String[n];
    for (int i = 0; i < n; i++) {
      SongRow r = this.rows.get(i);
      haystacks[i] = (r.song().title() + '\n' + r.song().artist() + '\n' + r.song().album() + '\n' + r.source())
          .toLowerCase(Locale.ROOT);
      artists[i] = r.song().artist();
      albums[i] = r.song().album();
    }
  }

  /** An index over these rows, in this order. */
  public static SongIndex of(List<SongRow> rows) {
    return new SongIndex(Objects.requireNonNull(rows, "rows"));
  }

  /** How many rows. */
  public int size() {
    return rows.size();
  }

  /** The row at {@code i}. @throws IndexOutOfBoundsException if there is none */
  public SongRow row(int i) {
    return rows.get(i);
  }

  /** Every row, in index order. */
  public List<SongRow> rows() {
    return rows;
  }

  /**
   * The indices of the rows that match: every word of {@code query} appears (case-insensitively)
   * in the title, artist, album or source, and the row is by {@code artist} (null: any) on
   * {@code album} (null: any). Ascending.
   */
  public int[] filter(String query, String artist, String album) {
    String[] words = words(query);
    int[] out = new int[haystacks.length];
    int n = 0;
    for (int i = 0; i < haystacks.length; i++) {
      if (matches(i, words, artist, album)) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * As {@link #filter(String, String, String)} but only among {@code candidates} (a previous,
   * wider result), in their order: typing one more letter narrows what was found.
   */
  public int[] narrow(int[] candidates, String query, String artist, String album) {
    String[] words = words(query);
    int[] out = new int[candidates.length];
    int n = 0;
    for (int i : candidates) {
      if (matches(i, words, artist, album)) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private boolean matches(int i, String[] words, String artist, String album) {
    if (artist != null && !artist.equals(artists[i])) {
      return false;
    }
    if (album != null && !album.equals(albums[i])) {
      return false;
    }
    String h = haystacks[i];
    for (String w : words) {
      if (!h.contains(w)) {
        return false;
      }
    }
    return true;
  }

  /** The query's words, lower-cased; none for a blank query. */
  static String[] words(String query) {
    String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
    return q.isEmpty() ? new String[0] : q.split("\\s+");
  }

  /**
   * Whether every row matching {@code next} also matches {@code previous}, so that the earlier
   * result can be narrowed instead of scanning everything: each earlier word lies inside the word
   * typed at its place, and words were only added.
   */
  static boolean narrows(String previous, String next) {
    if (previous == null) {
      return false;
    }
    String[] before = words(previous);
    String[] after = words(next);
    if (after.length < before.length) {
      return false;
    }
    for (int i = 0; i < before.length; i++) {
      if (!after[i].contains(before[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rows in {@code order} sorted by {@code column} (rows with equal keys in catalog order when
   * ascending, the reverse when descending); a new array. Each column's ranking of the whole index
   * is computed once, on its first use; after that a sort is one primitive sort of the rows shown
   * (tens of milliseconds for 100,000).
   */
  public int[] sort(int[] order, Column column, boolean ascending) {
    int[] rank = ranks(column);
    long[] packed = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      packed[i] = (long) rank[order[i]] << 32 | order[i];
    }
    Arrays.sort(packed);
    int[] out = new int[order.length];
    for (int i = 0; i < out.length; i++) {
      out[ascending ? i : out.length - 1 - i] = (int) packed[i];
    }
    return out;
  }

  private final java.util.concurrent.ConcurrentMap<Column, int[]> sortRanks = new java.util.concurrent.ConcurrentHashMap<>();

  /** Each row's position when the whole index is sorted by {@code column}, ties by index. */
  private int[] ranks(Column column) {
    return sortRanks.computeIfAbsent(column, c -> {
      Object keys = keys(c);
      Integer[] all = new Integer[rows.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      java.util.Comparator<Integer> byKey;
      if (keys instanceof String[] k) {
        byKey = (x, y) -> k[x].compareTo(k[y]);
      } else {
        long[] k = (long[]) keys;
        byKey = (x, y) -> Long.compare(k[x], k[y]);
      }
      Arrays.sort(all, byKey.thenComparing(Integer::compare));
      int[] rank = new int[all.length];
      for (int i = 0; i < all.length; i++) {
        rank[all[i]] = i;
      }
      return rank;
    });
  }

  private Object keys(Column column) {
    Column c = column;
    {
      int n = rows.size();
      switch (c) {
        case TRACK, LENGTH -> {
          long[] k = new long[n];
          for (int i = 0; i < n; i++) {
            Song s = rows.get(i).song();
            k[i] = c == Column.TRACK ? (long) s.disc() << 32 | s.track() : s.duration().toMillis();
          }
          return k;
        }
        default -> {
          String[] k = new String[n];
          for (int i = 0; i < n; i++) {
            SongRow r = rows.get(i);
            String v = switch (c) {
              case TITLE -> r.song().title();
              case ARTIST -> r.song().artist();
              case ALBUM -> r.song().album();
              case SOURCE -> r.source();
              default -> r.kind();
            };
            k[i] = v.toLowerCase(Locale.ROOT);
          }
          return k;
        }
      }
    }
  }

  /** Artists (case-insensitive order, "" as "Unknown artist" is left to the view) and their albums. */
  public Map<String, List<String>> artistsAndAlbums() {
    Map<String, TreeSet<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER.thenComparing(s -> s));
    for (int i = 0; i < artists.length; i++) {
      m.computeIfAbsent(artists[i], a -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER.thenComparing(s -> s)))
          .add(albums[i]);
    }
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    m.forEach((a, albumsOf) -> out.put(a, new ArrayList<>(albumsOf)));
    return out;
  }
}
