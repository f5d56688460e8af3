package org.jukebox.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.InvalidSessionRequestException;
import org.jukebox.api.RateLimitedException;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionJoin;
import org.jukebox.api.SessionListing;
import org.jukebox.api.SessionOptions;
import org.jukebox.api.SessionServer;
import org.jukebox.api.SessionSong;
import org.jukebox.api.SessionUpdate;
import org.jukebox.api.SessionUpdate.Kind;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.api.UnknownSessionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions over real SecureRMI on loopback: a directory, a session server on Derby, several users. */
class SessionServerTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration LEASE = Duration.ofSeconds(20);

  @TempDir Path home;
  SecureSessions net;
  SessionServerDaemon server;

  @BeforeEach
  void boot() throws Exception {
    net = new SecureSessions(home);
    server = net.startServer("server-1");
  }

  @AfterEach
  void shutDown() {
    net.close();
  }

  static Song song(String id, String title, Duration length) {
    return new Song(new SongId(id), title, "Artist", "Album", 1, 1, 2020, "", length, 128, 44100, false, 1000,
        "audio/mpeg");
  }

  /** alice hosts, with bob and carol on her list; returns her session as she sees it. */
  SessionListing aliceHosts() throws Exception {
    SessionDirectory dir = net.sessions("alice");
    dir.setAcl(Set.of("bob", "carol"));
    return dir.createSession();
  }

  SessionServer as(String user, SessionListing l) {
    return net.as(user, l.session());
  }

  SessionJoin join(String user, SessionListing l, RecordingListener r) throws Exception {
    return as(user, l).join(l.id(), net.export(r), LEASE);
  }

  @Test
  void hostControlsReachEveryListenerInOrder() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener alice = new RecordingListener();
    RecordingListener bob = new RecordingListener();
    RecordingListener carol = new RecordingListener();
    join("alice", l, alice);
    SessionJoin bobJoin = join("bob", l, bob);
    join("carol", l, carol);
    SessionServer host = as("alice", l);

    SessionSong first = host.add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
    host.add(l.id(), song("s:2", "Two", Duration.ofMinutes(4)));
    host.play(l.id());
    net.clock.advance(Duration.ofSeconds(10));
    host.pause(l.id());
    host.seek(l.id(), Duration.ofSeconds(30));
    host.next(l.id(), first.entry());

    for (RecordingListener r : List.of(bob, carol)) {
      SessionUpdate last = r.await(WAIT, Kind.NEXT);
      assertEquals(1, last.current());
      assertEquals(0, last.positionMicros());
    }
    List<SessionUpdate> seen = bob.updates();
    for (int i = 1; i < seen.size(); i++) {
      assertEquals(seen.get(i - 1).sequence() + 1, seen.get(i).sequence(), "sequence numbers are consecutive");
    }
    assertEquals(bobJoin.snapshot().sequence() + 1, seen.get(0).sequence());
    List<Kind> controls = bob.kinds().stream()
        .filter(k -> k == Kind.SONG_ADDED || k == Kind.PLAY || k == Kind.PAUSE || k == Kind.SEEK || k == Kind.NEXT).toList();
    assertEquals(List.of(Kind.SONG_ADDED, Kind.SONG_ADDED, Kind.PLAY, Kind.PAUSE, Kind.SEEK, Kind.NEXT), controls);
    SessionUpdate pause = bob.await(WAIT, Kind.PAUSE);
    assertEquals(10_000_000, pause.positionMicros(), "paused 10 s into the song by the server's clock");
    assertFalse(pause.playing());
    SessionUpdate play = bob.await(WAIT, Kind.PLAY);
    assertEquals(play.stampMicros() + 10_000_000, pause.stampMicros());
    assertEquals(carol.updates().stream().filter(SessionUpdate::movesTimeline).toList(),
        bob.updates().stream().filter(SessionUpdate::movesTimeline).toList(), "everyone hears the same timeline");
  }

  @Test
  void controlsFromAnyoneButTheHostAreRefused() throws Exception {
    SessionListing l = aliceHosts();
    join("bob", l, new RecordingListener());
    as("alice", l).add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));

    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> as("bob", l).play(l.id()));
    assertEquals("bob may not play in the session of alice: only the host may", e.getMessage());
    e = assertThrows(AccessDeniedException.class, () -> as("bob", l).add(l.id(), song("s:2", "Two", Duration.ZERO)));
    assertEquals("bob may not add songs to the session of alice: the host does not let listeners add songs",
        e.getMessage());
    e = assertThrows(AccessDeniedException.class, () -> as("bob", l).end(l.id()));
    assertEquals("bob may not end the session in the session of alice: only the host may", e.getMessage());
  }

  @Test
  void aUserNotOnTheListCannotJoinAndDoesNotSeeTheSession() throws Exception {
    SessionListing l = aliceHosts();

    assertEquals(List.of(), net.sessions("mallory").joinableSessions());
    assertEquals(List.of(l.id()), net.sessions("bob").joinableSessions().stream().map(SessionListing::id).toList());
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> join("mallory", l, new RecordingListener()));
    assertEquals("mallory may not join the session of alice: not on the host's list", e.getMessage());
  }

  @Test
  void seekPastTheEndIsRefused() throws Exception {
    SessionListing l = aliceHosts();
    as("alice", l).add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));

    InvalidSessionRequestException e = assertThrows(InvalidSessionRequestException.class,
        () -> as("alice", l).seek(l.id(), Duration.ofMinutes(4)));
    assertEquals("seek to 4:00.000 is past the end of 'One' (3:00.000)", e.getMessage());
  }

  @Test
  void aBlockedListenerDelaysNobodyAndIsCutOff() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener bob = new RecordingListener();
    RecordingListener carol = new RecordingListener();
    join("bob", l, bob);
    join("carol", l, carol);
    SessionServer host = as("alice", l);
    bob.block();
    try {
      host.add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
      assertTrue(bob.awaitBlocked(WAIT), "bob's callback is stuck");
      long start = System.nanoTime();
      host.play(l.id());
      carol.await(WAIT, Kind.PLAY);
      assertTrue(System.nanoTime() - start < Duration.ofMillis(400).toNanos(),
          "carol heard play before bob's callback timeout (500 ms) could have freed anything");
      carol.await(WAIT, Kind.LISTENER_LEFT, "bob");
      assertFalse(server.service().session(l.id()).isMember("bob"));
    } finally {
      bob.release();
    }
  }

  @Test
  void aListenerWhoseCallbackFailsIsRemovedAndNobodyElseIsAffected() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener bob = new RecordingListener();
    RecordingListener carol = new RecordingListener();
    join("bob", l, bob);
    join("carol", l, carol);
    bob.fail();

    as("alice", l).add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
    carol.await(WAIT, Kind.LISTENER_LEFT, "bob");
    as("alice", l).play(l.id());

    carol.await(WAIT, Kind.PLAY);
    assertEquals(List.of("carol"), as("carol", l).snapshot(l.id()).listeners());
  }

  @Test
  void aListenerThatStopsRenewingIsDropped() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener carol = new RecordingListener();
    SessionJoin bob = join("bob", l, new RecordingListener());
    SessionJoin carolJoin = join("carol", l, carol);

    net.clock.advance(LEASE.minusSeconds(1));
    as("carol", l).renew(l.id(), carolJoin.lease().id(), LEASE);
    net.clock.advance(Duration.ofSeconds(2));

    carol.await(WAIT, Kind.LISTENER_LEFT, "bob");
    assertThrows(UnknownLeaseException.class, () -> as("bob", l).renew(l.id(), bob.lease().id(), LEASE));
    assertEquals(List.of("carol"), as("carol", l).snapshot(l.id()).listeners());
  }

  @Test
  void theHostDropsListenersAreToldAndTheHostRejoinsAndControlsAgain() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener alice = new RecordingListener();
    RecordingListener bob = new RecordingListener();
    join("alice", l, alice);
    join("bob", l, bob);
    SessionServer host = as("alice", l);
    SessionSong one = host.add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
    host.add(l.id(), song("s:2", "Two", Duration.ofMinutes(3)));
    host.play(l.id());
    alice.fail();
    host.seek(l.id(), Duration.ofSeconds(5)); // alice's own callback fails: she is dropped

    SessionUpdate gone = bob.await(WAIT, Kind.HOST_GONE);
    assertTrue(gone.playing(), "the song plays on while the host is away");
    RecordingListener carol = new RecordingListener();
    SessionJoin carolJoin = join("carol", l, carol);
    assertFalse(carolJoin.snapshot().hostPresent());

    RecordingListener aliceAgain = new RecordingListener();
    SessionJoin back = join("alice", l, aliceAgain);
    assertTrue(back.snapshot().hostPresent());
    bob.await(WAIT, Kind.HOST_BACK);
    assertEquals(1, bob.updates().stream().filter(u -> u.kind() == Kind.HOST_BACK).count());
    host.next(l.id(), one.entry());
    SessionUpdate next = carol.await(WAIT, Kind.NEXT);
    assertEquals(1, next.current());
    assertTrue(next.playing());
  }

  @Test
  void aFloodIsRateLimitedAndOthersAreUnaffected() throws Exception {
    net.close();
    net = new SecureSessions(home.resolve("again"));
    server = net.startServer(net.serverBuilder("server-r").rateLimit(10, 1));
    SessionListing l = aliceHosts();
    join("bob", l, new RecordingListener());
    SessionServer bob = as("bob", l);

    RateLimitedException e = assertThrows(RateLimitedException.class, () -> {
      for (int i = 0; i < 100; i++) {
        bob.snapshot(l.id());
      }
    });
    assertTrue(e.getMessage().startsWith("bob sent more than 10 requests at once or 1.0 per second; retry in "),
        e.getMessage());
    as("alice", l).add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
    as("alice", l).play(l.id());
    net.clock.advance(Duration.ofSeconds(2));
    bob.snapshot(l.id()); // tokens come back with time
  }

  @Test
  void theHostEndsTheSessionEveryoneIsToldAndItIsGone() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener bob = new RecordingListener();
    join("bob", l, bob);

    as("alice", l).end(l.id());

    bob.await(WAIT, Kind.ENDED);
    SecureSessions.await(WAIT, "the directory to drop the session",
        () -> {
          try {
            return net.sessions("bob").joinableSessions().isEmpty();
          } catch (Exception e) {
            return false;
          }
        });
    assertThrows(UnknownSessionException.class, () -> as("bob", l).snapshot(l.id()));
    assertNull(server.service().session(l.id()));
  }

  @Test
  void votesOfAMajorityOfListenersSkipWhenTheHostAllowsIt() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener bob = new RecordingListener();
    join("alice", l, new RecordingListener());
    join("bob", l, bob);
    join("carol", l, new RecordingListener());
    SessionServer host = as("alice", l);
    SessionSong one = host.add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
    host.play(l.id());
    assertThrows(AccessDeniedException.class, () -> as("bob", l).voteSkip(l.id(), one.entry()));

    host.options(l.id(), new SessionOptions(true, true));
    as("bob", l).voteSkip(l.id(), one.entry());
    assertEquals(0, as("bob", l).snapshot(l.id()).current(), "one vote of two is no majority");
    as("carol", l).voteSkip(l.id(), one.entry());

    SessionUpdate next = bob.await(WAIT, Kind.NEXT);
    assertEquals(1, next.current());
    as("bob", l).add(l.id(), song("s:2", "Two", Duration.ofMinutes(3)));
    assertEquals("bob", as("bob", l).snapshot(l.id()).playlist().get(1).addedBy());
  }

  @Test
  void onlineUsersOnTheListAreThePotentialListeners() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener alice = new RecordingListener();
    join("alice", l, alice);
    RecordingDirectoryListener bobSees = new RecordingDirectoryListener();

    net.sessions("bob").goOnline(net.export(bobSees), LEASE);

    alice.await(WAIT, Kind.POTENTIAL_JOINED, "bob");
    bobSees.awaitListed(WAIT, l.id());
    join("bob", l, new RecordingListener());
    alice.await(WAIT, Kind.POTENTIAL_LEFT, "bob");
    assertEquals(List.of(), as("alice", l).snapshot(l.id()).potentialListeners());
  }

  @Test
  void sessionsSpreadOverTwoServers() throws Exception {
    SessionServerDaemon second = net.startServer("server-2");
    SessionListing a = net.sessions("alice").createSession();
    SessionListing b = net.sessions("bob").createSession();

    assertEquals(Set.of(server.id(), second.id()), Set.of(a.server(), b.server()));
    assertEquals(a.id(), net.sessions("alice").createSession().id(), "one session per host");
  }

  @Test
  void sessionsContinueFromTheStoreWhenTheServerRestarts() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener bob = new RecordingListener();
    SessionJoin bobJoin = join("bob", l, bob);
    SessionServer host = as("alice", l);
    host.add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
    host.add(l.id(), song("s:2", "Two", Duration.ofMinutes(3)));
    host.play(l.id());
    net.clock.advance(Duration.ofSeconds(7));
    host.pause(l.id());
    long sequence = as("alice", l).snapshot(l.id()).sequence();

    org.jukebox.api.ServiceId id = server.id();
    server.kill();
    SessionServerDaemon restarted = net.startServer("server-1");

    assertEquals(id, restarted.id());
    SessionListing again = net.sessions("bob").joinableSessions().get(0);
    assertEquals(l.id(), again.id());
    SessionServer bobs = net.as("bob", again.session());
    assertThrows(UnknownLeaseException.class, () -> bobs.renew(l.id(), bobJoin.lease().id(), LEASE),
        "listeners learn they must rejoin");
    SessionJoin rejoin = bobs.join(l.id(), net.export(new RecordingListener()), LEASE);
    assertEquals(2, rejoin.snapshot().playlist().size());
    assertEquals(7_000_000, rejoin.snapshot().positionMicros());
    assertFalse(rejoin.snapshot().playing());
    assertTrue(rejoin.snapshot().sequence() > sequence, "sequence numbers go on");
    net.as("alice", again.session()).play(l.id());
  }

  @Test
  void anUnknownSessionIsRefusedWithItsId() throws Exception {
    SessionListing l = aliceHosts();
    SessionId other = new SessionId("nope");
    UnknownSessionException e = assertThrows(UnknownSessionException.class,
        () -> as("alice", l).play(other));
    assertEquals("no session nope runs on session server " + server.id(), e.getMessage());
  }

  @Test
  void whileTheDirectoryIsDownSessionsPlayOnNewLoginsFailAndItsTableComesBack() throws Exception {
    SessionListing l = aliceHosts();
    RecordingListener bob = new RecordingListener();
    join("bob", l, bob);
    int port = net.directory.port();

    net.directory.close();
    SessionServer host = as("alice", l);
    host.add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
    host.play(l.id());
    bob.await(WAIT, Kind.PLAY);
    java.rmi.RemoteException e = assertThrows(java.rmi.RemoteException.class, () -> net.sessions("carol"));
    // In another process nothing answers on the port; in this one RMI may still hold a pooled
    // connection to it, whose registry is gone. Either way the message names where it looked.
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());

    net.directory = org.jukebox.directory.DirectoryServer.builder().port(port).clock(net.clock)
        .security(net.directorySecurity).build().start();
    SecureSessions.await(WAIT, "the session server to report its session to the restarted directory", () -> {
      try {
        return net.sessions("bob").joinableSessions().size() == 1;
      } catch (Exception ex) {
        return false;
      }
    });
    SessionListing back = net.sessions("carol").joinableSessions().get(0);
    assertEquals(l.id(), back.id());
    assertTrue(back.playing());
    assertEquals("One", back.current().song().title());
    assertEquals(List.of("bob", "carol"), net.sessions("alice").acl(), "the host's list came back with the session");
  }

  @Test
  void aListenerThatFallsTooFarBehindIsDroppedBeforeAnyTimeout() throws Exception {
    net.close();
    net = new SecureSessions(home.resolve("again"));
    server = net.startServer(net.serverBuilder("server-q").listenerQueue(8).callbackTimeout(Duration.ofMinutes(5)));
    SessionListing l = aliceHosts();
    RecordingListener bob = new RecordingListener();
    RecordingListener carol = new RecordingListener();
    join("bob", l, bob);
    join("carol", l, carol);
    SessionServer host = as("alice", l);
    bob.block();
    try {
      host.add(l.id(), song("s:0", "Zero", Duration.ofMinutes(3)));
      assertTrue(bob.awaitBlocked(WAIT));
      for (int i = 1; i <= 10; i++) { // bob's queue of 8 overflows; carol keeps up
        host.add(l.id(), song("s:" + i, "Song " + i, Duration.ofMinutes(3)));
      }
      carol.await(WAIT, Kind.LISTENER_LEFT, "bob");
      assertFalse(server.service().session(l.id()).isMember("bob"));
      carol.await(WAIT, "all songs", u -> u.kind() == Kind.SONG_ADDED && u.index() == 10);
    } finally {
      bob.release();
    }
  }

  @Test
  void aUserTakenOffTheListCanNoLongerSeeOrJoinTheSession() throws Exception {
    SessionListing l = aliceHosts();
    RecordingDirectoryListener carolSees = new RecordingDirectoryListener();
    net.sessions("carol").goOnline(net.export(carolSees), LEASE);
    carolSees.awaitListed(WAIT, l.id());

    net.sessions("alice").setAcl(Set.of("bob"));

    carolSees.awaitUnlisted(WAIT, l.id());
    assertEquals(List.of(), net.sessions("carol").joinableSessions());
    SecureSessions.await(WAIT, "the session server to learn the new list",
        () -> !server.service().session(l.id()).mayJoinForTest("carol"));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> join("carol", l, new RecordingListener()));
    assertEquals("carol may not join the session of alice: not on the host's list", e.getMessage());
    assertEquals(List.of("alice"), net.sessions("bob").memberships());
  }

  @Test
  void serversSharingAStoreRunOnlyTheirOwnSessionsAndOneCanTakeOverAnothers() throws Exception {
    net.close();
    net = new SecureSessions(home.resolve("shared"));
    String url = "jdbc:derby:" + home.resolve("shared").resolve("store").toAbsolutePath() + ";create=true";
    SessionServerDaemon a = net.startServer(net.serverBuilder("a").jdbcUrl(url));
    SessionListing l = aliceHosts();
    SessionServer host = as("alice", l);
    host.add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
    host.play(l.id());
    SessionServerDaemon b = net.startServer(net.serverBuilder("b").jdbcUrl(url));
    assertEquals(a.id(), l.server(), "the only server took the session");
    assertNull(b.service().session(l.id()), "b does not run a's sessions from the shared store");

    a.close();
    org.jukebox.security.Caller.callAs(
        new org.jukebox.security.JukeboxPrincipal(org.jukebox.security.RemoteLookup.DIRECTORY_SERVICE,
            org.jukebox.security.JukeboxPrincipal.Kind.SERVICE, "signature"),
        () -> {
          b.service().open(new org.jukebox.api.SessionCharter(l.id(), "alice", Set.of("bob", "carol")));
          return null;
        });

    SessionJoin bob = net.as("bob", b.stub()).join(l.id(), net.export(new RecordingListener()), LEASE);
    assertEquals("One", bob.snapshot().currentSong().song().title());
    assertTrue(bob.snapshot().playing(), "it plays on where a left it");
  }

  @Test
  void theDirectoryMovesTheSessionsOfAGoneServerToOneSharingItsStore() throws Exception {
    net.close();
    net = new SecureSessions(home.resolve("takeover"), Duration.ZERO);
    String url = "jdbc:derby:" + home.resolve("takeover").resolve("store").toAbsolutePath() + ";create=true";
    SessionServerDaemon a = net.startServer(net.serverBuilder("a").jdbcUrl(url));
    SessionListing l = aliceHosts();
    as("alice", l).add(l.id(), song("s:1", "One", Duration.ofMinutes(3)));
    as("alice", l).play(l.id());
    SessionServerDaemon b = net.startServer(net.serverBuilder("b").jdbcUrl(url));

    a.close();

    SessionListing[] moved = new SessionListing[1];
    SecureSessions.await(WAIT, "the session to move to b", () -> {
      try {
        List<SessionListing> now = net.sessions("bob").joinableSessions();
        moved[0] = now.isEmpty() ? null : now.get(0);
        return moved[0] != null && moved[0].server().equals(b.id()) && b.service().session(l.id()) != null;
      } catch (Exception e) {
        return false;
      }
    });
    SessionJoin bob = net.as("bob", moved[0].session()).join(l.id(), net.export(new RecordingListener()), LEASE);
    assertEquals("One", bob.snapshot().currentSong().song().title());
    assertTrue(bob.snapshot().playing(), "nothing lost");
  }
}
