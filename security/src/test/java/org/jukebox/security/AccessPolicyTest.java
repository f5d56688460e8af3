package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.security.AccessPolicy.Grant;
import org.junit.jupiter.api.Test;

/** The grant contract, the constant policies and the combinators. */
class AccessPolicyTest {
  static final JukeboxPrincipal ALICE = JukeboxPrincipal.user("alice", "signature");
  static final JukeboxPrincipal BOB = JukeboxPrincipal.user("bob", "signature");
  static final Song S1 = song("s:1");

  /** A song with the given id; only the id matters to policies. */
  static Song song(String id) {
    return new Song(new SongId(id), "Title " + id, "Artist", "Album", 1, 1, 2024, "Test",
        Duration.ofSeconds(180), 192, 44100, false, 1000, "audio/mpeg");
  }

  /** A clock that moves only when told. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2024-05-01T12:00:00Z");

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  /** A policy with a fixed answer that counts its checks and releases. */
  static final class Scripted implements AccessPolicy {
    final String answer;
    final AtomicInteger checks = new AtomicInteger();
    final AtomicInteger releases = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    Scripted(String answer) {
      this.answer = answer;
    }

    @Override
    public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
      checks.incrementAndGet();
      return switch (answer) {
        case "allow" -> Grant.allow(releases::incrementAndGet);
        case "n/a" -> Grant.notApplicable();
        default -> throw new AccessDeniedException(caller.name() + " may not play " + song.id() + ": " + answer);
      };
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void grantReleasesOnceAndOnlyWhatItHolds() {
    AtomicInteger released = new AtomicInteger();
    Grant g = Grant.allow(released::incrementAndGet);
    assertTrue(g.applies());
    assertTrue(g.holdsSomething());
    g.release();
    g.release();
    assertEquals(1, released.get());
    assertFalse(Grant.allow().holdsSomething());
    assertFalse(Grant.notApplicable().applies());
  }

  @Test
  void aFailingReleaseIsNotThrown() {
    Grant g = Grant.allow(() -> {
      throw new IllegalStateException("boom");
    });
    g.release();
    assertTrue(g.applies());
  }

  @Test
  void combinedGrantReleasesEachPart() {
    AtomicInteger released = new AtomicInteger();
    Grant g = Grant.allOf(List.of(Grant.allow(released::incrementAndGet), Grant.notApplicable(),
        Grant.allow(released::incrementAndGet)));
    assertTrue(g.applies());
    g.release();
    assertEquals(2, released.get());
    assertSame(Grant.notApplicable(), Grant.allOf(List.of(Grant.notApplicable())));
    assertSame(Grant.allow(), Grant.allOf(List.of(Grant.allow(), Grant.notApplicable())));
  }

  @Test
  void allowAllAllowsAnonymousToo() throws Exception {
    assertTrue(AccessPolicies.allowAll().check(JukeboxPrincipal.ANONYMOUS, S1).applies());
  }

  @Test
  void denyAllRefusesWithExactMessage() {
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> AccessPolicies.denyAll().check(BOB, S1));
    assertEquals("bob may not play s:1: this SoundSmith plays nothing", e.getMessage());
  }

  @Test
  void allOfNeedsEveryGoverningMemberAndReleasesEarlierGrantsOnRefusal() throws Exception {
    Scripted a = new Scripted("allow");
    Scripted na = new Scripted("n/a");
    Scripted no = new Scripted("no way");
    Scripted after = new Scripted("allow");
    AccessPolicy p = AccessPolicies.allOf(List.of(a, na, no, after));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> p.check(ALICE, S1));
    assertEquals("alice may not play s:1: no way", e.getMessage());
    assertEquals(1, a.releases.get(), "the grant taken before the refusal is given back");
    assertEquals(0, after.checks.get(), "members after a refusal are not asked");

    Grant g = AccessPolicies.allOf(List.of(a, na)).check(ALICE, S1);
    assertTrue(g.applies());
    g.release();
    assertEquals(2, a.releases.get());
    assertFalse(AccessPolicies.allOf(List.of(na)).check(ALICE, S1).applies());
  }

  @Test
  void firstMatchAllowsWithTheFirstGrantAndAsksNoFurther() throws Exception {
    Scripted no = new Scripted("not first");
    Scripted yes = new Scripted("allow");
    Scripted later = new Scripted("allow");
    Grant g = AccessPolicies.firstMatch(List.of(no, yes, later)).check(ALICE, S1);
    assertTrue(g.applies());
    assertEquals(0, later.checks.get());
    g.release();
    assertEquals(1, yes.releases.get());
  }

  @Test
  void firstMatchThrowsTheLastRefusalWhenNothingGrants() {
    AccessPolicy p = AccessPolicies.firstMatch(List.of(new Scripted("first reason"), new Scripted("n/a"),
        new Scripted("last reason"), new Scripted("n/a")));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> p.check(BOB, S1));
    assertEquals("bob may not play s:1: last reason", e.getMessage());
  }

  @Test
  void firstMatchOfNonGoverningMembersGovernsNothing() throws Exception {
    assertFalse(AccessPolicies.firstMatch(List.of(new Scripted("n/a"))).check(BOB, S1).applies());
  }

  @Test
  void withDefaultDecidesWhatNoPolicyGoverns() throws Exception {
    AccessPolicy na = new Scripted("n/a");
    assertTrue(AccessPolicies.withDefault(na, true).check(BOB, S1).applies());
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> AccessPolicies.withDefault(na, false).check(BOB, S1));
    assertEquals("bob may not play s:1: no policy allows it", e.getMessage());
    Scripted yes = new Scripted("allow");
    Grant g = AccessPolicies.withDefault(yes, false).check(BOB, S1);
    g.release();
    assertEquals(1, yes.releases.get(), "the member's own grant is passed through");
  }

  @Test
  void combinatorsNeedMembersAndCloseThem() {
    assertEquals("allOf needs at least one policy",
        assertThrows(IllegalArgumentException.class, () -> AccessPolicies.allOf(List.of())).getMessage());
    assertEquals("firstMatch needs at least one policy",
        assertThrows(IllegalArgumentException.class, () -> AccessPolicies.firstMatch(new ArrayList<>())).getMessage());
    Scripted a = new Scripted("allow");
    Scripted b = new Scripted("allow");
    AccessPolicies.withDefault(AccessPolicies.allOf(List.of(a, AccessPolicies.firstMatch(List.of(b)))), true).close();
    assertEquals(1, a.closes.get());
    assertEquals(1, b.closes.get());
  }
}
