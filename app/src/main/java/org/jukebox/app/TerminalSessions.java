package org.jukebox.app;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.SessionListing;
import org.jukebox.api.SessionOptions;
import org.jukebox.api.SessionSnapshot;
import org.jukebox.api.SessionSong;
import org.jukebox.api.SessionUpdate;
import org.jukebox.api.Song;
import org.jukebox.client.Player;
import org.jukebox.client.SessionClient;
import org.jukebox.client.SessionPlayback;

/**
 * The shared-session commands of the terminal client ({@code host}, {@code sessions},
 * {@code join}, {@code leave}, {@code listeners}, {@code vote-skip}, {@code guests},
 * {@code end}, and {@code add}, {@code play}, {@code pause}, {@code next}, {@code seek},
 * {@code status} while in a session), and the session's events as lines of output.
 *
 * <p>Commands run on the terminal's thread; events arrive on the session client's and the
 * playback's threads and are printed through the terminal's line printer.
 */
final class TerminalSessions implements SessionPlayback.Listener {
  static final String HELP = String.join(System.lineSeparator(),
      "session commands:",
      "  host [USER...]        host your session (USERs: who may see and join it)",
      "  sessions              the sessions you may join, numbered",
      "  join HOST|N           join HOST's session (or number N of 'sessions')",
      "  leave                 leave the session (it goes on without you)",
      "  in a session, add N..., play, pause, next and seek M:SS act on the session (host only)",
      "  upload FILE           add an MP3, WAV or .au file from this machine to the session",
      "  listeners             who listens, and who could",
      "  vote-skip             vote to skip the song (when the host allows it)",
      "  guests on|off         let listeners add songs and vote to skip (host)",
      "  end                   end your session for everyone (host)",
      "  latency [MS]          the output latency the sync honours (Bluetooth speakers, slow cards)");

  /** Commands that belong to sessions whether or not one is joined. */
  private static final Set<String> ALWAYS = Set.of("host", "sessions", "join", "leave", "listeners", "vote-skip",
      "guests", "end", "latency",
      "upload");
  /** Commands that act on the session while in one, and on the local player otherwise. */
  private static final Set<String> IN_SESSION = Set.of("add", "play", "pause", "next", "n", "seek", "status",
      "resume", "stop", "prev", "previous", "p");

  private final SessionClient client;
  private final SessionPlayback playback;
  private final Player player;
  private final Supplier<List<Song>> lastListing;
  private final Consumer<String> line;
  private volatile List<SessionListing> lastSessions = List.of();

  TerminalSessions(SessionClient client, SessionPlayback playback, Player player, Supplier<List<Song>> lastListing,
      Consumer<String> line) {
    this.client = Objects.requireNonNull(client, "client");
    this.playback = Objects.requireNonNull(playback, "playback");
    this.player = Objects.requireNonNull(player, "player");
    this.lastListing = Objects.requireNonNull(lastListing, "lastListing");
    this.line = Objects.requireNonNull(line, "line");
    client.addUpdateListener(this::updated);
    playback.addListener(this);
  }

  /**
   * Gives {@code ui} the session commands over {@code client} and {@code playback} (both started
   * by the caller, who also closes them after the terminal returns).
   *
   * @return the commands, already hooked into {@code ui}
   */
  static TerminalSessions attach(TerminalClient ui, SessionClient client, SessionPlayback playback) {
    return ui.withSessions(client, playback);
  }

  /** Whether {@code cmd} is a session command now. */
  boolean handles(String cmd) {
    return ALWAYS.contains(cmd) || IN_SESSION.contains(cmd) && client.snapshot().isPresent();
  }

