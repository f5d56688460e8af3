package org.jukebox.swing.controller;

import java.rmi.RemoteException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.Pick;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.jukebox.client.DjClient;
import org.jukebox.client.DjReporter;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.Playlist;
import org.jukebox.client.PlayerListener;

/**
 * The DJ: likes and dislikes, the player's events reported through a {@link DjReporter}, DJ mode
 * (the DJ picks the playlist from what is live now, and tops it up as it runs low), whose taste
 * it picks by (one's own, another user's published profile, or a blend), and publishing one's
 * own profile. Without a DJ every action says so on the status line.
 *
 * <p>Thread-safe; DJ calls run on the worker.
 */
public final class DjController implements AutoCloseable {
  /** Songs asked of the DJ at a time. */
  public static final int PICKS = 10;
  /** DJ mode asks for more when fewer songs than this are left after the current one. */
  static final int LOW_WATER = 2;

  private final JukeboxClient client;
  private final DjClient dj;
  private final String user;
  private final DjView view;
  private final StatusView status;
  private final Executor ui;
  private final ExecutorService worker;
  private final DjReporter reporter;
  private volatile boolean djMode;
  private volatile Taste taste = Taste.own();
  private final PlayerListener topUp = new PlayerListener() {
    @Override
    public void songStarted(Song song) {
      if (djMode) {
        Playlist p = client.playlist();
        if (p.size() - 1 - p.currentIndex() < LOW_WATER) {
          worker.execute(() -> fill(false));
        }
      }
    }
  };

  /**
   * A controller of {@code dj} (null when there is none) acting for {@code user} (the name whose
   * own profile is read; may be null when unknown).
   */
  public DjController(JukeboxClient client, DjClient dj, String user, DjView view, StatusView status, Executor ui,
      ExecutorService worker) {
    this.client = Objects.requireNonNull(client, "client");
    this.dj = dj;
    this.user = user;
    this.view = Objects.requireNonNull(view, "view");
    this.status = Objects.requireNonNull(status, "status");
    this.ui = Objects.requireNonNull(ui, "ui");
    this.worker = Objects.requireNonNull(worker, "worker");
    this.reporter = dj == null ? null : dj.reporter();
  }

  /** Starts reporting the player's events and shows what the DJ knows. */
  public void start() {
    if (dj == null) {
      ui.execute(() -> view.showDjAvailable(false, "No DJ is connected: likes and DJ mode need the DJ service"));
      return;
    }
    client.player().addListener(reporter);
    client.player().addListener(topUp);
    ui.execute(() -> {
      view.showDjAvailable(true, null);
      view.showDjMode(false, label(taste));
    });
    refreshProfiles();
  }

  /** Whether a DJ is connected. */
  public boolean available() {
    return dj != null;
  }

  /** Tells the DJ the user likes {@code song} (the current song when null). */
  public void like(Song song) {
    rate(song, true);
  }

  /** Tells the DJ the user dislikes {@code song} (the current song when null). */
  public void dislike(Song song) {
    rate(song, false);
  }

  /** Likes or dislikes several songs (the table's context menu). */
  public void rate(List<Song> songs, boolean like) {
    for (Song s : songs) {
      rate(s, like);
    }
  }

  private void rate(Song song, boolean like) {
    if (dj == null) {
      message("Cannot " + (like ? "like" : "dislike") + ": no DJ is connected");
      return;
    }
    Song s = song != null ? song : client.player().currentSong().orElse(null);
    if (s == null) {
      message("Cannot " + (like ? "like" : "dislike") + ": nothing is playing");
      return;
    }
    if (like) {
      dj.like(s.id());
    } else {
      dj.dislike(s.id());
    }
    message((like ? "Liked: " : "Disliked: ") + s.title());
  }

  /** Turns DJ mode on (the DJ's picks replace the playlist and start playing) or off. */
  public void setDjMode(boolean on) {
    if (dj == null) {
      message("DJ mode needs the DJ service, which is not connected");
      return;
    }
    djMode = on;
    Taste t = taste;
    ui.execute(() -> view.showDjMode(on, label(t)));
    if (on) {
      worker.execute(() -> fill(true));
    }
  }

  /** Whether DJ mode is on. */
  public boolean djMode() {
    return djMode;
  }

  /** Picks by {@code taste} from now on (refilling the playlist when DJ mode is on). */
  public void setTaste(Taste taste) {
    this.taste = Objects.requireNonNull(taste, "taste");
    ui.execute(() -> view.showDjMode(djMode, label(taste)));
    if (djMode) {
      worker.execute(() -> fill(true));
    }
  }

  /** The taste picked by. */
  public Taste taste() {
    return taste;
  }

  /** Publishes the user's profile read-only, or takes it private. */
  public void publish(boolean published) {
    if (dj == null) {
      message("Cannot publish: no DJ is connected");
      return;
    }
    worker.execute(() -> {
      try {
        dj.publish(published);
        message(published ? "Your DJ profile is published: others may listen with it, never change it"
            : "Your DJ profile is private");
        ui.execute(() -> view.showPublished(published));
        refreshProfiles();
      } catch (RemoteException | JukeboxException e) {
        message("Could not " + (published ? "publish" : "unpublish") + " your profile: " + e.getMessage());
      }
    });
  }

  /** Asks the DJ again for the published profiles (and whether the user's own is one). */
  public void refreshProfiles() {
    if (dj == null) {
      return;
    }
    worker.execute(() -> {
      try {
        List<String> users = dj.publishedProfiles();
        Boolean mine = user == null ? null : users.contains(user);
        ui.execute(() -> {
          view.showProfiles(users);
          view.showPublished(mine);
        });
      } catch (RemoteException | JukeboxException e) {
        message("The DJ did not answer: " + e.getMessage());
      }
    });
  }

  private void fill(boolean replace) {
    Playlist playlist = client.playlist();
    Set<SongId> upcoming = new HashSet<>();
    if (!replace) {
      List<Song> queued = playlist.songs();
      for (int i = Math.max(0, playlist.currentIndex()); i < queued.size(); i++) {
        upcoming.add(queued.get(i).id());
      }
    }
    List<SongId> available = client.catalog().stream().map(Song::id).filter(id -> !upcoming.contains(id)).toList();
    try {
      List<Pick> picks = dj.nextSongs(taste, available, PICKS);
      List<Song> songs = picks.stream().map(p -> client.song(p.song())).flatMap(Optional::stream).toList();
      if (songs.isEmpty()) {
        message("DJ: nothing new to play right now");
        return;
      }
      if (replace) {
        playlist.clear();
        playlist.addAll(songs);
        client.player().play(0);
      } else {
        playlist.addAll(songs);
      }
      message("DJ picked " + Format.count(songs.size(), "song") + " (" + label(taste) + ")");
    } catch (RemoteException | JukeboxException | RuntimeException e) {
      message("The DJ could not pick songs: " + e.getMessage());
    }
  }

  /** How a taste reads: "your own", "alice", "all like: alice, bob". */
  public static String label(Taste t) {
    if (t.users().isEmpty()) {
      return "your own taste";
    }
    if (t.users().size() == 1) {
      return t.users().get(0) + "'s taste";
    }
    return t.blend().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + String.join(", ", t.users());
  }

  private void message(String m) {
    ui.execute(() -> status.showMessage(m));
  }

  @Override
  public void close() {
    if (reporter != null) {
      client.player().removeListener(reporter);
      client.player().removeListener(topUp);
    }
  }
}
