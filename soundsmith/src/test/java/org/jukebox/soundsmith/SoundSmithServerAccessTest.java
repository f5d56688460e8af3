package org.jukebox.soundsmith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.StreamTicket;
import org.jukebox.security.AccessPolicies;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.RoyaltyLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access policies and principal-bound tickets, over real RMI and real HTTP on 127.0.0.1. The
 * caller of a remote call and the principal an HTTP request proves come from two hooks; here
 * the test sets the first ({@code Caller.current()} by default, which plain RMI leaves
 * anonymous) and a request header drives the second (HTTPS client certificates, later).
 */
class SoundSmithServerAccessTest {
  private static final int SIZE = 50_000;
  /** The header by which a test request "proves" a principal through the stream hook. */
  private static final String PROVES = "X-Test-Proves";
  private static final JukeboxPrincipal ALICE = JukeboxPrincipal.user("alice", "signature");
  private static final JukeboxPrincipal BOB = JukeboxPrincipal.user("bob", "signature");

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final byte[] audio = StreamingTest.randomBytes(SIZE, 3);
  private final List<AutoCloseable> toClose = new java.util.ArrayList<>();
  private PrincipalSoundSmith server;
  private SoundSmith stub;
  private Song song;

  /** A SoundSmith whose caller the test sets, and whose stream requests prove what a header says. */
  static final class PrincipalSoundSmith extends InMemorySoundSmith {
    volatile JukeboxPrincipal caller = JukeboxPrincipal.ANONYMOUS;
    volatile RuntimeException requesterFailure;

    PrincipalSoundSmith(SoundSmithConfig config) {
      super(config);
    }

    @Override
    protected JukeboxPrincipal caller() {
      return caller;
    }

    @Override
    protected Optional<JukeboxPrincipal> streamRequester(StreamRequest request) {
      if (requesterFailure != null) {
        throw requesterFailure;
      }
      return request.header(PROVES).map(name -> JukeboxPrincipal.user(name, "test"));
    }
  }

  private void start(AccessPolicy policy) throws IOException {
    server = new PrincipalSoundSmith(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice's music")
        .clock(clock).accessPolicy(policy).build());
    song = server.song("a", "Song A", "Artist", "Album", 1, 1, SIZE);
    server.putBytes(song, audio);
    server.start();
    stub = server.stub();
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close();
    }
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private StreamTicket openAs(JukeboxPrincipal who) throws Exception {
    server.caller = who;
    return stub.openStream(song.id());
  }

  private String refusalFor(JukeboxPrincipal who) {
    server.caller = who;
    return assertThrows(AccessDeniedException.class, () -> stub.openStream(song.id())).getMessage();
  }

