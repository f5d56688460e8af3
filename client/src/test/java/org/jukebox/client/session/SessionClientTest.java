package org.jukebox.client.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.ClockReading;
import org.jukebox.api.SessionListing;
import org.jukebox.api.SessionSnapshot;
import org.jukebox.api.SessionSong;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.StreamTicket;
import org.jukebox.client.SessionClient;
import org.jukebox.security.SecureHttp;
import org.jukebox.session.SessionServerDaemon;
import org.jukebox.soundsmith.SampleLibrary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SessionClient against a real directory and session server over SecureRMI. */
class SessionClientTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path home;
  SessionNet net;
  SessionServerDaemon server;
  SessionClient alice;
  SessionClient bob;

  @BeforeEach
  void boot() throws Exception {
    net = new SessionNet(home);
    server = net.startServer("server-1", Clock.systemUTC());
    alice = client("alice");
    bob = client("bob");
  }

  SessionClient client(String user) throws Exception {
    return SessionClient.builder(net.sessions()).security(net.user(user))
        .httpClient(SecureHttp.httpClient(net.user(user))).memberLease(Duration.ofSeconds(1))
        .presenceLease(Duration.ofSeconds(2)).build().start();
  }

  @AfterEach
  void shutDown() {
    for (SessionClient c : new SessionClient[] {alice, bob}) {
      if (c != null) {
        c.close();
      }
    }
    net.close();
  }

  static Song song(String id, Duration length) {
    return new Song(new SongId(id), id, "", "", 0, 0, 0, "", length, 128, 44100, false, 1000, "audio/mpeg");
  }

  @Test
  void aListenerFollowsTheHostsTimeline() throws Exception {
    alice.setAcl(Set.of("bob"));
    SessionSnapshot hosted = alice.host();
    assertTrue(alice.isHost());
    List<SessionListing> seen = new CopyOnWriteArrayList<>();
    bob.addListingListener(seen::addAll);
    SessionNet.await(WAIT, "bob to be told of alice's session", () -> !bob.knownSessions().isEmpty());
    bob.join(bob.knownSessions().get(0));
    assertFalse(bob.isHost());
    List<TimelineState> states = new CopyOnWriteArrayList<>();
    bob.addTimelineListener(states::add);

    SessionSong one = alice.add(song("s:1", Duration.ofMinutes(3)));
    alice.play();

    SessionNet.await(WAIT, "bob to hear play", () -> bob.current() != null && bob.current().playing());
    TimelineState t = bob.current();
    assertEquals(hosted.id(), t.session());
    assertEquals(one, t.song());
    assertNull(t.next());
    SessionNet.await(WAIT, "alice's own copy to agree", () -> t.equals(alice.current()));
    assertEquals(List.of("alice", "bob"), alice.snapshot().orElseThrow().listeners());
    ClockReading r = bob.clockSource().time();
    assertTrue(r.receivedAtMicros() >= t.stampMicros());
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> bob.pause());
    assertEquals("bob may not pause in the session of alice: only the host may", e.getMessage());
    alice.songEnded(one.entry());
    SessionNet.await(WAIT, "bob to hear the end of the playlist", () -> bob.current().song() == null);
  }

  @Test
  void aListenerRejoinsBySelfWhenTheSessionServerRestarts() throws Exception {
    alice.setAcl(Set.of("bob"));
    alice.host();
    bob.join(bob.sessions().get(0));
    alice.add(song("s:1", Duration.ofMinutes(3)));
    SessionNet.await(WAIT, "bob to hear of the song", () -> bob.current() != null && bob.current().song() != null);
    long before = bob.current().sequence();

    server.close();
    net.startServer("server-1", Clock.systemUTC());

    SessionNet.await(WAIT, "alice and bob to rejoin the restarted server", () ->
        bob.snapshot().map(s -> s.sequence() > before && s.listeners().size() == 2).orElse(false)
            && alice.snapshot().map(s -> s.sequence() > before && s.hostPresent()).orElse(false));
    alice.play();
    SessionNet.await(WAIT, "bob to hear play from the restarted server", () -> bob.current().playing());
    assertEquals(1, bob.snapshot().orElseThrow().playlist().size(), "nothing lost");
  }

  @Test
  void theHostUploadsAFileAndTheListenerGetsItsAudio() throws Exception {
    alice.setAcl(Set.of("bob"));
    alice.host();
    bob.join(bob.sessions().get(0));
    byte[] mp3 = SampleLibrary.encodeTone(330, 1.0);
    Path file = Files.write(home.resolve("My Tune.mp3"), mp3);

    long entry = alice.upload(file);

    SessionNet.await(WAIT, "bob to hear of the upload", () -> bob.current() != null && bob.current().song() != null);
    SessionSong song = bob.current().song();
    assertEquals(entry, song.entry());
    assertEquals("My Tune", song.song().title());
    StreamTicket t = bob.audio().open(song);
    HttpResponse<byte[]> got = SecureHttp.httpClient(net.user("bob"))
        .send(HttpRequest.newBuilder(t.url()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertArrayEquals(mp3, got.body());
  }

  @Test
  void whenTheHostEndsTheListenerIsToldAndLeft() throws Exception {
    alice.setAcl(Set.of("bob"));
    alice.host();
    bob.join(bob.sessions().get(0));
    List<TimelineState> states = new CopyOnWriteArrayList<>();
    bob.addTimelineListener(states::add);

    alice.end();

    SessionNet.await(WAIT, "bob to be told the session ended", () -> states.stream().anyMatch(TimelineState::ended));
    assertTrue(bob.snapshot().isEmpty());
    SessionNet.await(WAIT, "the listing to go", () -> bob.knownSessions().isEmpty());
  }
}
