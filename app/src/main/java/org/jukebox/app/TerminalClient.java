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
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmithInfo;
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
      switch (cmd) {
        case "help", "?" -> out.println(HELP);
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
        default -> out.println("unknown command: " + cmd + " (type 'help')");
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      out.println("cannot " + cmd + ": " + e.getMessage());
    }
    return true;
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
    lastProgressSecond = -1;
    line("▶ " + describe(song));
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
