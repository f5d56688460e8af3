package org.jukebox.security;

import static org.jukebox.security.AccessPolicyTest.S1;
import static org.jukebox.security.AccessPolicyTest.song;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.jukebox.api.AccessDeniedException;
import org.junit.jupiter.api.Test;

class DomainPolicyTest {
  private final AccessPolicy policy = AccessPolicies.freeForDomain("cs.example.org", Set.of(S1.id())::contains);

  @Test
  void principalOfTheDomainGetsFreeMusicWhateverTheCase() throws Exception {
    assertTrue(policy.check(JukeboxPrincipal.user("carol@cs.example.org", "signature"), S1).applies());
    assertTrue(policy.check(JukeboxPrincipal.user("dan@CS.Example.ORG", "hmac"), S1).applies());
  }

  @Test
  void principalOfAnotherDomainIsRefused() {
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> policy.check(JukeboxPrincipal.user("bob@other.org", "signature"), S1));
    assertEquals("bob@other.org may not play s:1: free music here is only for domain cs.example.org", e.getMessage());
  }

  @Test
  void subdomainAndNoDomainAreNotTheDomain() {
    assertThrows(AccessDeniedException.class,
        () -> policy.check(JukeboxPrincipal.user("eve@evil.cs.example.org", "signature"), S1));
    AccessDeniedException e = assertThrows(AccessDeniedException.class,
        () -> policy.check(JukeboxPrincipal.user("alice", "signature"), S1));
    assertEquals("alice may not play s:1: free music here is only for domain cs.example.org", e.getMessage());
  }

  @Test
  void anonymousPrincipalsBelongToNoDomainEvenWithAnAtInTheirName() {
    JukeboxPrincipal coin = new JukeboxPrincipal("c0ffee@cs.example.org", JukeboxPrincipal.Kind.ANONYMOUS, "coin");
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> policy.check(coin, S1));
    assertEquals("c0ffee@cs.example.org may not play s:1: free music here is only for domain cs.example.org",
        e.getMessage());
  }

  @Test
  void songsThatAreNotFreeAreNotGoverned() throws Exception {
    assertFalse(policy.check(JukeboxPrincipal.user("bob@other.org", "signature"), song("s:2")).applies());
  }

  @Test
  void blankDomainIsRefused() {
    assertEquals("domain is blank", assertThrows(IllegalArgumentException.class,
        () -> AccessPolicies.freeForDomain(" ", id -> true)).getMessage());
  }
}
