package org.jukebox.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.Lease;
import org.jukebox.api.ServiceId;
import org.jukebox.api.SessionCharter;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionDirectoryListener;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionListing;
import org.jukebox.api.SessionStatus;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.RemoteLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory's session side over plain RMI on 127.0.0.1, where every caller is anonymous.
 * Several users, ACLs and real session servers are exercised in the session module's tests.
 */
class SessionDirectoryTest {
  private final MutableClock clock = MutableClock.atEpochPlusOneDay();
  private final RemoteExporter peers = RemoteExporter.anyPort();
  private DirectoryServer server;
  private SessionDirectory sessions;

  @BeforeEach
  void start() throws Exception {
    server = DirectoryServer.builder().port(0).clock(clock).maxLease(Duration.ofSeconds(30)).build().start();
    sessions = RemoteLookup.lookup(HostPort.of("127.0.0.1", server.port()), SessionDirectory.REGISTRY_NAME,
        SessionDirectory.class);
  }

  @AfterEach
  void stop() {
    peers.close();
    server.close();
  }

  private static final class Silent implements SessionDirectoryListener {
    @Override
    public void listed(SessionListing listing) {}

    @Override
    public void unlisted(SessionId session) {}
  }

  @Test
  void presenceRunsOutUnlessRenewed() throws Exception {
    Lease lease = sessions.goOnline(peers.export(new Silent()), Duration.ofMinutes(5));
    assertEquals(Duration.ofSeconds(30), lease.duration(), "no longer than the directory's maximum");
    assertTrue(server.sessions().isOnline("anonymous"));

    clock.advance(Duration.ofSeconds(20));
    sessions.renew(lease.id(), Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(20));
    assertEquals(0, server.sweep() + server.sessions().sweep());
    assertTrue(server.sessions().isOnline("anonymous"));
    clock.advance(Duration.ofSeconds(11));
    assertEquals(1, server.sessions().sweep());

    assertFalse(server.sessions().isOnline("anonymous"));
    assertThrows(UnknownLeaseException.class, () -> sessions.renew(lease.id(), Duration.ofSeconds(30)));
  }

  @Test
  void goingOfflineEndsPresenceAtOnce() throws Exception {
    Lease lease = sessions.goOnline(peers.export(new Silent()), Duration.ofSeconds(30));

    sessions.goOffline(lease.id());

    assertFalse(server.sessions().isOnline("anonymous"));
    sessions.goOffline(lease.id()); // idempotent
  }

  @Test
  void creatingASessionWithoutALiveSessionServerSaysSo() throws Exception {
    JukeboxException e = assertThrows(JukeboxException.class, () -> sessions.createSession());
    assertEquals("no session server is live: start one (jukebox session) and try again", e.getMessage());
    assertEquals(0, server.sessions().sessionCount());
  }

  @Test
  void onlyAnAnnouncedSessionServerMayReportSessions() throws Exception {
    SessionStatus forged = new SessionStatus(new SessionCharter(new SessionId("s1"), "alice", Set.of("anonymous")),
        new ServiceId("nowhere"), null, false, 0, false);

    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> sessions.sessionChanged(forged));

    assertEquals("anonymous may not report sessions of session server nowhere: it is not announced", e.getMessage());
    assertEquals(List.of(), sessions.joinableSessions());
  }

  @Test
  void aclsAndMembershipsAreKeptPerUser() throws Exception {
    sessions.setAcl(Set.of("bob", "anonymous", "alice"));

    assertEquals(List.of("alice", "anonymous", "bob"), sessions.acl());
    assertEquals(List.of("anonymous"), sessions.memberships());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sessions.setAcl(Set.of(" ")));
    assertEquals("user is blank", e.getMessage());
  }
}
