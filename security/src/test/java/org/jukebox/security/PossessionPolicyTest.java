package org.jukebox.security;

import static org.jukebox.security.AccessPolicyTest.ALICE;
import static org.jukebox.security.AccessPolicyTest.BOB;
import static org.jukebox.security.AccessPolicyTest.S1;
import static org.jukebox.security.AccessPolicyTest.song;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.PossessionChallenge;
import org.jukebox.api.Song;
import org.jukebox.security.AccessPolicies.Content;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PossessionPolicyTest {
  private static final Song OPEN = song("s:open");
  private static final byte[] AUDIO = bytes(100_000, 7);

  @TempDir
  Path dir;

  private final AccessPolicyTest.MutableClock clock = new AccessPolicyTest.MutableClock();
  private final AccessPolicies.Possession policy =
      AccessPolicies.possession(Map.of(S1.id(), Content.ofBytes(AUDIO)), clock, Duration.ofSeconds(60));

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void copyrightedSongIsRefusedToWhoeverHasNotShownTheyHoldIt() {
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.check(BOB, S1));
    assertEquals("bob may not play s:1: it is copyrighted and bob has not shown they hold it", e.getMessage());
  }

  @Test
  void anonymousCannotHoldCopyrightedContent() {
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> policy.check(JukeboxPrincipal.ANONYMOUS, S1));
    assertEquals("anonymous may not play s:1: it is copyrighted and only an identified principal can show they hold it",
        e.getMessage());
    AccessDeniedException c = assertThrows(AccessDeniedException.class,
        () -> policy.challenge(JukeboxPrincipal.ANONYMOUS, S1.id()));
    assertEquals("anonymous cannot prove possession: only an identified principal can", c.getMessage());
    assertEquals("anonymous principals cannot hold content", assertThrows(IllegalArgumentException.class,
        () -> policy.recordUpload(JukeboxPrincipal.ANONYMOUS, new byte[32])).getMessage());
  }

  @Test
  void nonCopyrightedSongsAreForAnyone() throws Exception {
    assertFalse(policy.check(JukeboxPrincipal.ANONYMOUS, OPEN).applies(), "not governed");
    assertTrue(AccessPolicies.withDefault(policy, true).check(JukeboxPrincipal.ANONYMOUS, OPEN).applies());
  }

  @Test
  void uploaderHoldsTheContentItUploaded() throws Exception {
    policy.recordUpload(ALICE, MessageDigest.getInstance("SHA-256").digest(AUDIO));
    assertTrue(policy.holds(ALICE, S1.id()));
    assertTrue(policy.check(ALICE, S1).applies());
    assertFalse(policy.holds(BOB, S1.id()));
    policy.recordUpload(BOB, MessageDigest.getInstance("SHA-256").digest(bytes(10, 1)));
    assertThrows(AccessDeniedException.class, () -> policy.check(BOB, S1), "other content proves nothing");
    assertEquals("sha256 is not 32 bytes: 5",
        assertThrows(IllegalArgumentException.class, () -> policy.recordUpload(BOB, new byte[5])).getMessage());
  }

  @Test
  void rightAnswerToAChallengeShowsPossession() throws Exception {
    PossessionChallenge c = policy.challenge(ALICE, S1.id());
    assertEquals(S1.id(), c.song());
    assertEquals(Duration.ofSeconds(60), c.validFor());
    policy.prove(ALICE, c.id(), AccessPolicies.respond(c, Content.ofBytes(AUDIO)));
    assertTrue(policy.check(ALICE, S1).applies());
  }

  @Test
  void challengeAsksForRandomRangesInsideTheContentWithAFreshNonce() throws Exception {
    PossessionChallenge a = policy.challenge(ALICE, S1.id());
    PossessionChallenge b = policy.challenge(ALICE, S1.id());
    assertNotEquals(a.id(), b.id());
    assertFalse(Arrays.equals(a.nonce(), b.nonce()));
    assertNotEquals(a.ranges(), b.ranges());
    assertEquals(4, a.ranges().size());
    for (PossessionChallenge.ByteRange r : a.ranges()) {
      assertEquals(4096, r.length());
      assertTrue(r.offset() + r.length() <= AUDIO.length, r.toString());
    }
  }

  @Test
  void wrongContentFailsAndUsesTheChallengeUp() throws Exception {
    PossessionChallenge c = policy.challenge(BOB, S1.id());
    byte[] wrong = AccessPolicies.respond(c, Content.ofBytes(bytes(AUDIO.length, 8)));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.prove(BOB, c.id(), wrong));
    assertEquals("bob failed the possession challenge for s:1", e.getMessage());
    byte[] right = AccessPolicies.respond(c, Content.ofBytes(AUDIO));
    AccessDeniedException again = assertThrows(AccessDeniedException.class, () -> policy.prove(BOB, c.id(), right));
    assertEquals("no such possession challenge: " + c.id(), again.getMessage());
    assertFalse(policy.holds(BOB, S1.id()));
  }

  @Test
  void answerWithAnotherNonceFails() throws Exception {
    PossessionChallenge c = policy.challenge(BOB, S1.id());
    PossessionChallenge other = policy.challenge(BOB, S1.id());
    byte[] replayed = AccessPolicies.respond(other, Content.ofBytes(AUDIO));
    assertThrows(AccessDeniedException.class, () -> policy.prove(BOB, c.id(), replayed));
  }

  @Test
  void challengeIsSingleUse() throws Exception {
    PossessionChallenge c = policy.challenge(ALICE, S1.id());
    byte[] answer = AccessPolicies.respond(c, Content.ofBytes(AUDIO));
    policy.prove(ALICE, c.id(), answer);
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.prove(ALICE, c.id(), answer));
    assertEquals("no such possession challenge: " + c.id(), e.getMessage());
  }

  @Test
  void expiredChallengeIsRefused() throws Exception {
    PossessionChallenge c = policy.challenge(ALICE, S1.id());
    byte[] answer = AccessPolicies.respond(c, Content.ofBytes(AUDIO));
    clock.advance(Duration.ofSeconds(60));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.prove(ALICE, c.id(), answer));
    assertEquals("possession challenge " + c.id() + " expired", e.getMessage());
    assertFalse(policy.holds(ALICE, S1.id()));
  }

  @Test
  void anotherPrincipalCannotAnswerNorUseUpTheChallenge() throws Exception {
    PossessionChallenge c = policy.challenge(ALICE, S1.id());
    byte[] answer = AccessPolicies.respond(c, Content.ofBytes(AUDIO));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.prove(BOB, c.id(), answer));
    assertEquals("possession challenge " + c.id() + " was issued to alice, not to bob", e.getMessage());
    assertFalse(policy.holds(BOB, S1.id()));
    policy.prove(ALICE, c.id(), answer);
    assertTrue(policy.holds(ALICE, S1.id()));
  }

  @Test
  void challengeForASongThatIsNotCopyrightedIsAMistake() {
    assertEquals("song s:open is not copyrighted here", assertThrows(IllegalArgumentException.class,
        () -> policy.challenge(ALICE, OPEN.id())).getMessage());
  }

  @Test
  void fileContentIsReadByRangeAndASmallFileIsAskedWhole() throws Exception {
    Path file = dir.resolve("song.mp3");
    byte[] small = bytes(1000, 3);
    Files.write(file, small);
    AccessPolicies.Possession p =
        AccessPolicies.possession(Map.of(S1.id(), Content.ofFile(file)), clock, Duration.ofSeconds(5));
    PossessionChallenge c = p.challenge(ALICE, S1.id());
    for (PossessionChallenge.ByteRange r : c.ranges()) {
      assertEquals(new PossessionChallenge.ByteRange(0, 1000), r);
    }
    Path copy = dir.resolve("my-copy.mp3");
    Files.write(copy, small);
    p.prove(ALICE, c.id(), AccessPolicies.respond(c, Content.ofFile(copy)));
    assertTrue(p.check(ALICE, S1).applies());
    assertEquals(java.io.EOFException.class, assertThrows(java.io.IOException.class,
        () -> Content.ofFile(file).read(900, 200)).getClass());
  }

  @Test
  void outstandingChallengesAreBounded() throws Exception {
    for (int i = 0; i < 10_000; i++) {
      policy.challenge(ALICE, S1.id());
    }
    assertEquals("too many outstanding possession challenges",
        assertThrows(IllegalStateException.class, () -> policy.challenge(ALICE, S1.id())).getMessage());
    clock.advance(Duration.ofSeconds(60));
    policy.challenge(ALICE, S1.id());
  }

  @Test
  void emptyContentCannotBeChallengedBecauseTheAnswerWouldProveNothing() {
    AccessPolicies.Possession p =
        AccessPolicies.possession(Map.of(S1.id(), Content.ofBytes(new byte[0])), clock, Duration.ofSeconds(5));
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> p.challenge(ALICE, S1.id()));
    assertEquals("content of song s:1 is empty: nothing to prove", e.getMessage());
  }
}