  /** Runs a session command; refusals are printed as "cannot CMD: why". */
  void execute(String cmd, String arg) throws RemoteException, JukeboxException {
    try {
      switch (cmd) {
        case "host" -> host(arg);
        case "sessions" -> sessions();
        case "join" -> join(arg);
        case "leave" -> {
          boolean was = client.snapshot().isPresent();
          playback.leave();
          line.accept(was ? "left the session" : "not in a session");
        }
        case "listeners" -> listeners();
        case "vote-skip" -> {
          inSession();
          client.voteSkip();
          line.accept("voted to skip");
        }
        case "guests" -> guests(arg);
        case "end" -> {
          SessionSnapshot s = inSession();
          if (!client.isHost()) {
            throw new IllegalStateException("you are following " + s.host() + "'s session: only the host ends it");
          }
          client.end();
        }
        case "latency" -> latency(arg);
        case "upload" -> {
          inSession();
          if (arg.isBlank()) {
            throw new IllegalArgumentException("which file? 'upload FILE'");
          }
          java.nio.file.Path file = java.nio.file.Path.of(arg.trim());
          try {
            long entry = client.upload(file);
            line.accept("uploaded " + file.getFileName() + " into the session (entry " + entry + ")");
          } catch (java.io.IOException e) {
            line.accept("cannot upload: " + e.getMessage());
          }
        }
        case "add" -> add(arg);
        case "play" -> playback.play();
        case "pause" -> playback.pause();
        case "next", "n" -> playback.next();
        case "seek" -> playback.seek(TerminalClient.parseTime(arg));
        case "status" -> line.accept(status());
        case "resume" -> playback.play();
        case "stop", "prev", "previous", "p" ->
            throw new IllegalArgumentException("not in a session: 'pause' pauses it, 'leave' leaves it");
        default -> throw new IllegalStateException(cmd);
      }
    } catch (IllegalStateException e) {
      line.accept("cannot " + cmd + ": " + e.getMessage());
    }
  }

  private SessionSnapshot inSession() {
    return client.snapshot()
        .orElseThrow(() -> new IllegalStateException("not in a session: 'host' one or 'join' one first"));
  }

  private void host(String arg) throws RemoteException, JukeboxException {
    if (!arg.isBlank()) {
      client.setAcl(Set.of(arg.trim().split("[\\s,]+")));
    }
    player.stop(); // one music at a time: the session's
    SessionSnapshot s = client.host();
    List<String> acl = client.acl();
    line.accept("hosting your session (" + s.playlist().size() + " songs); "
        + (acl.isEmpty() ? "nobody else may join: 'host USER...' lets them" : "who may join: " + String.join(", ", acl)));
    line.accept("'add N...' queues songs of the last list into it, then 'play'");
  }

  private void sessions() throws RemoteException, JukeboxException {
    List<SessionListing> all = new ArrayList<>(client.sessions());
    all.sort(java.util.Comparator.comparing(SessionListing::host));
    lastSessions = List.copyOf(all);
    if (all.isEmpty()) {
      line.accept("no session you may join");
      return;
    }
    int i = 1;
    for (SessionListing l : all) {
      line.accept(String.format("%4d  %-12s %-8s %s  (%d listening%s)", i++, l.host(),
          l.current() == null ? "idle" : l.playing() ? "playing" : "paused",
          l.current() == null ? "-" : TerminalClient.describe(l.current().song()), l.listenerCount(),
          l.hostPresent() ? "" : ", host away"));
    }
  }

  private void join(String arg) throws RemoteException, JukeboxException {
    if (arg.isBlank()) {
      throw new IllegalArgumentException("whose? 'join HOST' (see 'sessions')");
    }
    SessionListing chosen = null;
    if (arg.matches("\\d+")) {
      int n = Integer.parseInt(arg);
      if (n < 1 || n > lastSessions.size()) {
        throw new IllegalArgumentException("no session " + n + " in the last list (1.." + lastSessions.size() + ")");
      }
      chosen = lastSessions.get(n - 1);
    } else {
      for (SessionListing l : client.sessions()) {
        if (l.host().equals(arg)) {
          chosen = l;
        }
      }
      if (chosen == null) {
        throw new IllegalArgumentException("no session of " + arg + " that you may join (see 'sessions')");
      }
    }
    player.stop();
    SessionSnapshot s = client.join(chosen);
    SessionSong now = s.currentSong();
    line.accept("joined " + s.host() + "'s session: " + (now == null ? "nothing queued yet"
        : (s.playing() ? "playing " : "paused at ") + TerminalClient.describe(now.song()))
        + (s.hostPresent() ? "" : " (the host is away)"));
  }

  private void listeners() {
    SessionSnapshot s = inSession();
    line.accept("listening: " + String.join(", ", s.listeners())
        + (s.potentialListeners().isEmpty() ? "" : "; could join: " + String.join(", ", s.potentialListeners())));
  }

