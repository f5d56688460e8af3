package org.jukebox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.client.internal.Mp3FrameReader;
import org.jukebox.security.RemoteExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlayerTest {
  private RemoteExporter exporter;
  private StreamServer http;
  private FakeSoundSmith alice;
  private FakeSoundSmith bob;
  private final Map<SongId, ServedSong> served = new ConcurrentHashMap<>();
  private final SongLocator locator = id -> Optional.ofNullable(served.get(id));
  private final RecordingSink sink = new RecordingSink();
  private final RecordingListener events = new RecordingListener();
  private Player player;

  @BeforeEach
  void boot() throws Exception {
    exporter = RemoteExporter.anyPort();
    http = new StreamServer();
    alice = new FakeSoundSmith("alice", "Alice", http).export(exporter);
    bob = new FakeSoundSmith("bob", "Bob", http).export(exporter);
    player = Player.builder(locator)
        .playlist(Playlist.create(new Random(7)))
        .audioSink(sink)
        .build();
    player.addListener(events);
  }

  @AfterEach
  void shutDown() {
    player.close();
    exporter.close();
    http.close();
  }

  /** Adds an MP3 to a fake SoundSmith and to the locator, with CBR metadata as a SoundSmith would compute it. */
  private Song serve(FakeSoundSmith smith, String id, String title, byte[] mp3, int audioStart) {
    long nanos = (long) ((mp3.length - audioStart) / 16_000.0 * 1e9); // 128 kbit/s
    Song s = FakeSoundSmith.song(smith.id() + ":" + id, title, "Tester", "Tones", 1, 1, Duration.ofNanos(nanos),
        mp3.length);
    smith.put(s, mp3);
    served.put(s.id(), smith.served(s));
    return s;
  }

  private void awaitEvent(String event) {
    try {
      Await.until(event, () -> events.saw(event));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; events: " + events.events + "; errors: " + events.errors, e);
    }
  }

  /** Frames (per channel) a 1 s, 44.1 kHz CBR file decodes to: the second plus encoder delay and padding. */
  private static void assertAboutOneSecond(int frames) {
    assertTrue(frames >= 44_100 && frames <= 44_100 + 3 * 1152, "frames for 1 s: " + frames);
  }

  @Test
  void playerDecodesRealMp3ToPcm() throws Exception {
    byte[] mp3 = TestMp3.withId3v2(TestMp3.oneSecond(), "A tone", 300);
    Song s = serve(alice, "1", "A tone", mp3, 10 + 1 + 6 + 10 + 300);
    player.playlist().add(s);

    player.play();
    awaitEvent("ended A tone COMPLETED");
    awaitEvent("state STOPPED");

    assertEquals(new PcmFormat(44_100, 2), sink.format());
    assertEquals(List.of("open 44100/2"), sink.calls().subList(0, 1));
    int frames = sink.sampleCount() / 2;
    assertAboutOneSecond(frames);
    int mid = frames / 2 * 2;
    assertTrue(sink.rms(mid - 20_000, mid + 20_000) > 3000, "tone is audible: rms " + sink.rms(mid - 20_000, mid + 20_000));
    // 440 Hz: about 440 upward zero crossings per second on the left channel.
    short[] left = sink.samples(0, frames * 2);
    int crossings = 0;
    for (int i = 2 * 4410; i < 2 * 26_460; i += 2) {
      if (left[i - 2] < 0 && left[i] >= 0) {
        crossings++;
      }
    }
    assertTrue(Math.abs(crossings - 220) <= 3, "upward zero crossings in 0.5 s: " + crossings);
    assertEquals(List.of("state BUFFERING", "started A tone", "state PLAYING", "ended A tone COMPLETED",
        "state STOPPED"), events.events);
    assertTrue(events.errors.isEmpty(), events.errors.toString());
    assertEquals(1, http.requestsFor(s.id().value()).size());
  }

  @Test
  void pauseAndResume() throws Exception {
    Song s = serve(alice, "1", "Pausable", TestMp3.oneSecond(), 0);
    player.playlist().add(s);
    sink.holdAtWrite(3);

    player.play();
    sink.awaitHeld();
    player.pause();
    sink.release();
    awaitEvent("state PAUSED");
    player.barrier().get(10, TimeUnit.SECONDS);
    int writesWhilePaused = sink.writes();
    Duration positionWhilePaused = player.position();
    player.barrier().get(10, TimeUnit.SECONDS);

    assertEquals(writesWhilePaused, sink.writes(), "nothing is written while paused");
    assertEquals(PlayerState.PAUSED, player.state());
    assertEquals(positionWhilePaused, player.position());
    assertTrue(positionWhilePaused.toMillis() > 0 && positionWhilePaused.toMillis() < 200, positionWhilePaused.toString());
    assertTrue(sink.calls().contains("pause"));

    player.resume();
    awaitEvent("ended Pausable COMPLETED");
    List<String> calls = sink.calls();
    assertTrue(calls.indexOf("resume") > calls.indexOf("pause"), calls.toString());
    assertAboutOneSecond(sink.sampleCount() / 2); // nothing lost or repeated across the pause
  }

  @Test
  void seekStartsNearTheRequestedPosition() throws Exception {
    int tag = 10 + 1 + 6 + 10 + 500;
    byte[] mp3 = TestMp3.withId3v2(TestMp3.tone(2000, 440, 2, 128), "Seekable", 500);
    Song s = serve(alice, "1", "Seekable", mp3, tag);
    player.playlist().add(s);
    sink.holdAtWrite(2);

    player.play();
    sink.awaitHeld();
    player.seek(Duration.ofMillis(1000));
    sink.release();
    awaitEvent("ended Seekable COMPLETED");

    List<StreamServer.Request> requests = http.requestsFor(s.id().value());
    assertEquals(2, requests.size(), requests.toString());
    StreamServer.Request seek = requests.get(1);
    assertEquals(206, seek.status());
    long offset = Long.parseLong(seek.range().replaceAll("bytes=(\\d+)-", "$1"));
    assertTrue(Math.abs(offset - (tag + 16_000)) <= 2, "range offset " + offset);
    Duration after = events.positions.stream().filter(p -> p.toMillis() >= 500).findFirst().orElseThrow();
    assertTrue(Math.abs(after.toMillis() - 1000) <= 30, "first position after the seek: " + after);
    int flushedAt = sink.flushMarks().get(0);
    int framesAfterSeek = (sink.sampleCount() - flushedAt) / 2;
    double expected = (s.duration().toNanos() / 1e9 - 1.0) * 44_100;
    assertTrue(Math.abs(framesAfterSeek - expected) <= 3 * 1152, "frames after seek " + framesAfterSeek + " vs " + expected);
    assertTrue(sink.rms(flushedAt + 2 * 2304, flushedAt + 2 * 12_000) > 3000, "audio after the seek is the tone");
    assertThrows(IllegalArgumentException.class, () -> player.seek(Duration.ofMillis(-1)));
    assertEquals("seek position < 0: PT-0.001S",
        assertThrows(IllegalArgumentException.class, () -> player.seek(Duration.ofMillis(-1))).getMessage());
  }

  @Test
  void nextSongIsPrefetchedBeforeTheBoundary() throws Exception {
    Song first = serve(alice, "1", "First", TestMp3.oneSecond(), 0);
    Song second = serve(alice, "2", "Second", TestMp3.tone(1000, 660, 2, 128), 0);
    player.playlist().addAll(List.of(first, second));
    AtomicReference<List<StreamServer.Request>> atBoundary = new AtomicReference<>();
    events.onStarted = song -> {
      if (song.equals(second)) {
        atBoundary.set(http.requestsFor(second.id().value()));
      }
    };
    sink.holdAtWrite(5);

    player.play();
    sink.awaitHeld();
    // The first song is short, so its successor is fetched while it plays.
    Await.until("second song fetched whole", () -> http.requestsFor(second.id().value()).stream()
        .anyMatch(StreamServer.Request::complete));
    int requestsBeforeBoundary = http.requests().size();
    sink.release();
    awaitEvent("ended Second COMPLETED");
    awaitEvent("state STOPPED");

    assertNotNull(atBoundary.get());
    assertEquals(1, atBoundary.get().size(), "the second song was fetched before it started");
    assertTrue(atBoundary.get().get(0).complete());
    assertEquals(requestsBeforeBoundary, http.requests().size(), "no HTTP request at or after the boundary");
    assertEquals(List.of(second.id()), alice.openStreamCalls.stream().filter(second.id()::equals).toList());
    // One continuous stream into the sink: opened once, never flushed or drained between songs.
    assertEquals(List.of("open 44100/2", "drain"), sink.calls());
    int frames = sink.sampleCount() / 2;
    assertTrue(frames >= 2 * 44_100 && frames <= 2 * 44_100 + 6 * 1152, "frames for two songs: " + frames);
    assertEquals(List.of("state BUFFERING", "started First", "state PLAYING", "ended First COMPLETED",
        "started Second", "ended Second COMPLETED", "state STOPPED"), events.events);
  }

  @Test
  void vanishingSoundSmithMidSongReportsAndMovesOn() throws Exception {
    byte[] mp3 = TestMp3.oneSecond();
    Song doomed = serve(alice, "1", "Doomed", mp3, 0);
    try (StreamServer carolsHttp = new StreamServer()) {
      FakeSoundSmith carol = new FakeSoundSmith("carol", "Carol", carolsHttp).export(exporter);
      Song next = serve(carol, "1", "Survivor", TestMp3.tone(1000, 660, 2, 128), 0);
      // Half-way through the body Alice's process dies: her RMI object goes, her HTTP server cuts every connection.
      http.fault(doomed.id().value(), StreamServer.Fault.dropAfter(mp3.length / 2, () -> exporter.unexport(alice)));
      player.playlist().addAll(List.of(doomed, next));

      player.play();
      awaitEvent("ended Survivor COMPLETED");
      awaitEvent("state STOPPED");

      assertEquals(List.of("state BUFFERING", "started Doomed", "state PLAYING", "ended Doomed FAILED", "error",
          "started Survivor", "ended Survivor COMPLETED", "state STOPPED"), events.events);
      String error = events.errors.get(0);
      assertTrue(error.startsWith(
          "Cannot play \"Doomed\" by Tester: lost its stream from SoundSmith 'Alice' (alice) at 0:00."), error);
      assertTrue(error.contains("could not reopen it: SoundSmith 'Alice' (alice) cannot be reached"), error);
      assertTrue(error.endsWith("Skipping to the next song."), error);
      int frames = sink.sampleCount() / 2;
      assertTrue(frames > 44_100 + 10_000 && frames < 2 * 44_100, "part of one song and all of the next: " + frames);
    }
  }

  @Test
  void corruptMp3IsReportedAndSkipped() throws Exception {
    byte[] junk = new byte[20_000];
    new Random(3).nextBytes(junk);
    Song bad = serve(alice, "1", "Noise", junk, 0);
    Song good = serve(alice, "2", "Tone", TestMp3.oneSecond(), 0);
    player.playlist().addAll(List.of(bad, good));

    player.play();
    awaitEvent("ended Tone COMPLETED");

    assertEquals(List.of("Cannot play \"Noise\" by Tester: it cannot be decoded (no MPEG audio frame in the first "
        + "20000 bytes). Skipping to the next song."), events.errors);
    assertAboutOneSecond(sink.sampleCount() / 2);
  }

  @Test
  void refusedTicketIsReportedAndTheNextSongPlays() throws Exception {
    Song refused = serve(alice, "1", "Refused", TestMp3.oneSecond(), 0);
    Song good = serve(bob, "1", "Fine", TestMp3.oneSecond(), 0);
    http.fault(refused.id().value(), StreamServer.Fault.answer410());
    player.playlist().addAll(List.of(refused, good));

    player.play();
    awaitEvent("ended Fine COMPLETED");

    assertEquals(List.of("Cannot play \"Refused\" by Tester: SoundSmith 'Alice' (alice) answered HTTP 410 for its "
        + "ticket (ticket used or expired). Skipping to the next song."), events.errors);
  }

  @Test
  void aPlaylistOfUnplayableSongsStopsInsteadOfLooping() throws Exception {
    Song gone = FakeSoundSmith.song("carol:1", "Nowhere", "Nobody", "", 0, 0, Duration.ofSeconds(1), 1000);
    player.playlist().add(gone);
    player.playlist().setRepeat(Repeat.ALL);

    player.play();
    Await.until("an error", () -> !events.errors.isEmpty());
    player.barrier().get(10, TimeUnit.SECONDS);

    assertEquals(List.of("Cannot play \"Nowhere\" by Nobody: no live SoundSmith serves it any more. "
        + "Stopping: no song in the playlist could be played."), events.errors);
    assertEquals(PlayerState.STOPPED, player.state());
  }

  @Test
  void nextAndPreviousMoveThroughThePlaylist() throws Exception {
    Song one = serve(alice, "1", "One", TestMp3.oneSecond(), 0);
    Song two = serve(alice, "2", "Two", TestMp3.oneSecond(), 0);
    player.playlist().addAll(List.of(one, two));
    sink.holdAtWrite(2);

    player.play();
    sink.awaitHeld();
    player.next();
    player.previous();
    sink.release();
    awaitEvent("ended One COMPLETED");
    Await.until("two plays after one", () -> events.events.lastIndexOf("ended Two COMPLETED")
        > events.events.lastIndexOf("ended One COMPLETED"));

    List<String> e = events.events;
    assertEquals(List.of("started One", "ended One SKIPPED", "started Two", "ended Two SKIPPED", "started One"),
        e.stream().filter(x -> x.startsWith("started") || x.startsWith("ended")).toList().subList(0, 5));
  }

  @Test
  void closeIsIdempotentAndStopsThePlayerThread() throws Exception {
    player.close();
    player.close();
    Await.until("closed", () -> player.state() == PlayerState.CLOSED);
    player.play(); // ignored, no exception
    assertEquals(PlayerState.CLOSED, player.state());
    assertTrue(sink.calls().contains("close"));
  }

  /** Songs no SoundSmith serves: the locator finds none of them. */
  private static List<Song> unplayable(int n) {
    List<Song> songs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      songs.add(FakeSoundSmith.song("carol:" + i, "Nowhere " + i, "Nobody", "", 0, 0, Duration.ofSeconds(1), 1000));
    }
    return songs;
  }

  @Test
  void thousandsOfUnplayableSongsStopThePlayerWithoutKillingIt() throws Exception {
    player.playlist().addAll(unplayable(5000));
    Logger log = Logger.getLogger(Player.class.getName());
    Level level = log.getLevel();
    log.setLevel(Level.OFF); // 5,000 warnings would drown the build's output
    try {
      player.play();
      Await.until("the player gives up (or dies)", () -> player.state() == PlayerState.CLOSED
          || events.errors.stream().anyMatch(e -> e.endsWith("Stopping: no song in the playlist could be played.")));
    } finally {
      log.setLevel(level);
    }
    player.barrier().get(10, TimeUnit.SECONDS); // the error is announced before the state is recorded

    assertEquals(PlayerState.STOPPED, player.state());
    Await.until("every failure reported", () -> events.errors.size() == 5000);
    assertEquals("Cannot play \"Nowhere 4999\" by Nobody: no live SoundSmith serves it any more. "
        + "Stopping: no song in the playlist could be played.", events.errors.get(4999));
    // The player still obeys.
    Song tone = serve(alice, "1", "Tone", TestMp3.oneSecond(), 0);
    player.playlist().clear();
    player.playlist().add(tone);
    player.play();
    awaitEvent("ended Tone COMPLETED");
  }

  @Test
  void stopGetsInBetweenFailures() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    AtomicInteger lookups = new AtomicInteger();
    player.close();
    player = Player.builder(id -> {
      if (lookups.incrementAndGet() == 1) {
        asked.countDown();
        try {
          answer.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return locator.locate(id);
    }).audioSink(new RecordingSink()).build();
    RecordingListener seen = new RecordingListener();
    player.addListener(seen);
    player.playlist().addAll(unplayable(3));

    player.play();
    assertTrue(asked.await(10, TimeUnit.SECONDS));
    player.stop(); // queued while the first song is being looked up
    answer.countDown();
    player.barrier().get(10, TimeUnit.SECONDS);
    player.barrier().get(10, TimeUnit.SECONDS); // and after anything the first failure queued

    assertEquals(1, lookups.get(), "the stop came before the skip to the second song");
    assertEquals(PlayerState.STOPPED, player.state());
    Await.until("the failure reported", () -> seen.errors.size() == 1);
    assertEquals(List.of("Cannot play \"Nowhere 0\" by Nobody: no live SoundSmith serves it any more. "
        + "Skipping to the next song."), seen.errors);
  }

  @Test
  void playIndexAfterNextSelectsThatSongAfterTheNext() throws Exception {
    List<Song> songs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      songs.add(serve(alice, String.valueOf(i), "S" + i, TestMp3.oneSecond(), 0));
    }
    player.playlist().addAll(songs);
    sink.holdAtWrite(2);

    player.play();
    sink.awaitHeld();
    player.next();
    player.play(3);
    sink.release();
    awaitEvent("state STOPPED");

    assertEquals(List.of("started S0", "started S1", "started S3", "started S4"),
        events.events.stream().filter(e -> e.startsWith("started")).toList());
    assertEquals("Index 5 out of bounds for length 5",
        assertThrows(IndexOutOfBoundsException.class, () -> player.play(5)).getMessage());
    assertEquals("Index -1 out of bounds for length 5",
        assertThrows(IndexOutOfBoundsException.class, () -> player.play(-1)).getMessage());
  }

  /** Waits until some thread (the player's) is parked inside {@link Mp3FrameReader#next()}: waiting for data. */
  private static void awaitPlayerBlockedInRead() {
    Await.until("the player waiting for data in mid-song", () -> Thread.getAllStackTraces().entrySet().stream()
        .anyMatch(e -> (e.getKey().getState() == Thread.State.WAITING || e.getKey().getState() == Thread.State.TIMED_WAITING)
            && Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(Mp3FrameReader.class.getName())
                && f.getMethodName().equals("next"))));
  }

  @Test
  void nextTakesEffectWhileTheStreamStalls() throws Exception {
    Song stalling = serve(alice, "1", "Stalling", TestMp3.oneSecond(), 0);
    Song fine = serve(bob, "1", "Fine", TestMp3.oneSecond(), 0);
    http.fault(stalling.id().value(), StreamServer.Fault.stallAfter(4000));
    player.playlist().addAll(List.of(stalling, fine));

    player.play();
    awaitPlayerBlockedInRead();
    player.next();
    // Well within the 10 s stall timeout: the control itself ended the wait.
    Await.until("the next song played", Duration.ofSeconds(3), () -> events.saw("ended Fine COMPLETED"));

    assertEquals(List.of("started Stalling", "ended Stalling SKIPPED", "started Fine", "ended Fine COMPLETED"),
        events.events.stream().filter(e -> e.startsWith("started") || e.startsWith("ended")).toList());
    assertEquals(List.of(), events.errors);
    assertEquals(1, http.stalls());
  }

  @Test
  void stopAndSeekTakeEffectWhileTheStreamStalls() throws Exception {
    Song stalling = serve(alice, "1", "Stalling", TestMp3.tone(2000, 440, 2, 128), 0);
    http.fault(stalling.id().value(), StreamServer.Fault.stallAfter(4000));
    player.playlist().add(stalling);

    player.play();
    awaitPlayerBlockedInRead();
    player.seek(Duration.ofMillis(1000));
    Await.until("the seek reopened the stream", Duration.ofSeconds(3), () -> alice.openStreamCalls.size() == 2);
    awaitPlayerBlockedInRead();
    player.stop();
    // The song's end is announced on the event thread just before the player thread records
    // the new state, so wait for both.
    Await.until("stopped", Duration.ofSeconds(3),
        () -> events.saw("ended Stalling STOPPED") && player.state() == PlayerState.STOPPED);

    assertEquals(List.of(), events.errors);
    assertEquals(2, http.stalls());
  }

  @Test
  void stalledStreamIsReopenedOnceThenReportedAndTheNextSongPlays() throws Exception {
    player.close();
    RecordingListener seen = new RecordingListener();
    player = Player.builder(locator).audioSink(new RecordingSink()).stallTimeout(Duration.ofMillis(300)).build();
    player.addListener(seen);
    Song stalling = serve(alice, "1", "Stalling", TestMp3.oneSecond(), 0);
    Song fine = serve(bob, "1", "Fine", TestMp3.oneSecond(), 0);
    http.fault(stalling.id().value(), StreamServer.Fault.stallAfter(4000));
    player.playlist().addAll(List.of(stalling, fine));

    player.play();
    Await.until("the next song played", () -> seen.saw("ended Fine COMPLETED"));

    assertEquals(List.of("state BUFFERING", "started Stalling", "state PLAYING", "ended Stalling FAILED", "error",
        "started Fine", "ended Fine COMPLETED"), seen.events.subList(0, 7));
    String error = seen.errors.get(0);
    assertTrue(error.startsWith("Cannot play \"Stalling\" by Tester: lost its stream from SoundSmith 'Alice' (alice) "
        + "at 0:00."), error);
    assertTrue(error.endsWith("(IOException: stalled: no data for 0.3 s). Skipping to the next song."), error);
    assertEquals(List.of(stalling.id(), stalling.id()),
        alice.openStreamCalls.stream().filter(stalling.id()::equals).toList(), "opened, then reopened once");
    assertEquals(2, http.stalls());
  }

  @Test
  void builderRejectsBadSettingsWithExactMessages() {
    Player.Builder b = Player.builder(locator);
    assertEquals("prefetchLead < 0: PT-1S",
        assertThrows(IllegalArgumentException.class, () -> b.prefetchLead(Duration.ofSeconds(-1))).getMessage());
    assertEquals("wholeSongLimit <= 0: 0",
        assertThrows(IllegalArgumentException.class, () -> b.prefetchBytes(0, 1)).getMessage());
    assertEquals("headBytes <= 0: -1",
        assertThrows(IllegalArgumentException.class, () -> b.prefetchBytes(1, -1)).getMessage());
    assertEquals("restartThreshold < 0: PT-0.001S",
        assertThrows(IllegalArgumentException.class, () -> b.restartThreshold(Duration.ofMillis(-1))).getMessage());
    assertEquals("positionInterval <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.positionInterval(Duration.ZERO)).getMessage());
    assertEquals("stallTimeout <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.stallTimeout(Duration.ZERO)).getMessage());
    assertEquals("locator", assertThrows(NullPointerException.class, () -> Player.builder(null)).getMessage());
  }
}
