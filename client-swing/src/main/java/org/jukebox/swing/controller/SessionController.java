package org.jukebox.swing.controller;

import java.rmi.RemoteException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.SessionListing;
import org.jukebox.api.SessionSnapshot;
import org.jukebox.api.Song;
import org.jukebox.api.SessionSong;
import org.jukebox.client.SessionClient;
import org.jukebox.client.SessionPlayback;
import org.jukebox.client.session.TimelineState;

/**
 * Shared sessions through a {@link SessionClient}: the sessions the user may join, hosting one
 * (with who may join), joining and leaving, adding songs and — for the host — play, pause and
 * next. While the user follows someone else's session the player's transport is locked with the
 * reason; when the host drops out the view says the session waits.
 *
 * <p>Playing the session's audio in step with the host is the client's sync engine's work; this
 * controller shows and controls the session. Thread-safe; session calls run on the worker.
 */
public final class SessionController implements AutoCloseable {
  private final SessionClient sessions;
  private final SessionPlayback playback;
  private final SessionView view;
  private final StatusView status;
  private final PlayerController player;
  private final Executor ui;
  private final ExecutorService worker;
  private final java.util.function.Consumer<TimelineState> timeline = t -> publishState();

  /**
   * A controller of {@code sessions} (null when the client has none); it locks {@code player}'s
   * transport while the user follows another host.
   */
  public SessionController(SessionClient sessions, SessionView view, StatusView status, PlayerController player,
      Executor ui, ExecutorService worker) {
    this.sessions = sessions;
    this.playback = null;
    this.view = Objects.requireNonNull(view, "view");
    this.status = Objects.requireNonNull(status, "status");
    this.player = Objects.requireNonNull(player, "player");
    this.ui = Objects.requireNonNull(ui, "ui");
    this.worker = Objects.requireNonNull(worker, "worker");
  }

  /**
   * As above, with the session's {@link SessionPlayback} (may be null): the session's song then
   * shows as now playing, and the host's play, pause and next go through it.
   */
  public SessionController(SessionClient sessions, SessionPlayback playback, SessionView view, StatusView status,
      PlayerController player, Executor ui, java.util.concurrent.ScheduledExecutorService worker) {
    this.sessions = sessions;
    this.playback = playback;
    this.view = Objects.requireNonNull(view, "view");
    this.status = Objects.requireNonNull(status, "status");
    this.player = Objects.requireNonNull(player, "player");
    this.ui = Objects.requireNonNull(ui, "ui");
    this.worker = Objects.requireNonNull(worker, "worker");
  }

  /** Starts following the directory's listings and the joined session. */
  public void start() {
    if (sessions == null) {
      ui.execute(() -> {
        view.showSessionsAvailable(false, "Sessions need a session server: none is connected");
        view.showSession(SessionState.NONE);
      });
      return;
    }
    sessions.addListingListener(l -> ui.execute(() -> view.showSessions(l)));
    sessions.addTimelineListener(timeline);
    if (playback != null) {
      playback.addListener(playbackListener);
      // The session's position for the seek bar, a few times a second while in a session.
      ((java.util.concurrent.ScheduledExecutorService) worker).scheduleWithFixedDelay(() -> {
        SessionPlayback.Status st = playback.status();
        if (st.host() != null && st.song() != null) {
          player.showSessionPosition(playback.position(), st.song().song().duration());
        }
      }, 250, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    ui.execute(() -> view.showSessionsAvailable(true, null));
    refresh();
    publishState();
  }

  private final SessionPlayback.Listener playbackListener = new SessionPlayback.Listener() {
    @Override
    public void songStarted(SessionSong song, java.time.Duration at) {
      SessionPlayback.Status st = playback.status();
      player.showSessionSong(song.song(), label(st), true);
    }

    @Override
    public void phaseChanged(SessionPlayback.Status st) {
      if (st.host() != null && st.song() != null) {
        player.showSessionSong(st.song().song(), label(st), st.phase() == SessionPlayback.Phase.PLAYING);
      }
    }

    @Override
    public void error(String message) {
      message(message);
    }
  };

  private static String label(SessionPlayback.Status st) {
    return st.hosting() ? "your session" : st.host() + "'s session";
  }

  /** Whether sessions can be used. */
  public boolean available() {
    return sessions != null;
  }

  /** Asks the directory for the joinable sessions again. */
  public void refresh() {
    call("list sessions", () -> {
      List<SessionListing> l = sessions.sessions();
      ui.execute(() -> view.showSessions(l));
    });
  }

  /** Hosts the user's session, letting {@code acl} join. */
  public void host(Set<String> acl) {
    call("host a session", () -> {
      sessions.setAcl(acl);
      sessions.host();
      message("You host a session" + (acl.isEmpty() ? " (nobody else may join yet)" : " for " + String.join(", ", acl)));
      publishState();
      refresh();
    });
  }

  /** Joins {@code listing}'s session. */
  public void join(SessionListing listing) {
    call("join " + listing.host() + "'s session", () -> {
      SessionSnapshot s = sessions.join(listing);
      message("Joined " + s.host() + "'s session");
      publishState();
    });
  }

  /** Leaves the session joined. */
  public void leave() {
    call("leave the session", () -> {
      sessions.leave();
      message("Left the session");
      publishState();
      refresh();
    });
  }

  /** Adds songs to the session (the host, or anyone the host lets add). */
  public void add(List<Song> songs) {
    call("add to the session", () -> {
      for (Song s : songs) {
        sessions.add(s);
      }
      message("Added " + Format.count(songs.size(), "song") + " to the session");
    });
  }

  /** Host: play. */
  public void play() {
    call("play the session", playback != null ? playback::play : sessions::play);
  }

  /** Host: pause. */
  public void pause() {
    call("pause the session", playback != null ? playback::pause : sessions::pause);
  }

  /** Host: next song. */
  public void next() {
    call("skip in the session", playback != null ? playback::next : sessions::next);
  }

  private void publishState() {
    SessionState state = state();
    player.setLocked(state.lockReason());
    ui.execute(() -> view.showSession(state));
  }

  /** The session the user is in, from the client's local copy. */
  public SessionState state() {
    if (sessions == null) {
      return SessionState.NONE;
    }
    return sessions.snapshot().map(s -> new SessionState(
        sessions.isHost() ? SessionState.Role.HOST : SessionState.Role.LISTENER, s.host(), s.hostPresent(),
        s.listeners(), s.playlist(), s.current(), s.playing())).orElse(SessionState.NONE);
  }

  private interface Remote {
    void run() throws RemoteException, JukeboxException;
  }

  private void call(String what, Remote r) {
    if (sessions == null) {
      message("Cannot " + what + ": no session server is connected");
      return;
    }
    worker.execute(() -> {
      try {
        r.run();
      } catch (RemoteException e) {
        message("Cannot " + what + ": the session server is unreachable (" + e.getMessage() + ")");
      } catch (JukeboxException | RuntimeException e) {
        message("Cannot " + what + ": " + e.getMessage());
      }
    });
  }

  private void message(String m) {
    ui.execute(() -> status.showMessage(m));
  }

  @Override
  public void close() {
    if (sessions != null) {
      sessions.removeTimelineListener(timeline);
    }
    if (playback != null) {
      playback.removeListener(playbackListener);
    }
  }
}
