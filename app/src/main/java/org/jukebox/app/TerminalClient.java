package org.jukebox.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.rmi.RemoteException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.Pick;
import org.jukebox.api.Preference;
import org.jukebox.api.ProfileView;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.Taste;
import org.jukebox.client.DjClient;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.Player;
import org.jukebox.client.PlayerListener;
import org.jukebox.client.PlayerState;
import org.jukebox.client.Playlist;
import org.jukebox.client.SongEnd;

/**
 * The line-oriented terminal front end of a {@link JukeboxClient}: commands on standard input,
 * song changes and a progress line on standard output.
 *
 * <p>When input ends (a pipe, {@code < /dev/null}), it keeps playing until the playlist is done
 * or the song limit is reached, then returns, so the demo also runs unattended.
 */
final class TerminalClient implements PlayerListener {
  static final String HELP = String.join(System.lineSeparator(),
      "commands:",
      "  list                  every song in the catalog, numbered",
      "  search WORDS          songs whose title, artist or album contain every word",
      "  add N [N...] | all    queue songs by their number in the last list or search",
      "  queue                 the playlist",
      "  play [N]              play (playlist entry N)",
      "  pause | resume | stop",
      "  next | prev",
      "  seek SECONDS|M:SS     jump within the current song",
      "  shuffle on|off        random order from the playlist",
      "  clear                 empty the playlist",
      "  smiths                the live SoundSmiths",
      "  status                what is playing",
      "  help | quit");

  static final String DJ_HELP = String.join(System.lineSeparator(),
      "DJ commands:",
      "  like | dislike        tell the DJ about the song playing now",
      "  rate N                score the song playing now, 1 (worst) to 5 (best)",
      "  dj on|off             let the DJ pick what plays next (on), or play the playlist (off)",
      "  taste USER|me         pick by USER's published profile (and show it), or by your own",
      "  blend all|least|average USER...  pick for several published profiles together",
      "  publish | unpublish   let others read (never change) your profile, or take it private",
      "  profiles              the published profiles");

  /** Songs asked of the DJ at a time. */
  static final int DJ_PICKS = 10;

  private final JukeboxClient client;
  private final PrintStream out;
  private final boolean tty;
  private final int songLimit;
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicInteger songsEnded = new AtomicInteger();
  private List<Song> lastListing = List.of();
  private volatile long lastProgressSecond = -1;
  private volatile boolean inputEnded;
  private volatile boolean playerWasActive;
  private DjClient dj;
  private volatile Taste taste = Taste.own();
  private volatile boolean djOn;
  private ExecutorService djWorker;
  private TerminalSessions sessions;

  /**
   * @param songLimit stop after this many songs have ended (0: no limit)
   */
  TerminalClient(JukeboxClient client, PrintStream out, boolean tty, int songLimit) {
    this.client = client;
    this.out = out;
    this.tty = tty;
    this.songLimit = songLimit;
    client.player().addListener(this);
  }

