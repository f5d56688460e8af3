package org.jukebox.swing.controller;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.client.CatalogChange;
import org.jukebox.client.CatalogListener;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.Playlist;
import org.jukebox.client.PlaylistListener;
import org.jukebox.client.Repeat;

/**
 * The playlist (the queue the player plays): add, insert, reorder and remove songs, shuffle and
 * repeat, and save or load named playlists through a {@link PlaylistStore}. Songs whose SoundSmith
 * left stay listed, shown as unavailable, and come back when it does.
 *
 * <p>Thread-safe; file I/O runs on the worker.
 */
public final class PlaylistController implements AutoCloseable {
  private final JukeboxClient client;
  private final Playlist playlist;
  private final PlaylistView view;
  private final StatusView status;
  private final Executor ui;
  private final ExecutorService worker;
  private final PlaylistStore store;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private final PlaylistListener listener = p -> refresh();
  private final CatalogListener catalog = new CatalogListener() {
    @Override
    public void catalogChanged(CatalogChange change) {
      refresh();
    }
  };

  public PlaylistController(JukeboxClient client, PlaylistView view, StatusView status, Executor ui,
      ExecutorService worker, PlaylistStore store) {
    this.client = Objects.requireNonNull(client, "client");
    this.playlist = client.playlist();
    this.view = Objects.requireNonNull(view, "view");
    this.status = Objects.requireNonNull(status, "status");
    this.ui = Objects.requireNonNull(ui, "ui");
    this.worker = Objects.requireNonNull(worker, "worker");
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Starts following the playlist and the catalog; shows both and the saved names. */
  public void start() {
    playlist.addListener(listener);
    client.addCatalogListener(catalog);
    refresh();
    refreshNames();
  }

  /** Appends songs. */
  public void add(List<Song> songs) {
    playlist.addAll(songs);
    if (!songs.isEmpty()) {
      ui.execute(() -> status.showMessage("Added " + Format.count(songs.size(), "song") + " to the playlist"));
    }
  }

  /** Inserts songs before {@code index} (clamped to the end). */
  public void insert(int index, List<Song> songs) {
    int before = playlist.size();
    playlist.addAll(songs);
    int at = Math.max(0, Math.min(index, before));
    for (int i = 0; i < songs.size(); i++) {
      playlist.move(before + i, at + i);
    }
  }

  /** Moves the entries at {@code indices} so that they sit, in their order, before {@code target}. */
  public void move(int[] indices, int target) {
    int[] sorted = indices.clone();
    Arrays.sort(sorted);
    int size = playlist.size();
    int to = Math.max(0, Math.min(target, size));
    List<Integer> order = new ArrayList<>();
    for (int i : sorted) {
      if (i >= 0 && i < size) {
        order.add(i);
      }
    }
    // Take the moved entries to the end in their order (each one taken shifts the later ones
    // left by one), then bring that block back to where the rest put the target.
    int insertAt = to - (int) order.stream().filter(i -> i < to).count();
    for (int k = 0; k < order.size(); k++) {
      playlist.move(order.get(k) - k, size - 1);
    }
    for (int k = 0; k < order.size(); k++) {
      playlist.move(size - order.size() + k, insertAt + k);
    }
  }

  /** Removes the entries at {@code indices}. */
  public void remove(int[] indices) {
    int[] sorted = indices.clone();
    Arrays.sort(sorted);
    for (int i = sorted.length - 1; i >= 0; i--) {
      if (sorted[i] >= 0 && sorted[i] < playlist.size()) {
        playlist.remove(sorted[i]);
      }
    }
  }

  /** Empties the playlist. */
  public void clear() {
    playlist.clear();
  }

  /** Shuffle on or off. */
  public void setShuffle(boolean on) {
    playlist.setShuffle(on);
  }

  /** Repeat all or off. */
  public void setRepeat(Repeat repeat) {
    playlist.setRepeat(repeat);
  }

  /** The songs now. */
  public List<Song> songs() {
    return playlist.songs();
  }

  /** Saves the playlist as {@code name} in the background; the status line says how it went. */
  public void save(String name) {
    List<Song> songs = playlist.songs();
    worker.execute(() -> {
      try {
        store.save(name, songs);
        message("Saved playlist '" + name.trim() + "' (" + Format.count(songs.size(), "song") + ")");
        refreshNames();
      } catch (IOException | IllegalArgumentException e) {
        message("Could not save playlist: " + e.getMessage());
      }
    });
  }

  /** Replaces the playlist with the saved one {@code name}, skipping songs no live SoundSmith serves. */
  public void load(String name) {
    worker.execute(() -> {
      try {
        List<SongId> ids = store.load(name);
        List<Song> found = new ArrayList<>();
        for (SongId id : ids) {
          Optional<Song> s = client.song(id);
          s.ifPresent(found::add);
        }
        playlist.clear();
        playlist.addAll(found);
        message("Loaded playlist '" + name + "': " + found.size() + " of " + Format.count(ids.size(), "song")
            + (found.size() < ids.size() ? " (the rest are on SoundSmiths that are not online)" : ""));
      } catch (IOException | IllegalArgumentException e) {
        message("Could not load playlist '" + name + "': " + e.getMessage());
      }
    });
  }

  /** Deletes the saved playlist {@code name}. */
  public void delete(String name) {
    worker.execute(() -> {
      try {
        store.delete(name);
        refreshNames();
      } catch (IOException | IllegalArgumentException e) {
        message("Could not delete playlist: " + e.getMessage());
      }
    });
  }

  private void refreshNames() {
    worker.execute(() -> {
      try {
        List<String> names = store.names();
        ui.execute(() -> view.showSavedPlaylists(names));
      } catch (IOException e) {
        message("Could not list saved playlists in " + store.folder() + ": " + e.getMessage());
      }
    });
  }

  private void refresh() {
    // Coalesce bursts (addAll of many songs notifies once, but moves notify each).
    if (!refreshQueued.compareAndSet(false, true)) {
      return;
    }
    worker.execute(() -> {
      refreshQueued.set(false);
      List<Song> songs = playlist.songs();
      int current = playlist.currentIndex();
      boolean shuffle = playlist.shuffle();
      Repeat repeat = playlist.repeat();
      List<PlaylistEntry> entries = new ArrayList<>(songs.size());
      for (Song s : songs) {
        entries.add(new PlaylistEntry(s, client.song(s.id()).isPresent()));
      }
      ui.execute(() -> view.showPlaylist(entries, current, shuffle, repeat));
    });
  }

  private void message(String m) {
    ui.execute(() -> status.showMessage(m));
  }

  @Override
  public void close() {
    playlist.removeListener(listener);
    client.removeCatalogListener(catalog);
  }
}