  private void guests(String arg) throws RemoteException, JukeboxException {
    SessionSnapshot s = inSession();
    boolean on;
    switch (arg.toLowerCase(Locale.ROOT)) {
      case "on" -> on = true;
      case "off" -> on = false;
      default -> throw new IllegalArgumentException("say 'guests on' or 'guests off'");
    }
    if (!client.isHost()) {
      throw new IllegalStateException("you are following " + s.host() + "'s session: only the host lets guests in");
    }
    client.options(new SessionOptions(on, on));
  }

  private void latency(String arg) {
    if (!arg.isBlank()) {
      long ms;
      try {
        ms = Long.parseLong(arg.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number of milliseconds: \"" + arg + "\"");
      }
      if (ms < 0 || ms > 5_000) {
        throw new IllegalArgumentException("latency not in 0..5000 ms: " + ms);
      }
      playback.outputLatency(Duration.ofMillis(ms));
    }
    line.accept("output latency: " + playback.outputLatency().toMillis() + " ms");
  }

  private void add(String arg) throws RemoteException, JukeboxException {
    List<Song> listing = lastListing.get();
    List<Song> picked = new ArrayList<>();
    for (String n : arg.trim().split("[\\s,]+")) {
      int i;
      try {
        i = Integer.parseInt(n) - 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a song number: \"" + n + "\" (see 'list' or 'search')");
      }
      if (i < 0 || i >= listing.size()) {
        throw new IllegalArgumentException("no song " + n + " in the last list (1.." + listing.size() + ")");
      }
      picked.add(listing.get(i));
    }
    for (Song s : picked) {
      playback.add(s);
    }
    line.accept("added " + picked.size() + " songs to the session");
  }

  private String status() {
    SessionPlayback.Status st = playback.status();
    SessionSnapshot s = inSession();
    String what = switch (st.phase()) {
      case PLAYING, PAUSED -> st.phase().name().toLowerCase(Locale.ROOT) + ": " + TerminalClient.describe(st.song().song())
          + "  " + TerminalClient.clock(st.position());
      case WAITING_FOR_PLAY -> "waiting for the host to play " + (st.song() == null ? "" : st.song().song().title());
      case WAITING_FOR_NEXT -> "waiting for " + s.host() + "'s next song";
      case IDLE -> "nothing playing";
      case ENDED -> "ended";
    };
    return (client.isHost() ? "your session" : s.host() + "'s session") + ", " + s.listeners().size() + " listening"
        + (s.hostPresent() ? "" : ", host away") + " — " + what;
  }

  // --- events -------------------------------------------------------------------------------------

  private void updated(SessionUpdate u) {
    String text = switch (u.kind()) {
      case LISTENER_JOINED -> u.user() + " joined the session";
      case LISTENER_LEFT -> u.user() + " left the session";
      case HOST_GONE -> "the host is gone: this song plays out, then the session waits";
      case HOST_BACK -> "the host is back";
      case SONG_ADDED -> "queued in the session: " + TerminalClient.describe(u.song().song()) + " (by "
          + u.song().addedBy() + ")";
      case PAUSE -> "session paused";
      case SEEK -> "session moved to " + TerminalClient.clock(Duration.ofNanos(u.positionMicros() * 1_000));
      case NEXT -> u.song() == null ? "the session's playlist is done" : null; // the song's start is shown
      case SKIP_VOTE -> u.user() + " voted to skip";
      case OPTIONS -> u.options().guestsMayAdd() ? "guests may add songs and vote to skip"
          : "only the host adds songs";
      case ENDED -> "the session ended";
      default -> null;
    };
    if (text != null) {
      line.accept("~ " + text);
    }
  }

  @Override
  public void songStarted(SessionSong song, Duration at) {
    line.accept("♫ " + TerminalClient.describe(song.song())
        + (at.toMillis() >= 1000 ? " (from " + TerminalClient.clock(at) + ")" : ""));
  }

  @Override
  public void phaseChanged(SessionPlayback.Status status) {
    if (status.phase() == SessionPlayback.Phase.WAITING_FOR_NEXT && status.host() != null && !status.hosting()) {
      line.accept("~ waiting for " + status.host() + "'s next song");
    }
  }

  @Override
  public void error(String message) {
    line.accept("! " + message);
  }
}