  /**
   * Connects the DJ: the player's events are reported to it, and the DJ commands work.
   *
   * @return this
   */
  TerminalClient withDj(DjClient dj) {
    this.dj = java.util.Objects.requireNonNull(dj, "dj");
    client.player().addListener(dj.reporter());
    djWorker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "jukebox-terminal-dj");
      t.setDaemon(true);
      return t;
    });
    return this;
  }

  /**
   * Adds the shared-session commands ({@link TerminalSessions#HELP}) over a started session
   * client and its playback; while in a session, add / play / pause / next / seek act on it.
   */
  TerminalSessions withSessions(org.jukebox.client.SessionClient client, org.jukebox.client.SessionPlayback playback) {
    sessions = new TerminalSessions(client, playback, this.client.player(), () -> lastListing, this::line);
    return sessions;
  }

  /** Reads commands until {@code quit} or end of input; then waits for the playlist as described above. */
  void run(BufferedReader in, boolean autoplay) throws IOException, InterruptedException {
    if (autoplay) {
      Playlist playlist = client.playlist();
      if (playlist.isEmpty()) {
        playlist.addAll(client.catalog());
      }
      playlist.setShuffle(true);
      client.player().play();
    }
    if (tty) {
      out.println("type 'help' for commands");
      prompt();
    }
    String line;
    while (done.getCount() > 0 && (line = in.readLine()) != null) {
      if (!execute(line.trim())) {
        return;
      }
      if (tty) {
        prompt();
      }
    }
    // Input ended: play out what is queued (unattended runs), unless nothing is. The flag goes
    // first, so a stop that comes after this check counts the latch down.
    inputEnded = true;
    boolean stillToPlay = client.player().state() != PlayerState.STOPPED
        || (autoplay && !playerWasActive && !client.playlist().isEmpty());
    if (done.getCount() > 0 && stillToPlay) {
      done.await();
    }
  }

  /** Waits until the song limit is reached or the playlist ran out. */
  boolean awaitDone(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void prompt() {
    out.print("jukebox> ");
    out.flush();
  }

  /** Runs one command; false means quit. */
  boolean execute(String line) {
    if (line.isEmpty()) {
      return true;
    }
    String[] words = line.split("\\s+", 2);
    String cmd = words[0].toLowerCase(Locale.ROOT);
    String arg = words.length > 1 ? words[1].trim() : "";
    Player player = client.player();
    Playlist playlist = client.playlist();
    try {
      if (sessions != null && sessions.handles(cmd)) {
        sessions.execute(cmd, arg);
        return true;
      }
      switch (cmd) {
        case "help", "?" -> out.println((dj == null ? HELP : HELP + System.lineSeparator() + DJ_HELP)
            + (sessions == null ? "" : System.lineSeparator() + TerminalSessions.HELP));
        case "quit", "exit", "q" -> {
          return false;
        }
        case "list", "ls" -> show(client.catalog());
        case "search", "find" -> show(client.search(arg));
        case "add" -> add(arg, playlist);
        case "queue", "playlist" -> showQueue(playlist);
        case "play" -> {
          if (arg.isEmpty()) {
            player.play();
          } else {
            player.play(Integer.parseInt(arg) - 1);
          }
        }
        case "pause" -> player.pause();
        case "resume" -> player.resume();
        case "stop" -> player.stop();
        case "next", "n" -> player.next();
        case "prev", "previous", "p" -> player.previous();
        case "seek" -> player.seek(parseTime(arg));
        case "shuffle" -> {
          playlist.setShuffle(!arg.equalsIgnoreCase("off"));
          out.println("shuffle " + (playlist.shuffle() ? "on" : "off"));
        }
        case "clear" -> playlist.clear();
        case "smiths" -> {
          for (SoundSmithInfo s : client.soundSmiths()) {
            out.printf("  %-28s %-4s %5d songs  v%d%n", s.name(), s.kind(), s.songCount(), s.catalogVersion());
          }
        }
        case "status" -> out.println(status());
        case "like", "dislike", "rate", "dj", "taste", "blend", "publish", "unpublish", "profiles" -> djCommand(cmd, arg);
        default -> out.println("unknown command: " + cmd + " (type 'help')");
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      out.println("cannot " + cmd + ": " + e.getMessage());
    } catch (RemoteException | JukeboxException e) {
      out.println("cannot " + cmd + ": " + e.getMessage());
    }
    return true;
  }

  private void djCommand(String cmd, String arg) throws RemoteException, JukeboxException {
    if (dj == null) {
      out.println("cannot " + cmd + ": no DJ is connected");
      return;
    }
    switch (cmd) {
      case "like", "dislike", "rate" -> {
        Song song = client.player().currentSong()
            .orElseThrow(() -> new IllegalArgumentException("nothing is playing"));
        if (cmd.equals("like")) {
          dj.like(song.id());
          out.println("liked: " + song.title());
        } else if (cmd.equals("dislike")) {
          dj.dislike(song.id());
          out.println("disliked: " + song.title());
        } else {
          int score;
          try {
            score = Integer.parseInt(arg);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a score: \"" + arg + "\" (use 1 to 5)");
          }
          dj.rate(song.id(), score);
          out.println("rated " + score + ": " + song.title());
        }
      }
      case "dj" -> {
        if (arg.equalsIgnoreCase("off")) {
          djOn = false;
          out.println("DJ off: playing the playlist");
        } else if (arg.isEmpty() || arg.equalsIgnoreCase("on")) {
          djOn = true;
          client.playlist().setShuffle(false);
          fill(true);
        } else {
          throw new IllegalArgumentException("say 'dj on' or 'dj off'");
        }
      }
      case "publish", "unpublish" -> {
        dj.publish(cmd.equals("publish"));
        out.println(cmd.equals("publish") ? "your DJ profile is published: others may read it, never change it"
            : "your DJ profile is private");
      }
      case "profiles" -> {
        List<String> users = dj.publishedProfiles();
        out.println(users.isEmpty() ? "no published profiles" : "published profiles: " + String.join(", ", users));
      }
      case "taste" -> {
        if (arg.isEmpty()) {
          throw new IllegalArgumentException("whose? 'taste USER' or 'taste me'");
        }
        if (arg.equalsIgnoreCase("me")) {
          taste = Taste.own();
          out.println("DJ taste: your own");
        } else {
          ProfileView view = dj.profile(arg, 5);
          taste = Taste.of(arg);
          out.println("DJ taste: " + arg + "'s profile" + (view.preferences().isEmpty() ? " (empty)" : ", who likes:"));
          for (Preference p : view.preferences()) {
            out.printf("  %+.2f  %s%n", p.score(), client.song(p.song()).map(TerminalClient::describe).orElse(p.song().value()));
          }
        }
        if (djOn) {
          fill(true);
        }
      }
      case "blend" -> {
        String[] words = arg.split("\\s+");
        if (arg.isEmpty() || words.length < 2) {
          throw new IllegalArgumentException("say 'blend all|least|average USER...'");
        }
        Taste.Blend mode = switch (words[0].toLowerCase(Locale.ROOT)) {
          case "all" -> Taste.Blend.ALL_LIKE;
          case "least" -> Taste.Blend.LEAST_MISERY;
          case "average", "avg" -> Taste.Blend.AVERAGE;
          default -> throw new IllegalArgumentException("not a blend: " + words[0] + " (all, least or average)");
        };
        Taste t = Taste.blend(mode, List.of(words).subList(1, words.length));
        // Ask once now, so that a private profile is refused at once rather than at the next song.
        dj.nextSongs(t, List.of(), 0);
        taste = t;
        out.println("DJ taste: " + mode.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " of "
            + String.join(", ", t.users()));
        if (djOn) {
          fill(true);
        }
      }
      default -> throw new IllegalStateException(cmd);
    }
  }

  /**
   * Asks the DJ for the next songs out of the catalog and queues them: replacing the playlist and
   * starting the first ({@code replace}), or appending when the playlist runs low.
   */
  private void fill(boolean replace) throws RemoteException, JukeboxException {
    Playlist playlist = client.playlist();
    Set<SongId> upcoming = new HashSet<>();
    if (!replace) {
      List<Song> queued = playlist.songs();
      for (int i = Math.max(0, playlist.currentIndex() + 1); i < queued.size(); i++) {
        upcoming.add(queued.get(i).id());
      }
    }
    // Never the song playing now: the DJ may not have heard yet that it started.
    client.player().currentSong().ifPresent(now -> upcoming.add(now.id()));
    List<SongId> available = client.catalog().stream().map(Song::id).filter(id -> !upcoming.contains(id)).toList();
    List<Pick> picks = dj.nextSongs(taste, available, DJ_PICKS);
    List<Song> songs = picks.stream().map(p -> client.song(p.song())).flatMap(Optional::stream).toList();
    if (songs.isEmpty()) {
      line("DJ: nothing new to play right now");
      return;
    }
    if (replace) {
      playlist.clear();
      playlist.addAll(songs);
      client.player().play(0);
    } else {
      playlist.addAll(songs);
    }
    Pick first = picks.get(0);
    line("DJ: " + songs.size() + " songs, first " + client.song(first.song()).map(Song::title).orElse(first.song().value())
        + " (" + first.reason().name().toLowerCase(Locale.ROOT)
        + (first.because().isEmpty() ? "" : ", because you liked " + first.because().stream()
            .map(id -> client.song(id).map(Song::title).orElse(id.value())).toList()) + ")");
  }

  /** Stops the DJ's background work and sends what it still has to report. */
  void closeDj() {
    if (djWorker != null) {
      djWorker.shutdownNow();
    }
    if (dj != null) {
      dj.close();
    }
  }

  private void show(List<Song> songs) {
    lastListing = List.copyOf(songs);
    // With several SoundSmiths the same album may be served twice: say where each copy lives.
    boolean several = client.soundSmiths().size() > 1;
    int i = 1;
    for (Song s : songs) {
      String where = several ? client.locate(s.id()).map(x -> "  [" + x.server().name() + "]").orElse("") : "";
      out.printf("%4d  %s%s%n", i++, describe(s), where);
    }
    out.println(songs.size() + " songs");
  }

  private void showQueue(Playlist playlist) {
    List<Song> songs = playlist.songs();
    int current = playlist.currentIndex();
    for (int i = 0; i < songs.size(); i++) {
      out.printf("%s%3d  %s%n", i == current ? "▶" : " ", i + 1, describe(songs.get(i)));
    }
    out.println(songs.size() + " songs" + (playlist.shuffle() ? ", shuffle on" : ""));
  }

  private void add(String arg, Playlist playlist) {
    if (arg.equalsIgnoreCase("all")) {
      playlist.addAll(lastListing.isEmpty() ? client.catalog() : lastListing);
      out.println("queued " + (lastListing.isEmpty() ? client.catalog().size() : lastListing.size()) + " songs");
      return;
    }
    List<Song> picked = new ArrayList<>();
    for (String n : arg.split("[\\s,]+")) {
      int i = Integer.parseInt(n) - 1;
      if (i < 0 || i >= lastListing.size()) {
        throw new IllegalArgumentException("no song " + n + " in the last list (1.." + lastListing.size() + ")");
      }
      picked.add(lastListing.get(i));
    }
    playlist.addAll(picked);
    out.println("queued " + picked.size() + " songs");
  }

  static Duration parseTime(String text) {
    String t = text.trim();
    try {
      if (t.contains(":")) {
        String[] p = t.split(":");
        return Duration.ofSeconds(Long.parseLong(p[0]) * 60 + Long.parseLong(p[1]));
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not a time: \"" + text + "\" (use seconds or M:SS)");
    }
  }

  private String status() {
    Player player = client.player();
    Optional<Song> song = player.currentSong();
    return player.state().name().toLowerCase(Locale.ROOT)
        + song.map(s -> ": " + describe(s) + "  " + clock(player.position()) + " / " + clock(s.duration())).orElse("");
  }

  static String describe(Song s) {
    StringBuilder sb = new StringBuilder();
    if (!s.artist().isEmpty()) {
      sb.append(s.artist()).append(" — ");
    }
    sb.append(s.title());
    if (!s.album().isEmpty()) {
      sb.append("  (").append(s.album()).append(s.year() > 0 ? ", " + s.year() : "").append(")");
    }
    sb.append("  ").append(clock(s.duration()));
    return sb.toString();
  }

  static String clock(Duration d) {
    long s = d.getSeconds();
    return String.format("%d:%02d", s / 60, s % 60);
  }

  // ---------------------------------------------------------------------------------------------
  // PlayerListener: called on the player's event thread

  @Override
  public void songStarted(Song song) {
    if (songLimit > 0 && songsEnded.get() >= songLimit) {
      return; // the run is ending: the player moved on before it was stopped
    }
    lastProgressSecond = -1;
    line("▶ " + describe(song));
    Playlist playlist = client.playlist();
    if (djOn && playlist.currentIndex() >= playlist.size() - 2) {
      // Running low: ask the DJ off the player's thread.
      djWorker.execute(() -> {
        try {
          fill(false);
        } catch (RemoteException | JukeboxException | RuntimeException e) {
          line("! the DJ did not answer: " + e.getMessage());
        }
      });
    }
  }

  @Override
  public void songEnded(Song song, SongEnd how, Duration position) {
    if (how != SongEnd.COMPLETED) {
      line("  " + how.name().toLowerCase(Locale.ROOT) + " at " + clock(position) + ": " + song.title());
    }
    int n = songsEnded.incrementAndGet();
    if (songLimit > 0 && n >= songLimit) {
      done.countDown();
    }
  }

  @Override
  public void stateChanged(PlayerState state) {
    if (state != PlayerState.STOPPED) {
      playerWasActive = true;
    } else if (inputEnded) {
      // Only an unattended run ends with the music; at the prompt the user decides.
      done.countDown();
    }
  }

  @Override
  public void positionChanged(Song song, Duration position) {
    long second = position.getSeconds();
    if (tty) {
      if (second != lastProgressSecond) {
        lastProgressSecond = second;
        out.print("\r\033[2K  " + bar(position, song.duration()) + " " + clock(position) + " / " + clock(song.duration()));
        out.flush();
      }
    } else if (second / 10 != lastProgressSecond / 10 || lastProgressSecond < 0) {
      lastProgressSecond = second;
      out.println("  " + clock(position) + " / " + clock(song.duration()) + "  " + song.title());
    } else {
      lastProgressSecond = second;
    }
  }

  @Override
  public void error(String message) {
    line("! " + message);
  }

  private void line(String text) {
    if (tty) {
      out.print("\r\033[2K");
    }
    out.println(text);
  }

  private static String bar(Duration position, Duration length) {
    int width = 30;
    double f = length.isZero() ? 0 : Math.min(1.0, (double) position.toMillis() / length.toMillis());
    int filled = (int) Math.round(f * width);
    return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
  }
}
