package org.jukebox.client.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jukebox.api.SessionSong;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithId;
import org.jukebox.client.NullAudioSink;
import org.jukebox.client.ServedSong;
import org.jukebox.client.SessionClient;
import org.jukebox.client.SessionPlayback;
import org.jukebox.client.SessionPlayback.Phase;
import org.jukebox.client.sync.MicrosClock;
import org.jukebox.security.SecureHttp;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.soundsmith.SoundSmithConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two client cores in one JVM, alice hosting and bob listening, each with its own SessionClient
 * (its own certificate) and SessionPlayback into a real-time null sink, against a real directory
 * and session server over SecureRMI and a real MP3 SoundSmith. Bob's clock is 2 s ahead of
 * alice's and the server's: the sync engine must learn it. Where the copies stand is measured by
 * the engine itself (its synced sink's error against the session's target), not by wall-clock
 * timing.
 */
class SessionPlaybackTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  /** Bob's clock reads this much later than everyone else's. */
  static final long BOB_CLOCK_OFFSET_MICROS = 2_000_000;

  @TempDir Path home;
  SessionNet net;
  Mp3SoundSmith smith;
  final Map<SongId, Song> songs = new ConcurrentHashMap<>();
  final List<AutoCloseable> open = new ArrayList<>();
  SessionClient alice;
  SessionClient bob;
  SessionPlayback hostPlayback;
  SessionPlayback bobPlayback;
  final List<String> bobStarts = new CopyOnWriteArrayList<>();
  final List<String> hostStarts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void boot() throws Exception {
    net = new SessionNet(home);
    net.startServer("server-1", Clock.systemUTC());
    Path music = Files.createDirectories(home.resolve("music"));
    write(music, "One", 1, 8);
    write(music, "Two", 2, 3);
    write(music, "Three", 3, 8);
    SoundSmithConfig config = SoundSmithConfig.builder(new SoundSmithId("smith"), "Test smith")
        .httpBindAddress("127.0.0.1").advertisedHost("127.0.0.1").build();
    smith = Mp3SoundSmith.builder(music, Files.createDirectories(home.resolve("smith")), config).build();
    smith.start();
    smith.initialScan().get();
    for (Song s : smith.stub().catalog(0).upserts()) {
      songs.put(s.id(), s);
    }
    assertEquals(3, songs.size());
    alice = client("alice");
    bob = client("bob");
    hostPlayback = playback(alice, MicrosClock.system());
    MicrosClock system = MicrosClock.system();
    bobPlayback = playback(bob, () -> system.nowMicros() + BOB_CLOCK_OFFSET_MICROS);
    hostPlayback.addListener(recorder(hostStarts));
    bobPlayback.addListener(recorder(bobStarts));
  }

  private static void write(Path music, String title, long seed, double seconds) throws Exception {
    SampleLibrary.writeTagged(music.resolve(title + ".mp3"), SampleLibrary.encodeMelody(seed, seconds, false),
        SampleLibrary.Tags.titled(title).withArtist("Test Band"));
  }

  private SessionClient client(String user) throws Exception {
    SessionClient c = SessionClient.builder(net.sessions()).security(net.user(user))
        .songLocator(id -> Optional.ofNullable(songs.get(id)).map(s -> new ServedSong(s, smith.info(), smith.stub())))
        .httpClient(SecureHttp.httpClient(net.user(user))).build().start();
    open.add(c);
    return c;
  }

  private SessionPlayback playback(SessionClient c, MicrosClock clock) {
    SessionPlayback p = SessionPlayback.builder(c).audioSink(NullAudioSink.create()).clock(clock).build().start();
    open.add(0, p);
    return p;
  }

  private static SessionPlayback.Listener recorder(List<String> starts) {
    return new SessionPlayback.Listener() {
      @Override
      public void songStarted(SessionSong song, Duration at) {
        starts.add(song.song().title() + "@" + at.toMillis());
      }
    };
  }

  @AfterEach
  void shutDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    if (smith != null) {
      smith.close();
    }
    net.close();
  }

  Song song(String title) {
    return songs.values().stream().filter(s -> s.title().equals(title)).findFirst().orElseThrow();
  }

  static void await(String what, java.util.function.BooleanSupplier condition) {
    SessionNet.await(WAIT, what, condition);
  }

  /** Waits until the engine's own measure puts {@code p}'s audio within {@code micros} of the session's target. */
  static void awaitInStep(SessionPlayback p, long micros, String who) {
    await(who + " to be within " + micros + " µs of the session's target", () -> p.syncStats().aligned()
        && Math.abs(p.syncStats().lastErrorMicros()) <= micros);
  }

  static Predicate<String> startOf(String title) {
    return s -> s.startsWith(title + "@");
  }

  static long millisOf(String start) {
    return Long.parseLong(start.substring(start.indexOf('@') + 1));
  }

  private void hostWithSongsPlaying() throws Exception {
    alice.setAcl(Set.of("bob"));
    alice.host();
    for (String t : List.of("One", "Two", "Three")) {
      hostPlayback.add(song(t));
    }
    hostPlayback.play();
  }

  @Test
  void aListenerJoiningMidSongStartsWhereTheHostIsAndFollowsPauseSeekAndNext() throws Exception {
    hostWithSongsPlaying();
    await("the host to play 1.5 s into One", () -> hostPlayback.status().phase() == Phase.PLAYING
        && hostPlayback.position().toMillis() >= 1_500);
    awaitInStep(hostPlayback, 5_000, "the host");

    bob.join(bob.sessions().stream().filter(l -> l.host().equals("alice")).findFirst().orElseThrow());

    await("bob to start One", () -> bobStarts.stream().anyMatch(startOf("One")));
    long joinedAt = millisOf(bobStarts.get(0));
    assertTrue(joinedAt >= 1_300, "bob joined mid-song, not at the start: " + bobStarts);
    awaitInStep(bobPlayback, 5_000, "bob");
    long offset = bobPlayback.clockEstimate().orElseThrow().offsetMicros();
    assertTrue(Math.abs(offset + BOB_CLOCK_OFFSET_MICROS) < 50_000, "bob's clock offset learnt: " + offset);
    assertEquals("alice", bobPlayback.status().host());

    for (var control : List.<ThrowingRunnable>of(bobPlayback::play, bobPlayback::pause, bobPlayback::next,
        () -> bobPlayback.seek(Duration.ofSeconds(1)))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, control::run);
      assertEquals("you are following alice's session: only the host controls playback", e.getMessage());
    }
    IllegalStateException add = assertThrows(IllegalStateException.class, () -> bobPlayback.add(song("One")));
    assertEquals("you are following alice's session: only the host adds songs (unless the host turns guests on)",
        add.getMessage());

    hostPlayback.pause();
    await("bob to pause", () -> bobPlayback.status().phase() == Phase.PAUSED);
    hostPlayback.seek(Duration.ofSeconds(5));
    hostPlayback.play();
    await("bob to play One from 5 s", () -> bobStarts.size() >= 2);
    long resumedAt = millisOf(bobStarts.get(1));
    assertTrue(bobStarts.get(1).startsWith("One@") && resumedAt >= 4_800 && resumedAt <= 5_200,
        "bob resumes where the host sought: " + bobStarts);
    awaitInStep(bobPlayback, 5_000, "bob after the seek");

    hostPlayback.next();
    await("bob to move on to Two", () -> bobStarts.stream().anyMatch(startOf("Two")));
    awaitInStep(bobPlayback, 5_000, "bob on Two");
    // Two ends on the host's copy; the host tells the server; both move on to Three by themselves.
    await("both to reach Three", () -> bobStarts.stream().anyMatch(startOf("Three"))
        && hostStarts.stream().anyMatch(startOf("Three")));
    String three = bobStarts.stream().filter(startOf("Three")).findFirst().orElseThrow();
    assertTrue(millisOf(three) < 300, "Three starts from its beginning after Two: " + bobStarts);
    awaitInStep(bobPlayback, 5_000, "bob on Three");
    assertEquals(List.of("One", "One", "Two", "Three"),
        bobStarts.stream().map(s -> s.substring(0, s.indexOf('@'))).collect(Collectors.toList()));
  }

  @Test
  void aListenerJoiningAPausedSessionWaitsForPlayAndStopsWhenTheHostEnds() throws Exception {
    alice.setAcl(Set.of("bob"));
    alice.host();
    hostPlayback.add(song("Three"));
    bob.join(bob.sessions().stream().filter(l -> l.host().equals("alice")).findFirst().orElseThrow());
    await("bob to wait for play", () -> bobPlayback.status().phase() == Phase.WAITING_FOR_PLAY);
    assertEquals("Three", bobPlayback.status().song().song().title());

    hostPlayback.play();
    await("bob to play", () -> bobPlayback.status().phase() == Phase.PLAYING);
    awaitInStep(bobPlayback, 5_000, "bob");

    alice.end();
    await("bob to stop", () -> bobPlayback.status().phase() == Phase.ENDED);
    await("the host to stop", () -> hostPlayback.status().phase() == Phase.ENDED);
    assertEquals(null, bobPlayback.status().song());
    IllegalStateException e = assertThrows(IllegalStateException.class, bobPlayback::play);
    assertEquals("not in a session: host one or join one first", e.getMessage());
  }

  @Test
  void whenTheHostIsGoneTheListenerPlaysTheSongOutAndWaitsUntilTheHostIsBack() throws Exception {
    alice.setAcl(Set.of("bob"));
    alice.host();
    hostPlayback.add(song("Two"));
    hostPlayback.add(song("One"));
    hostPlayback.play();
    bob.join(bob.sessions().stream().filter(l -> l.host().equals("alice")).findFirst().orElseThrow());
    await("bob to play Two", () -> bobStarts.stream().anyMatch(startOf("Two")));

    hostPlayback.leave();
    await("bob to hear that the host is gone", () -> !bobPlayback.status().hostPresent());
    assertEquals(Phase.IDLE, hostPlayback.status().phase());
    await("bob to play Two out and wait", () -> bobPlayback.status().phase() == Phase.WAITING_FOR_NEXT);
    assertEquals("Two", bobPlayback.status().song().song().title());
    assertTrue(bobStarts.stream().noneMatch(startOf("One")), "nobody moves on without the host: " + bobStarts);

    alice.host(); // the host comes back to its session: its copy finds Two over and moves on
    await("both to play One", () -> bobStarts.stream().anyMatch(startOf("One"))
        && hostPlayback.status().phase() == Phase.PLAYING && bobPlayback.status().hostPresent());
    awaitInStep(bobPlayback, 5_000, "bob on One");
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
