package org.jukebox.swing.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.client.CatalogChange;
import org.jukebox.client.CatalogListener;
import org.jukebox.client.JukeboxClient;

/**
 * The library: keeps a {@link SongIndex} of the client's merged catalog up to date as
 * SoundSmiths come and go, and filters, scopes (artist → album) and sorts it for the view. A
 * departed SoundSmith's songs simply vanish from the next model.
 *
 * <p>Searching is debounced ({@link #DEBOUNCE_MILLIS} ms after the last keystroke) and runs, like
 * rebuilding and sorting, on the worker; results reach the view through the UI executor, and a
 * result overtaken by a newer request is dropped. Thread-safe.
 */
public final class LibraryController implements AutoCloseable {
  /** How long typing must pause before the search runs. */
  public static final long DEBOUNCE_MILLIS = 100;

  private static final Logger LOG = Logger.getLogger(LibraryController.class.getName());

  private final JukeboxClient client;
  private final LibraryView view;
  private final StatusView status;
  private final Executor ui;
  private final ScheduledExecutorService worker;
  private final CatalogListener listener = new CatalogListener() {
    @Override
    public void soundSmithsChanged(List<SoundSmithInfo> live) {
      scheduleRebuild();
    }

    @Override
    public void catalogChanged(CatalogChange change) {
      scheduleRebuild();
    }
  };

  // Guarded by this.
  private SongIndex index = SongIndex.EMPTY;
  private java.util.Map<String, List<String>> tree = java.util.Map.of();
  private String query = "";
  private String artist;
  private String album;
  private Column sort;
  private boolean ascending = true;
  private long generation;
  private String lastQuery;
  private int[] lastFiltered;
  private ScheduledFuture<?> pendingSearch;
  private ScheduledFuture<?> pendingRebuild;
  private LibraryModel model;

  /**
   * A controller for {@code client}'s library; call {@link #start()} to begin.
   *
   * @param ui runs view calls (the Event Dispatch Thread in the application)
   * @param worker runs everything else; the caller keeps ownership
   */
  public LibraryController(JukeboxClient client, LibraryView view, StatusView status, Executor ui,
      ScheduledExecutorService worker) {
    this.client = Objects.requireNonNull(client, "client");
    this.view = Objects.requireNonNull(view, "view");
    this.status = Objects.requireNonNull(status, "status");
    this.ui = Objects.requireNonNull(ui, "ui");
    this.worker = Objects.requireNonNull(worker, "worker");
  }

  /** Starts following the catalog and builds the first model in the background. */
  public void start() {
    client.addCatalogListener(listener);
    worker.execute(this::rebuild);
  }

  /** Searches for {@code text} (every word, case-insensitive) after the debounce delay. */
  public synchronized void setQuery(String text) {
    query = text == null ? "" : text;
    if (pendingSearch != null) {
      pendingSearch.cancel(false);
    }
    long gen = ++generation;
    pendingSearch = worker.schedule(() -> publish(gen), DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Shows only {@code artist}'s songs (null: all), and of those only {@code album} (null: all). */
  public synchronized void setScope(String artist, String album) {
    this.artist = artist;
    this.album = artist == null ? null : album;
    lastQuery = null;
    submitPublish();
  }

  /** Sorts by {@code column}: ascending, or the other way if it is sorted by it already; null for catalog order. */
  public synchronized void sortBy(Column column) {
    if (column != null && column == sort) {
      ascending = !ascending;
    } else {
      sort = column;
      ascending = true;
    }
    submitPublish();
  }

  /** The model the view was last given (null before the first). */
  public synchronized LibraryModel model() {
    return model;
  }

  /** The songs under {@code viewRows} of {@code shown} (the model the view shows), in that order. */
  public static List<Song> songsAt(LibraryModel shown, int[] viewRows) {
    List<Song> out = new ArrayList<>(viewRows.length);
    for (int r : viewRows) {
      if (r >= 0 && r < shown.visibleCount()) {
        out.add(shown.rowAt(r).song());
      }
    }
    return out;
  }

  private synchronized void submitPublish() {
    long gen = ++generation;
    worker.execute(() -> publish(gen));
  }

  private synchronized void scheduleRebuild() {
    // A SoundSmith arriving sends many deltas at once: build once after they settle.
    if (pendingRebuild == null || pendingRebuild.isDone()) {
      pendingRebuild = worker.schedule(this::rebuild, 150, TimeUnit.MILLISECONDS);
    }
  }

  private void rebuild() {
    try {
      List<SoundSmithInfo> smiths = client.soundSmiths();
      java.util.Map<org.jukebox.api.SoundSmithId, SoundSmithInfo> byId = new java.util.HashMap<>();
      smiths.forEach(s -> byId.put(s.id(), s));
      List<Song> songs = client.catalog();
      List<SongRow> rows = new ArrayList<>(songs.size());
      for (Song s : songs) {
        SoundSmithInfo info = client.locate(s.id()).map(x -> x.server()).orElse(null);
        rows.add(info == null ? new SongRow(s, "", "") : new SongRow(s, info.name(), info.kind()));
      }
      SongIndex built = SongIndex.of(rows);
      var builtTree = built.artistsAndAlbums();
      long gen;
      synchronized (this) {
        index = built;
        tree = builtTree;
        lastQuery = null;
        gen = ++generation;
      }
      int count = built.size();
      ui.execute(() -> status.showLibraryStatus(false, count, smiths));
      publish(gen);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not rebuild the library", e);
    }
  }

  /** Filters and sorts for the current request, unless a newer one came meanwhile. */
  private void publish(long gen) {
    SongIndex idx;
    String q;
    String ar;
    String al;
    Column by;
    boolean asc;
    String prevQuery;
    int[] prev;
    java.util.Map<String, List<String>> t;
    synchronized (this) {
      if (gen != generation) {
        return;
      }
      idx = index;
      q = query;
      ar = artist;
      al = album;
      by = sort;
      asc = ascending;
      prevQuery = lastQuery;
      prev = lastFiltered;
      t = tree;
    }
    int[] filtered = prev != null && SongIndex.narrows(prevQuery, q)
        ? idx.narrow(prev, q, ar, al) : idx.filter(q, ar, al);
    int[] shown = by == null ? filtered : idx.sort(filtered, by, asc);
    LibraryModel m = new LibraryModel(idx, shown, q, by, asc, t);
    synchronized (this) {
      if (gen != generation) {
        return;
      }
      lastQuery = q;
      lastFiltered = filtered;
      model = m;
    }
    ui.execute(() -> view.showLibrary(m));
  }

  @Override
  public void close() {
    client.removeCatalogListener(listener);
  }
}
