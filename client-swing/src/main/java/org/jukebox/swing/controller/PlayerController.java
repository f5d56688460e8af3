package org.jukebox.swing.controller;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jukebox.api.CoverArt;
import org.jukebox.api.Song;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.Player;
import org.jukebox.client.PlayerListener;
import org.jukebox.client.PlayerState;
import org.jukebox.client.SongEnd;

/**
 * Now playing and the transport: turns the player's events into view updates (song, state,
 * position, cover art fetched from the song's SoundSmith in the background) and the user's
 * commands into player calls. While the transport is locked (following someone's session) the
 * commands do nothing.
 *
 * <p>Thread-safe; player calls and cover fetches run on the worker.
 */
public final class PlayerController implements AutoCloseable {
  /** What the volume control says when the client's sink cannot change the volume. */
  public static final String NO_VOLUME =
      "Volume is not adjustable: this client's audio sink has no gain control (use the system volume)";
  /** How far fast-forward and rewind jump per step. */
  public static final Duration SCAN_STEP = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(PlayerController.class.getName());

  private final JukeboxClient client;
  private final Player player;
  private final PlayerView view;
  private final StatusView status;
  private final Executor ui;
  private final ExecutorService worker;
  private final GainSink gain;
  private volatile String locked;
  private volatile Song current;
  private volatile Duration position = Duration.ZERO;
  private final PlayerListener listener = new PlayerListener() {
    @Override
    public void stateChanged(PlayerState state) {
      Song s = current;
      ui.execute(() -> {
        view.showState(state);
        status.showActivity(state == PlayerState.BUFFERING
            ? "Buffering" + (s == null ? "…" : " '" + s.title() + "'…") : null);
      });
    }

    @Override
    public void songStarted(Song song) {
      songChanged(song);
    }

    @Override
    public void songEnded(Song song, SongEnd how, Duration at) {
      worker.execute(() -> {
        if (player.currentSong().isEmpty()) {
          songChanged(null);
        }
      });
    }

    @Override
    public void positionChanged(Song song, Duration at) {
      position = at;
      Duration length = song.duration();
      ui.execute(() -> view.showPosition(at, length));
    }

    @Override
    public void error(String message) {
      ui.execute(() -> status.showMessage(message));
    }
  };

  /**
   * A controller of {@code client}'s player.
   *
   * @param gain the sink the client plays into, when it is one (volume works), else null
   */
  public PlayerController(JukeboxClient client, PlayerView view, StatusView status, Executor ui,
      ExecutorService worker, GainSink gain) {
    this.client = Objects.requireNonNull(client, "client");
    this.player = client.player();
    this.view = Objects.requireNonNull(view, "view");
    this.status = Objects.requireNonNull(status, "status");
    this.ui = Objects.requireNonNull(ui, "ui");
    this.worker = Objects.requireNonNull(worker, "worker");
    this.gain = gain;
  }

  /** Starts following the player and shows its state now. */
  public void start() {
    player.addListener(listener);
    boolean supported = gain != null;
    double level = supported ? gain.level() : 1.0;
    PlayerState state = player.state();
    ui.execute(() -> {
      view.showVolume(supported, level, supported ? null : NO_VOLUME);
      view.showState(state);
      view.showLocked(null);
    });
    songChanged(player.currentSong().orElse(null));
  }

  /**
   * Shows a song that plays outside this player — the shared session's, which the session's own
   * playback plays in step with the host — as now playing, with where it comes from.
   */
  public void showSessionSong(Song song, String source, boolean playing) {
    present(song, source);
    ui.execute(() -> view.showState(playing ? PlayerState.PLAYING : PlayerState.PAUSED));
  }

  /** Shows where the session's song is (see {@link #showSessionSong}). */
  public void showSessionPosition(Duration at, Duration length) {
    position = at;
    ui.execute(() -> view.showPosition(at, length));
  }

  private void songChanged(Song song) {
    present(song, song == null ? "" : client.locate(song.id()).map(s -> s.server().name()).orElse(""));
  }

  private void present(Song song, String source) {
    current = song;
    ui.execute(() -> {
      view.showSong(song, source);
      view.showPosition(Duration.ZERO, song == null ? Duration.ZERO : song.duration());
    });
    if (song == null) {
      return;
    }
    if (!song.hasCoverArt()) {
      ui.execute(() -> view.showCover(song.id(), null));
      return;
    }
    worker.execute(() -> {
      byte[] image = null;
      try {
        var served = client.locate(song.id());
        if (served.isPresent()) {
          CoverArt art = served.get().soundSmith().coverArt(song.id());
          image = art.data();
        }
      } catch (Exception e) {
        LOG.log(Level.FINE, "no cover for " + song.title(), e);
      }
      byte[] img = image;
      if (current != null && current.id().equals(song.id())) {
        ui.execute(() -> view.showCover(song.id(), img));
      }
    });
  }

  /** The song open now, if any (as last reported). */
  public Song current() {
    return current;
  }

  /** Pauses when playing, otherwise plays (resuming a pause). */
  public void playPause() {
    run(() -> {
      PlayerState s = player.state();
      if (s == PlayerState.PLAYING || s == PlayerState.BUFFERING) {
        player.pause();
      } else {
        player.play();
      }
    });
  }

  /** Plays the playlist's song at {@code index}. */
  public void playAt(int index) {
    run(() -> {
      if (index >= 0 && index < player.playlist().size()) {
        player.play(index);
      }
    });
  }

  /** Stops. */
  public void stop() {
    run(player::stop);
  }

  /** The next song. */
  public void next() {
    run(player::next);
  }

  /** The previous song (or the start of this one when it has played a while). */
  public void previous() {
    run(player::previous);
  }

  /** Moves to {@code fraction} (0..1, clamped) of the current song. */
  public void seekFraction(double fraction) {
    run(() -> {
      Song s = current;
      if (s == null || s.duration().isZero()) {
        return;
      }
      double f = Math.max(0, Math.min(1, fraction));
      player.seek(Duration.ofMillis((long) (s.duration().toMillis() * f)));
    });
  }

  /** Jumps {@code delta} forward (negative: back), clamped at the start. */
  public void seekBy(Duration delta) {
    run(() -> {
      Duration to = position.plus(delta);
      player.seek(to.isNegative() ? Duration.ZERO : to);
    });
  }

  /** Sets the volume 0..1 (clamped); does nothing when the volume is not adjustable. */
  public void setVolume(double level) {
    if (gain != null) {
      gain.setLevel(Math.max(0, Math.min(1, level)));
    }
  }

  /** Whether the volume can be changed. */
  public boolean volumeSupported() {
    return gain != null;
  }

  /** Locks the transport with a reason to show (null unlocks). */
  public void setLocked(String reason) {
    locked = reason;
    ui.execute(() -> view.showLocked(reason));
  }

  /** The reason the transport is locked, or null. */
  public String locked() {
    return locked;
  }

  private void run(Runnable command) {
    if (locked != null) {
      String why = locked;
      ui.execute(() -> status.showMessage(why + ": the host controls playback"));
      return;
    }
    worker.execute(() -> {
      try {
        command.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "player command failed", e);
        ui.execute(() -> status.showMessage("Could not do that: " + e.getMessage()));
      }
    });
  }

  @Override
  public void close() {
    player.removeListener(listener);
  }
}