  private HttpResponse<byte[]> get(URI url, String proves) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).GET();
    if (proves != null) {
      b.header(PROVES, proves);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** Opens the song as {@code who} until the policy allows it or the deadline passes. */
  private StreamTicket openWhenAllowed(JukeboxPrincipal who) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return openAs(who);
      } catch (AccessDeniedException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
    }
  }

  private AccessPolicy band() {
    return AccessPolicies.groupOwnership(Map.of("band", Set.of("alice", "bob")), Map.of(new org.jukebox.api.SongId("alice:a"), "band"));
  }

  @Test
  void withoutAPolicyEveryoneMayPlayAsBefore() throws Exception {
    assertSame(AccessPolicies.allowAll(), SoundSmithConfig.builder(new SoundSmithId("x"), "X").build().accessPolicy());
    start(AccessPolicies.allowAll());
    assertEquals(200, get(openAs(JukeboxPrincipal.ANONYMOUS).url(), null).statusCode());
  }

  @Test
  void policyRefusalReachesTheCallerWithItsExactMessageAndIssuesNoTicket() throws Exception {
    start(AccessPolicies.acl(Map.of(new org.jukebox.api.SongId("alice:a"), Set.of("alice")), AccessPolicies.Unlisted.DENY));
    assertEquals("bob may not play alice:a: not on the song's access list", refusalFor(BOB));
    assertEquals("anonymous may not play alice:a: not on the song's access list",
        refusalFor(JukeboxPrincipal.ANONYMOUS));
    assertEquals(0, server.tickets().size());
    assertEquals(200, get(openAs(ALICE).url(), "alice").statusCode());
  }

  @Test
  void otherPrincipalTicketIsRefused() throws Exception {
    start(AccessPolicies.allowAll());
    StreamTicket alices = openAs(ALICE);
    HttpResponse<byte[]> r = get(alices.url(), "bob");
    assertEquals(403, r.statusCode());
    assertEquals("ticket issued to alice, not to bob\n", body(r));
    HttpResponse<byte[]> own = get(alices.url(), "alice");
    assertEquals(200, own.statusCode(), "bob's attempt did not use the ticket up");
    assertArrayEquals(audio, own.body());
  }

  @Test
  void requestProvingNobodyRedeemsTheTicketAsABearer() throws Exception {
    start(AccessPolicies.allowAll());
    assertEquals(200, get(openAs(ALICE).url(), null).statusCode());
  }

  @Test
  void reusedTicketIsRefused() throws Exception {
    start(AccessPolicies.allowAll());
    StreamTicket t = openAs(ALICE);
    assertEquals(200, get(t.url(), "alice").statusCode());
    HttpResponse<byte[]> again = get(t.url(), "alice");
    assertEquals(410, again.statusCode());
    assertEquals("ticket already used\n", body(again));
  }

  @Test
  void expiredTicketIsRefused() throws Exception {
    start(AccessPolicies.allowAll());
    StreamTicket t = openAs(ALICE);
    clock.advance(Duration.ofSeconds(30));
    HttpResponse<byte[]> r = get(t.url(), "alice");
    assertEquals(410, r.statusCode());
    assertEquals("ticket expired\n", body(r));
  }

  @Test
  void tamperedTicketIsRefusedWithoutTouchingTheStore() throws Exception {
    start(AccessPolicies.allowAll());
    StreamTicket t = openAs(ALICE);
    String url = t.url().toString();
    char last = url.charAt(url.length() - 1);
    URI tampered = URI.create(url.substring(0, url.length() - 1) + (last == 'A' ? 'B' : 'A'));
    HttpResponse<byte[]> r = get(tampered, "alice");
    assertEquals(404, r.statusCode());
    assertEquals("no such ticket\n", body(r));
    assertEquals(1, server.tickets().size());
    assertEquals(200, get(t.url(), "alice").statusCode(), "the real ticket was not used up");
  }

  @Test
  void requesterThatFailsGets403() throws Exception {
    start(AccessPolicies.allowAll());
    StreamTicket t = openAs(ALICE);
    server.requesterFailure = new IllegalStateException("no session");
    HttpResponse<byte[]> r = get(t.url(), null);
    assertEquals(403, r.statusCode());
    assertEquals("cannot establish who is asking\n", body(r));
    server.requesterFailure = null;
    assertEquals(200, get(t.url(), null).statusCode());
  }

  @Test
  void groupLockIsReleasedWhenTheStreamEnds() throws Exception {
    start(band());
    StreamTicket t = openAs(ALICE);
    assertEquals("bob may not play alice:a: it belongs to group band and alice is playing it", refusalFor(BOB));
    HttpResponse<byte[]> r = get(t.url(), "alice");
    assertArrayEquals(audio, r.body());
    // The server releases just after the last byte goes out: poll briefly rather than assume.
    StreamTicket bobs = openWhenAllowed(BOB);
    assertEquals(200, get(bobs.url(), "bob").statusCode());
  }

  @Test
  void groupLockIsReleasedWhenTheTicketExpiresUnused() throws Exception {
    start(band());
    openAs(ALICE);
    clock.advance(Duration.ofSeconds(29));
    assertEquals("bob may not play alice:a: it belongs to group band and alice is playing it", refusalFor(BOB));
    clock.advance(Duration.ofSeconds(1));
    StreamTicket bobs = openAs(BOB);
    assertEquals(200, get(bobs.url(), "bob").statusCode());
  }

  @Test
  void groupLockIsNotReleasedByARefusedOrHeadRequest() throws Exception {
    start(band());
    StreamTicket t = openAs(ALICE);
    assertEquals(403, get(t.url(), "bob").statusCode());
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(t.url()).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding());
    assertEquals(200, head.statusCode());
    assertEquals("bob may not play alice:a: it belongs to group band and alice is playing it", refusalFor(BOB));
  }

  @Test
  void closingTheSoundSmithGivesBackLocksOfUnusedTickets() throws Exception {
    AccessPolicy policy = band();
    start(policy);
    openAs(ALICE);
    server.close();
    assertTrue(policy.check(BOB, song).holdsSomething(), "bob got the lock alice's unused ticket held");
  }

  @Test
  void royaltyIsRecordedOncePerPaidPlayAndSurvivesARestart() throws Exception {
    Path policyFile = dir.resolve("policy.conf");
    Files.writeString(policyFile, "policy = pay\npay.ledger = royalties.log\n");
    AccessPolicy policy = AccessPolicies.load(policyFile, clock);
    start(policy);
    JukeboxPrincipal c1 = coin("c-1");
    assertEquals(200, get(openAs(c1).url(), null).statusCode());
    assertEquals("c-1 may not play alice:a: coin c-1 has already paid for a play", refusalFor(c1));
    openAs(coin("c-2"));
    assertEquals("bob may not play alice:a: it costs one coin per play and bob did not pay with a coin",
        refusalFor(BOB));
    assertEquals(Map.of(song.id(), 2L), AccessPolicies.ledgersIn(policy).get(0).totals());
    server.close();
    policy.close();

    AccessPolicy again = AccessPolicies.load(policyFile, clock);
    toClose.add(again);
    start(again);
    assertEquals("c-2 may not play alice:a: coin c-2 has already paid for a play", refusalFor(coin("c-2")));
    openAs(coin("c-3"));
    assertEquals(3, AccessPolicies.ledgersIn(again).get(0).plays(song.id()));
  }

  @Test
  void aCoinTicketBindsNoIdentity() throws Exception {
    Path ledger = dir.resolve("r.log");
    RoyaltyLedger l = RoyaltyLedger.open(ledger);
    toClose.add(l);
    start(AccessPolicies.payPerUse(id -> true, l, clock));
    assertEquals(200, get(openAs(coin("c-1")).url(), "bob").statusCode());
  }

  @Test
  void twoSoundSmithsRunDifferentPoliciesChosenByConfiguration() throws Exception {
    Path strict = dir.resolve("strict.conf");
    Files.writeString(strict, "policy = acl\nacl.song.alice:a = alice\n");
    AccessPolicy strictPolicy = AccessPolicies.load(strict, clock);
    toClose.add(strictPolicy);
    start(strictPolicy);
    PrincipalSoundSmith open = new PrincipalSoundSmith(SoundSmithConfig.builder(new SoundSmithId("alice"), "Open")
        .clock(clock).build());
    toClose.add(open);
    open.putBytes(song, audio);
    open.start();
    open.caller = BOB;
    assertEquals(200, get(open.stub().openStream(song.id()).url(), "bob").statusCode());
    assertEquals("bob may not play alice:a: not on the song's access list", refusalFor(BOB));
  }

  @Test
  void theDefaultCallerIsTheSecureChannelsCaller() throws Exception {
    InMemorySoundSmith plain = new InMemorySoundSmith(SoundSmithConfig.builder(new SoundSmithId("alice"), "Plain")
        .clock(clock).accessPolicy(AccessPolicies.acl(Map.of(new org.jukebox.api.SongId("alice:a"), Set.of("alice")),
            AccessPolicies.Unlisted.DENY)).build());
    toClose.add(plain);
    song = plain.song("a", "Song A", "Artist", "Album", 1, 1, SIZE);
    plain.putBytes(song, audio);
    plain.start();
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> plain.stub().openStream(song.id()));
    assertEquals("anonymous may not play alice:a: not on the song's access list", e.getMessage(),
        "over plain RMI nobody is proved");
    StreamTicket t = org.jukebox.security.Caller.callAs(ALICE, () -> plain.openStream(song.id()));
    assertEquals(song.id(), t.song());
    assertEquals("bob may not play alice:a: not on the song's access list", assertThrows(AccessDeniedException.class,
        () -> org.jukebox.security.Caller.callAs(BOB, () -> plain.openStream(song.id()))).getMessage());
  }

  private static JukeboxPrincipal coin(String id) {
    return new JukeboxPrincipal(id, JukeboxPrincipal.Kind.ANONYMOUS, AccessPolicies.COIN_MECHANISM);
  }
}
