package org.jukebox.security;

import static org.jukebox.security.AccessPolicyTest.ALICE;
import static org.jukebox.security.AccessPolicyTest.BOB;
import static org.jukebox.security.AccessPolicyTest.S1;
import static org.jukebox.security.AccessPolicyTest.song;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.security.AccessPolicies.Unlisted;
import org.junit.jupiter.api.Test;

class AclPolicyTest {
  private static final Song S2 = song("s:2");
  private static final Map<SongId, Set<String>> LISTS = Map.of(S1.id(), Set.of("alice", "anonymous"));

  @Test
  void listedPrincipalMayPlay() throws Exception {
    assertTrue(AccessPolicies.acl(LISTS, Unlisted.DENY).check(ALICE, S1).applies());
  }

  @Test
  void principalNotOnTheListIsRefusedNamingPrincipalAndSong() {
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> AccessPolicies.acl(LISTS, Unlisted.ALLOW).check(BOB, S1));
    assertEquals("bob may not play s:1: not on the song's access list", e.getMessage());
  }

  @Test
  void anonymousIsNeverOnAListEvenWhenItsNameIs() {
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> AccessPolicies.acl(LISTS, Unlisted.ALLOW).check(JukeboxPrincipal.ANONYMOUS, S1));
    assertEquals("anonymous may not play s:1: not on the song's access list", e.getMessage());
  }

  @Test
  void unlistedSongsFollowTheConfiguredDefault() throws Exception {
    assertTrue(AccessPolicies.acl(LISTS, Unlisted.ALLOW).check(BOB, S2).applies());
    assertFalse(AccessPolicies.acl(LISTS, Unlisted.ABSTAIN).check(BOB, S2).applies());
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> AccessPolicies.acl(LISTS, Unlisted.DENY).check(ALICE, S2));
    assertEquals("alice may not play s:2: the song has no access list", e.getMessage());
  }

  @Test
  void listsAreCopied() throws Exception {
    java.util.Set<String> names = new java.util.HashSet<>(Set.of("alice"));
    java.util.Map<SongId, Set<String>> lists = new java.util.HashMap<>(Map.of(S1.id(), names));
    AccessPolicy p = AccessPolicies.acl(lists, Unlisted.DENY);
    names.add("bob");
    lists.clear();
    assertThrows(AccessDeniedException.class, () -> p.check(BOB, S1));
    assertTrue(p.check(ALICE, S1).applies());
  }
}
