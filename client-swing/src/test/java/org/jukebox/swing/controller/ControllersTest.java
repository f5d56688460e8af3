package org.jukebox.swing.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.NullAudioSink;
import org.jukebox.client.PlayerState;
import org.jukebox.client.Repeat;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library, playlist, player and DJ/session controllers headless, over a real client of an
 * in-process directory and two SoundSmiths of real MP3s, with recording views.
 */
class ControllersTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static byte[] tone;

  private static synchronized byte[] tone() {
    if (tone == null) {
      tone = SampleLibrary.encodeTone(330, 2);
    }
    return tone;
  }

  private static Mp3SoundSmith shelf(String artist, int songs, org.jukebox.soundsmith.SoundSmithConfig config, Path data)
      throws java.io.IOException {
    Path music = Files.createDirectories(data.resolveSibling(data.getFileName() + "-music"));
    for (int i = 1; i <= songs; i++) {
      Path f = music.resolve(i + ".mp3");
      if (!Files.exists(f)) {
        SampleLibrary.writeTagged(f, tone(), SampleLibrary.Tags.titled(artist + " song " + i).withArtist(artist)
            .withAlbum(artist + " album").withTrack(i, songs));
      }
    }
    return Mp3SoundSmith.builder(music, data, config).build();
  }

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .soundSmith("alpha", (config, data) -> shelf("Alpha", 3, config, data))
      .soundSmith("beta", (config, data) -> shelf("Beta", 2, config, data))
      .build();

  @TempDir Path home;

  /** Views that keep the last thing shown (called from worker threads: ui is direct). */
  static final class Views implements LibraryView, StatusView, PlaylistView, PlayerView, DjView, SessionView {
    volatile LibraryModel library;
    volatile int songs = -1;
    volatile List<SoundSmithInfo> smiths = List.of();
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    volatile List<PlaylistEntry> playlist = List.of();
    volatile int current = -2;
    volatile boolean shuffle;
    volatile Repeat repeat;
    volatile List<String> saved = List.of();
    volatile Song song;
    volatile PlayerState state;
    volatile String locked = "unset";
    volatile Boolean volumeSupported;
    volatile String volumeWhyNot;
    volatile String djWhyNot = "unset";
    volatile String sessionsWhyNot = "unset";
    volatile SessionState session;

    @Override
    public void showLibrary(LibraryModel model) {
      library = model;
    }

    @Override
    public void showLibraryStatus(boolean connecting, int n, List<SoundSmithInfo> live) {
      songs = n;
      smiths = live;
    }

    @Override
    public void showActivity(String activity) {}

    @Override
    public void showMessage(String message) {
      messages.add(message);
    }

    @Override
    public void showPlaylist(List<PlaylistEntry> entries, int cur, boolean shuffleOn, Repeat r) {
      playlist = entries;
      current = cur;
      shuffle = shuffleOn;
      repeat = r;
    }

    @Override
    public void showSavedPlaylists(List<String> names) {
      saved = names;
    }

    @Override
    public void showState(PlayerState s) {
      state = s;
    }

    @Override
    public void showSong(Song s, String source) {
      song = s;
    }

    @Override
    public void showPosition(Duration position, Duration length) {}

    @Override
    public void showCover(SongId id, byte[] image) {}

    @Override
    public void showVolume(boolean supported, double level, String whyNot) {
      volumeSupported = supported;
      volumeWhyNot = whyNot;
    }

    @Override
    public void showLocked(String reason) {
      locked = reason;
    }

    @Override
    public void showDjAvailable(boolean available, String whyNot) {
      djWhyNot = whyNot;
    }

    @Override
    public void showDjMode(boolean on, String taste) {}

    @Override
    public void showProfiles(List<String> users) {}

    @Override
    public void showPublished(Boolean published) {}

    @Override
    public void showSessionsAvailable(boolean available, String whyNot) {
      sessionsWhyNot = whyNot;
    }

    @Override
    public void showSessions(List<org.jukebox.api.SessionListing> sessions) {}

    @Override
    public void showSession(SessionState state) {
      session = state;
    }
  }

  private final Views views = new Views();
  private final Executor ui = Runnable::run;
  private ScheduledExecutorService worker;
  private JukeboxClient client;

  @BeforeEach
  void connect() throws Exception {
    jukebox.awaitListed(WAIT, "alpha", "beta");
    worker = Executors.newScheduledThreadPool(2);
    client = JukeboxClient.builder(jukebox.directory()).audioSink(NullAudioSink.create()).build();
    client.start();
    JukeboxExtension.await(WAIT, "five songs", () -> client.catalog().size() == 5);
  }

  @AfterEach
  void close() {
    client.close();
    worker.shutdownNow();
  }

  private static void await(String what, BooleanSupplier condition) {
    JukeboxExtension.await(WAIT, what, condition);
  }

  private static List<String> titles(List<PlaylistEntry> entries) {
    return entries.stream().map(e -> e.song().title()).toList();
  }

  private static List<String> titles(LibraryModel m) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < m.visibleCount(); i++) {
      out.add(m.rowAt(i).song().title());
    }
    return out;
  }

  @Test
  void libraryFiltersScopesSortsAndLosesADepartedSoundSmithsSongs() {
    LibraryController library = new LibraryController(client, views, views, ui, worker);
    library.start();
    await("the whole library", () -> views.library != null && views.library.visibleCount() == 5);
    assertEquals(5, views.songs);
    assertEquals("alpha", views.library.rowAt(0).source());
    assertEquals("mp3", views.library.rowAt(0).kind());
    assertEquals(List.of("Alpha", "Beta"), List.copyOf(views.library.tree().keySet()));

    library.setQuery("s");
    library.setQuery("so");
    library.setQuery("song 2");
    await("two songs called 'song 2'", () -> "song 2".equals(views.library.query()));
    assertEquals(List.of("Alpha song 2", "Beta song 2"), titles(views.library));

    library.setScope("Beta", null);
    await("Beta's song 2 only", () -> views.library.visibleCount() == 1);
    assertEquals(List.of("Beta song 2"), titles(views.library));
    library.setScope(null, null);
    library.setQuery("");
    library.sortBy(Column.TITLE);
    library.sortBy(Column.TITLE);
    await("all, by title descending", () -> views.library.visibleCount() == 5 && views.library.sort() == Column.TITLE
        && !views.library.ascending());
    assertEquals(List.of("Beta song 2", "Beta song 1", "Alpha song 3", "Alpha song 2", "Alpha song 1"),
        titles(views.library));

    jukebox.kill("beta");
    await("Beta's songs gone", () -> views.library.visibleCount() == 3 && views.library.index().size() == 3);
    assertEquals(List.of("Alpha"), List.copyOf(views.library.tree().keySet()));
    assertEquals(1, views.smiths.size());
    assertTrue(views.messages.isEmpty(), views.messages::toString);
    library.close();
  }

  @Test
  void playlistAddsMovesRemovesSavesLoadsAndGreysOutOfflineSongs() throws Exception {
    PlaylistStore store = PlaylistStore.in(home.resolve("playlists"));
    PlaylistController playlist = new PlaylistController(client, views, views, ui, worker, store);
    playlist.start();
    List<Song> all = client.catalog();
    playlist.add(all);
    await("five queued", () -> views.playlist.size() == 5);
    playlist.move(new int[] {3, 0}, 2); // Alpha 1 and Beta 1 go before Alpha 3
    await("Alpha 1 and Beta 1 moved before Alpha 3", () -> titles(views.playlist).equals(
        List.of("Alpha song 2", "Alpha song 1", "Beta song 1", "Alpha song 3", "Beta song 2")));
    playlist.move(new int[] {0}, 5);
    await("first to last", () -> titles(views.playlist).equals(
        List.of("Alpha song 1", "Beta song 1", "Alpha song 3", "Beta song 2", "Alpha song 2")));
    playlist.remove(new int[] {4, 0});
    await("two removed", () -> titles(views.playlist).equals(List.of("Beta song 1", "Alpha song 3", "Beta song 2")));
    playlist.insert(1, List.of(all.get(0)));
    await("inserted second", () -> titles(views.playlist).equals(
        List.of("Beta song 1", "Alpha song 1", "Alpha song 3", "Beta song 2")));
    playlist.setShuffle(true);
    playlist.setRepeat(Repeat.ALL);
    await("shuffle and repeat shown", () -> views.shuffle && views.repeat == Repeat.ALL);

    playlist.save("mix");
    await("saved", () -> views.saved.equals(List.of("mix")));
    playlist.clear();
    await("cleared", () -> views.playlist.isEmpty());

    jukebox.kill("beta");
    await("Beta gone from the catalog", () -> client.catalog().size() == 3);
    playlist.load("mix");
    // mix was Beta 1, Alpha 1, Alpha 3, Beta 2: only Alpha's are online now.
    await("loaded what is online", () -> views.playlist.size() == 2);
    assertEquals(List.of("Alpha song 1", "Alpha song 3"), views.playlist.stream().map(e -> e.song().title()).toList());
    assertTrue(views.messages.contains(
        "Loaded playlist 'mix': 2 of 4 songs (the rest are on SoundSmiths that are not online)"), views.messages::toString);

    playlist.add(List.of(all.get(4)));
    await("an offline song shows as unavailable", () -> views.playlist.size() == 3 && !views.playlist.get(2).available());
    assertTrue(views.playlist.get(0).available());
    playlist.save("a/b");
    await("bad name said", () -> views.messages.contains(
        "Could not save playlist: playlist name has a character not allowed in a file name: /"));
    playlist.close();
  }

  @Test
  void playerPlaysLocksAndSaysWhyVolumeIsNotAdjustable() {
    PlayerController player = new PlayerController(client, views, views, ui, worker, null);
    player.start();
    await("volume shown", () -> views.volumeSupported != null);
    assertEquals(false, views.volumeSupported);
    assertEquals(PlayerController.NO_VOLUME, views.volumeWhyNot);
    client.playlist().addAll(client.catalog());
    player.playPause();
    await("playing", () -> views.state == PlayerState.PLAYING && views.song != null);
    assertEquals("Alpha song 1", views.song.title());
    player.playPause();
    await("paused", () -> views.state == PlayerState.PAUSED);

    player.setLocked("Following alice's session");
    assertEquals("Following alice's session", views.locked);
    player.playPause();
    assertTrue(views.messages.contains("Following alice's session: the host controls playback"));
    player.setLocked(null);
    assertNull(views.locked);
    player.next();
    await("the next song", () -> views.song != null && views.song.title().equals("Alpha song 2"));
    player.close();
  }

  @Test
  void withoutADjOrASessionServerEveryActionSaysWhy() {
    PlayerController player = new PlayerController(client, views, views, ui, worker, null);
    DjController dj = new DjController(client, null, null, views, views, ui, worker);
    SessionController sessions = new SessionController(null, views, views, player, ui, worker);
    dj.start();
    sessions.start();
    assertEquals("No DJ is connected: likes and DJ mode need the DJ service", views.djWhyNot);
    assertEquals("Sessions need a session server: none is connected", views.sessionsWhyNot);
    assertEquals(SessionState.NONE, views.session);
    dj.like(null);
    dj.setDjMode(true);
    sessions.host(java.util.Set.of("bob"));
    assertEquals(List.of("Cannot like: no DJ is connected", "DJ mode needs the DJ service, which is not connected",
        "Cannot host a session: no session server is connected"), views.messages);
  }

  @Test
  void aListenerIsLockedWithTheHostsNameAndToldWhenTheHostDrops() {
    SessionState following = new SessionState(SessionState.Role.LISTENER, "alice", false, List.of("bob"), List.of(), 0,
        false);
    assertEquals("Following alice's session", following.lockReason());
    assertEquals("alice (the host) dropped out — waiting for them to come back", following.hostNotice());
    SessionState hosting = new SessionState(SessionState.Role.HOST, "bob", true, List.of("bob"), List.of(), 0, false);
    assertNull(hosting.lockReason());
    assertNull(hosting.hostNotice());
  }
}
