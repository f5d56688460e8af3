package org.jukebox.security;

import static org.jukebox.security.AccessPolicyTest.ALICE;
import static org.jukebox.security.AccessPolicyTest.BOB;
import static org.jukebox.security.AccessPolicyTest.S1;
import static org.jukebox.security.AccessPolicyTest.song;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.security.AccessPolicy.Grant;
import org.junit.jupiter.api.Test;

class GroupPolicyTest {
  private static final Song S2 = song("s:2");
  private static final Song UNOWNED = song("s:3");
  private final AccessPolicy policy = AccessPolicies.groupOwnership(
      Map.of("band", Set.of("alice", "bob"), "duo", Set.of("carol")),
      Map.of(S1.id(), "band", S2.id(), "band"));

  @Test
  void oneMemberAtATimeUntilTheGrantIsReleased() throws Exception {
    Grant a = policy.check(ALICE, S1);
    assertTrue(a.holdsSomething());
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.check(BOB, S1));
    assertEquals("bob may not play s:1: it belongs to group band and alice is playing it", e.getMessage());
    a.release();
    Grant b = policy.check(BOB, S1);
    assertTrue(b.applies());
    b.release();
  }

  @Test
  void theLockIsPerSong() throws Exception {
    Grant a = policy.check(ALICE, S1);
    Grant b = policy.check(BOB, S2);
    assertTrue(b.applies());
    a.release();
    b.release();
  }

  @Test
  void theHoldingMemberMayOpenItAgainAndTheLockLastsUntilBothAreReleased() throws Exception {
    Grant first = policy.check(ALICE, S1);
    Grant second = policy.check(ALICE, S1);
    first.release();
    first.release();
    assertThrows(AccessDeniedException.class, () -> policy.check(BOB, S1), "released twice counts once");
    second.release();
    policy.check(BOB, S1).release();
  }

  @Test
  void nonMemberIsRefused() {
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> policy.check(JukeboxPrincipal.user("carol", "signature"), S1));
    assertEquals("carol may not play s:1: it belongs to group band and carol is not a member", e.getMessage());
    AccessDeniedException anon = assertThrows(AccessDeniedException.class,
        () -> policy.check(JukeboxPrincipal.ANONYMOUS, S1));
    assertEquals("anonymous may not play s:1: it belongs to group band and anonymous is not a member", anon.getMessage());
  }

  @Test
  void songsOwnedByNoGroupAreNotGoverned() throws Exception {
    assertFalse(policy.check(JukeboxPrincipal.ANONYMOUS, UNOWNED).applies());
  }

  @Test
  void songOfAnUndefinedGroupIsRefusedAtConstruction() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AccessPolicies.groupOwnership(Map.of(), Map.of(S1.id(), "band")));
    assertEquals("song s:1 is owned by undefined group band", e.getMessage());
  }

  @Test
  void concurrentMembersNeverHoldOneSongTogether() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        JukeboxPrincipal who = i % 2 == 0 ? ALICE : BOB;
        results.add(pool.submit(() -> {
          go.await();
          try {
            policy.check(who, S1);
            return who == ALICE;
          } catch (AccessDeniedException e) {
            return null;
          }
        }));
      }
      go.countDown();
      java.util.Set<Boolean> winners = new java.util.HashSet<>();
      for (Future<Boolean> f : results) {
        Boolean w = f.get(10, TimeUnit.SECONDS);
        if (w != null) {
          winners.add(w);
        }
      }
      assertEquals(1, winners.size(), "only one member got the song");
    } finally {
      pool.shutdownNow();
    }
  }
}
