package org.jukebox.dj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.EventKind;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.Pick;
import org.jukebox.api.Preference;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DJ over SecureRMI on 127.0.0.1, announced to a secure directory, used by two users with
 * their own certificates: every call acts for the authenticated caller.
 */
class SecureDjTest {
  private static final char[] PASS = "correct horse battery".toCharArray();
  private static final Duration LEN = Duration.ofMinutes(3);
  private static final SongId S1 = new SongId("s1");
  private static final SongId S2 = new SongId("s2");
  private static final SongId S3 = new SongId("s3");
  private static final SongId S4 = new SongId("s4");

  @TempDir Path home;
  @TempDir Path data;
  private Pki pki;
  private DirectoryServer directoryServer;
  private DjServer djServer;

  @BeforeEach
  void issueCertificates() throws Exception {
    pki = Pki.at(home);
    CertificateAuthority ca = pki.createCa(PASS, KeyAlgorithm.ED25519, false);
    ca.issueService(DirectoryServer.SERVICE_NAME, PASS);
    ca.issueService(DjServer.SERVICE_NAME, PASS);
    ca.issueUser("alice", PASS);
    ca.issueUser("bob", PASS);
  }

  @AfterEach
  void stop() {
    if (djServer != null) {
      djServer.close();
    }
    if (directoryServer != null) {
      directoryServer.close();
    }
    ClientSecurity.uninstall();
  }

  private SecurityConfig config(CertificateKind kind, String name) throws Exception {
    KeyAndChain kc = pki.keyAndChain(kind, name, PASS);
    return SecurityConfig.builder().trustAnchors(pki.caCertificate()).certificateCheck(pki.validator())
        .identity(kc.privateKey(), kc.chain()).build();
  }

  @Test
  void ownerReportsOthersReadOnlyWhenPublishedNeverWriteAndBlendsWork() throws Exception {
    SecurityConfig aliceConfig = config(CertificateKind.USER, "alice");
    SecurityConfig bobConfig = config(CertificateKind.USER, "bob");
    SecurityConfig djConfig = config(CertificateKind.SERVICE, DjServer.SERVICE_NAME);
    directoryServer = DirectoryServer.builder().port(0)
        .security(config(CertificateKind.SERVICE, DirectoryServer.SERVICE_NAME)).build().start();
    HostPort at = HostPort.of("127.0.0.1", directoryServer.port());
    ClientSecurity.install(aliceConfig); // for registry look-ups; each stub below is bound to its user
    djServer = DjServer.builder().port(0).dataDir(data).security(djConfig)
        .clock(new MutableClock(java.time.Instant.parse("2026-05-01T10:00:00Z")))
        .directory(() -> ClientSecurity.as(djConfig, RemoteLookup.directory(at))).build().start();

    DiscJockey alice = ClientSecurity.as(aliceConfig, find(ClientSecurity.as(aliceConfig, RemoteLookup.directory(at))));
    DiscJockey bob = ClientSecurity.as(bobConfig, find(ClientSecurity.as(bobConfig, RemoteLookup.directory(at))));

    alice.report(List.of(ListeningEvent.of(S1, EventKind.LIKED, LEN), ListeningEvent.of(S2, EventKind.LIKED, LEN),
        ListeningEvent.of(S3, EventKind.FINISHED, LEN)));
    bob.report(List.of(ListeningEvent.of(S1, EventKind.FINISHED, LEN), ListeningEvent.of(S3, EventKind.LIKED, LEN),
        ListeningEvent.of(S2, EventKind.DISLIKED, LEN)));

    assertEquals("bob may not read the profile of alice: it is not published",
        assertThrows(AccessDeniedException.class, () -> bob.profile("alice", 10)).getMessage());
    assertEquals("bob may not use the profile of alice: it is not published",
        assertThrows(AccessDeniedException.class, () -> bob.nextSongs(Taste.of("alice"), List.of(S1), 1)).getMessage());

    alice.publish(true);
    List<Preference> aliceView = List.of(new Preference(S1, 3.0, 1), new Preference(S2, 3.0, 1),
        new Preference(S3, 1.0, 1));
    assertEquals(aliceView, bob.profile("alice", 10).preferences());
    assertEquals(List.of("alice"), bob.publishedProfiles());

    // Bob cannot write alice's profile: whatever he reports is his.
    bob.report(List.of(ListeningEvent.of(S1, EventKind.DISLIKED, LEN), ListeningEvent.rated(S2, 1)));
    assertEquals(aliceView, bob.profile("alice", 10).preferences());
    assertEquals(aliceView, alice.profile("alice", 10).preferences());

    // The shared office: songs both like. Bob's own profile needs no publishing for him.
    List<Pick> both = bob.nextSongs(Taste.blend(Taste.Blend.ALL_LIKE, List.of("alice", "bob")),
        List.of(S1, S2, S3, S4), 1);
    assertEquals(List.of(new Pick(S3, 2.0, Pick.Reason.FAVOURITE, List.of())), both);
    assertEquals("alice may not use the profile of bob: it is not published", assertThrows(AccessDeniedException.class,
        () -> alice.nextSongs(Taste.blend(Taste.Blend.AVERAGE, List.of("alice", "bob")), List.of(S1), 1)).getMessage());
    bob.publish(true);
    List<Pick> average = alice.nextSongs(Taste.blend(Taste.Blend.AVERAGE, List.of("alice", "bob")),
        List.of(S1, S2, S3, S4), 2);
    // means: s3 (1 + 3) / 2 = 2; s1 (3 - 2) / 2 = 0.5; s2 (3 - 6) / 2 < 0 is never picked.
    assertEquals(List.of(S3, S1), average.stream().map(Pick::song).toList());

    djServer.close();
    MusicDirectory dir = ClientSecurity.as(aliceConfig, RemoteLookup.directory(at));
    assertEquals(List.of(), dir.services(DiscJockey.SERVICE_KIND), "the lease was cancelled on close");
  }

  /** The DJ the directory lists, waiting (bounded) for its first announcement. */
  private static DiscJockey find(MusicDirectory directory) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<ServiceBeacon> djs = directory.services(DiscJockey.SERVICE_KIND);
      if (!djs.isEmpty()) {
        assertEquals(1, djs.size());
        assertEquals("DJ", djs.get(0).name());
        assertTrue(djs.get(0).id().value().startsWith("dj-"), djs.get(0).id().value());
        return (DiscJockey) djs.get(0).service();
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the DJ never announced itself");
  }
}
