package org.jukebox.security;

import static org.jukebox.security.AccessPolicyTest.BOB;
import static org.jukebox.security.AccessPolicyTest.S1;
import static org.jukebox.security.AccessPolicyTest.song;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.security.AccessPolicies.Unlisted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayPerUsePolicyTest {
  private static final Song FREE = song("s:free");

  @TempDir
  Path dir;

  private final AccessPolicyTest.MutableClock clock = new AccessPolicyTest.MutableClock();
  private RoyaltyLedger ledger;

  static JukeboxPrincipal coin(String id) {
    return new JukeboxPrincipal(id, JukeboxPrincipal.Kind.ANONYMOUS, AccessPolicies.COIN_MECHANISM);
  }

  private AccessPolicy policy() throws Exception {
    ledger = RoyaltyLedger.open(dir.resolve("royalties.log"));
    return AccessPolicies.payPerUse(id -> !id.equals(FREE.id()), ledger, clock);
  }

  @AfterEach
  void close() {
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  void aCoinPaysForOnePlayRecordedInTheLedger() throws Exception {
    AccessPolicy p = policy();
    assertTrue(p.check(coin("c-1"), S1).applies());
    assertEquals(1, ledger.plays(S1.id()));
    assertTrue(ledger.isSpent("c-1"));
  }

  @Test
  void theSameCoinCannotPayTwice() throws Exception {
    AccessPolicy p = policy();
    p.check(coin("c-1"), S1);
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> p.check(coin("c-1"), song("s:2")));
    assertEquals("c-1 may not play s:2: coin c-1 has already paid for a play", e.getMessage());
    assertEquals(Map.of(S1.id(), 1L), ledger.totals(), "recorded once per paid play");
  }

  @Test
  void aPrincipalWithoutACoinIsRefusedAndNothingIsRecorded() throws Exception {
    AccessPolicy p = policy();
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> p.check(BOB, S1));
    assertEquals("bob may not play s:1: it costs one coin per play and bob did not pay with a coin", e.getMessage());
    JukeboxPrincipal notACoin = new JukeboxPrincipal("c-2", JukeboxPrincipal.Kind.ANONYMOUS, "anonymous");
    assertThrows(AccessDeniedException.class, () -> p.check(notACoin, S1));
    assertEquals(0, ledger.entries());
  }

  @Test
  void songsThatAreNotPricedAreNotGovernedAndCostNothing() throws Exception {
    AccessPolicy p = policy();
    assertFalse(p.check(coin("c-1"), FREE).applies());
    assertFalse(ledger.isSpent("c-1"));
  }

  @Test
  void aLedgerThatCannotBeWrittenRefusesThePlay() throws Exception {
    AccessPolicy p = policy();
    ledger.close();
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> p.check(coin("c-1"), S1));
    assertEquals("c-1 may not play s:1: the payment could not be recorded", e.getMessage());
  }

  @Test
  void firstMatchChargesOnlyThoseTheAclDoesNotLetIn() throws Exception {
    AccessPolicy friendsFreeOthersPay = AccessPolicies.firstMatch(List.of(
        AccessPolicies.acl(Map.of(S1.id(), Set.of("alice")), Unlisted.DENY), policy()));
    assertTrue(friendsFreeOthersPay.check(AccessPolicyTest.ALICE, S1).applies());
    assertEquals(0, ledger.entries(), "a friend pays nothing");
    assertTrue(friendsFreeOthersPay.check(coin("c-9"), S1).applies());
    assertEquals(1, ledger.plays(S1.id()));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> friendsFreeOthersPay.check(BOB, S1));
    assertEquals("bob may not play s:1: it costs one coin per play and bob did not pay with a coin", e.getMessage());
  }
}
