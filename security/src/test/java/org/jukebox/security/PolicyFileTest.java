package org.jukebox.security;

import static org.jukebox.security.AccessPolicyTest.ALICE;
import static org.jukebox.security.AccessPolicyTest.BOB;
import static org.jukebox.security.AccessPolicyTest.song;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.PossessionChallenge;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.security.AccessPolicy.Grant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text configuration a SoundSmith's {@code --policy FILE} names. */
class PolicyFileTest {
  private static final Song A1 = song("alice:1");
  private static final Song A2 = song("alice:2");

  @TempDir
  Path dir;

  private final AccessPolicyTest.MutableClock clock = new AccessPolicyTest.MutableClock();

  private AccessPolicy parse(String text) throws Exception {
    return AccessPolicies.parse(text, dir, clock);
  }

  private String refusal(AccessPolicy p, JukeboxPrincipal who, Song song) {
    return assertThrows(AccessDeniedException.class, () -> p.check(who, song)).getMessage();
  }

  private String mistake(String text) {
    return assertThrows(IllegalArgumentException.class, () -> parse(text)).getMessage();
  }

  @Test
  void aclKeysCarrySongIdsWithColons() throws Exception {
    AccessPolicy p = parse("""
        # friends only
        policy = acl
        acl.song.alice:1 = alice, bob
        """);
    assertTrue(p.check(BOB, A1).applies());
    assertEquals("carol may not play alice:1: not on the song's access list",
        refusal(p, JukeboxPrincipal.user("carol", "hmac"), A1));
    assertEquals("bob may not play alice:2: the song has no access list", refusal(p, BOB, A2));
  }

  @Test
  void unlistedSongsCanBeLeftToTheDefault() throws Exception {
    AccessPolicy open = parse("policy = acl\nacl.unlisted = abstain\nacl.song.alice:1 = alice\n");
    assertTrue(open.check(BOB, A2).applies());
    AccessPolicy closed = parse("policy = acl\nacl.unlisted = abstain\notherwise = deny\nacl.song.alice:1 = alice\n");
    assertEquals("bob may not play alice:2: no policy allows it", refusal(closed, BOB, A2));
  }

  @Test
  void freeForTheDomainElsePayRecordsRoyaltiesInALedgerBesideTheFile() throws Exception {
    Path file = dir.resolve("policy.conf");
    Files.writeString(file, """
        policy = free-or-pay
        free-or-pay.type = first-match
        free-or-pay.of = free, pay
        free.type = domain
        free.domain = cs.example.org
        pay.ledger = royalties.log
        """);
    try (AccessPolicy p = AccessPolicies.load(file, clock)) {
      assertTrue(p.check(JukeboxPrincipal.user("carol@cs.example.org", "signature"), A1).applies());
      assertTrue(p.check(PayPerUsePolicyTest.coin("c-1"), A1).applies());
      assertEquals("bob may not play alice:1: it costs one coin per play and bob did not pay with a coin",
          refusal(p, BOB, A1));
    }
    try (RoyaltyLedger ledger = RoyaltyLedger.open(dir.resolve("royalties.log"))) {
      assertEquals(1, ledger.plays(A1.id()), "only the coin paid; the ledger was closed with the policy");
    }
  }

  @Test
  void groupOwnershipFromText() throws Exception {
    AccessPolicy p = parse("""
        policy = group
        group.group.band = alice, bob
        group.song.alice:1 = band
        """);
    Grant g = p.check(ALICE, A1);
    assertEquals("bob may not play alice:1: it belongs to group band and alice is playing it", refusal(p, BOB, A1));
    g.release();
    assertTrue(p.check(BOB, A1).applies());
    assertTrue(p.check(BOB, A2).applies(), "songs of no group are open by default");
  }

  @Test
  void possessionFromTextReadsTheSongFileRelativeToThePolicy() throws Exception {
    byte[] audio = PossessionPolicyTest.bytes(20_000, 4);
    Files.createDirectories(dir.resolve("music"));
    Files.write(dir.resolve("music/one.mp3"), audio);
    AccessPolicy p = parse("""
        policy = all
        all.type = all-of
        all.of = copyright
        copyright.type = possession
        copyright.song.alice:1 = music/one.mp3
        copyright.challenge-seconds = 30
        """);
    assertEquals("bob may not play alice:1: it is copyrighted and bob has not shown they hold it", refusal(p, BOB, A1));
    assertTrue(p.check(BOB, A2).applies(), "not copyrighted: for anyone");
  }

  @Test
  void thePossessionPolicyOfALoadedFileIsReachableForChallengesAndUploads() throws Exception {
    byte[] audio = PossessionPolicyTest.bytes(20_000, 5);
    Files.write(dir.resolve("one.mp3"), audio);
    AccessPolicy p = parse("""
        policy = all
        all.type = all-of
        all.of = friends, copyright
        friends.type = acl
        friends.unlisted = allow
        copyright.type = possession
        copyright.song.alice:1 = one.mp3
        """);
    AccessPolicies.Possession possession = AccessPolicies.possessionIn(p).orElseThrow();
    PossessionChallenge c = possession.challenge(BOB, A1.id());
    possession.prove(BOB, c.id(), AccessPolicies.respond(c, AccessPolicies.Content.ofFile(dir.resolve("one.mp3"))));
    assertTrue(p.check(BOB, A1).applies());
    possession.recordUpload(ALICE, MessageDigest.getInstance("SHA-256").digest(audio));
    assertTrue(p.check(ALICE, A1).applies());
    assertTrue(AccessPolicies.possessionIn(AccessPolicies.allowAll()).isEmpty());
  }

  @Test
  void theLedgersOfALoadedPolicyAreReachableForReports() throws Exception {
    try (AccessPolicy p = parse("policy = pay\npay.ledger = r.log\n")) {
      p.check(PayPerUsePolicyTest.coin("c-1"), A1);
      java.util.List<RoyaltyLedger> ledgers = AccessPolicies.ledgersIn(p);
      assertEquals(1, ledgers.size());
      assertEquals(1, ledgers.get(0).plays(A1.id()));
      assertEquals(dir.resolve("r.log").toAbsolutePath(), ledgers.get(0).file());
    }
  }

  @Test
  void everyMistakeIsNamed() throws Exception {
    assertEquals("policy file line 2: expected KEY = VALUE: oops", mistake("policy = allow\noops\n"));
    assertEquals("policy file line 2: duplicate key policy", mistake("policy = allow\npolicy = deny\n"));
    assertEquals("policy file: no policy key (policy = NAME)", mistake("# nothing\n"));
    assertEquals("policy file: otherwise must be allow or deny: maybe", mistake("policy = allow\notherwise = maybe\n"));
    assertEquals("policy x: unknown type acls (one of allow, deny, acl, possession, domain, group, pay, all-of,"
        + " first-match)", mistake("policy = x\nx.type = acls\n"));
    assertEquals("policy friends has no type (add friends.type = one of allow, deny, acl, possession, domain, group,"
        + " pay, all-of, first-match)", mistake("policy = friends\n"));
    assertEquals("policy domain: missing domain.domain", mistake("policy = domain\n"));
    assertEquals("policy pay: missing pay.ledger", mistake("policy = pay\n"));
    assertEquals("policy any: missing any.of", mistake("policy = any\nany.type = first-match\n"));
    assertEquals("policy file: unused key acl.sogn.alice:1 (misspelt, or its policy is not reachable from policy = acl)",
        mistake("policy = acl\nacl.sogn.alice:1 = bob\n"));
    assertEquals("policy a refers to itself: a -> b -> a",
        mistake("policy = a\na.type = all-of\na.of = b\nb.type = first-match\nb.of = allow, a\n"));
    assertEquals("policy acl: song id has illegal character '/': alice/1", mistake("policy = acl\nacl.song.alice/1 = bob\n"));
    assertEquals("policy acl: acl.unlisted must be allow, deny or abstain: sometimes",
        mistake("policy = acl\nacl.unlisted = sometimes\n"));
    assertEquals("policy group: song alice:1 is owned by undefined group band",
        mistake("policy = group\ngroup.song.alice:1 = band\n"));
    assertEquals("policy possession: file of song alice:1 not found: " + dir.resolve("gone.mp3"),
        mistake("policy = possession\npossession.song.alice:1 = gone.mp3\n"));
    assertEquals("policy possession: possession.challenge-seconds must be a positive number of seconds: 0",
        mistake("policy = possession\npossession.challenge-seconds = 0\n"));
    assertEquals("policy name must be 1 to 64 of [A-Za-z0-9_-], not policy or otherwise: a.b",
        mistake("policy = a.b\n"));
  }

  @Test
  void aMistakeAfterALedgerWasOpenedClosesIt() throws Exception {
    mistake("policy = pay\npay.ledger = r.log\npay.typo = 1\n");
    RoyaltyLedger.open(dir.resolve("r.log")).close();
  }

  @Test
  void policiesNamingOneLedgerShareIt() throws Exception {
    try (AccessPolicy p = parse("""
        policy = either
        either.type = first-match
        either.of = pay-one, pay-two
        pay-one.type = pay
        pay-one.ledger = r.log
        pay-one.songs = alice:1
        pay-two.type = pay
        pay-two.ledger = ./r.log
        pay-two.songs = alice:2
        """)) {
      assertTrue(p.check(PayPerUsePolicyTest.coin("c-1"), A1).applies());
      assertEquals("c-1 may not play alice:2: coin c-1 has already paid for a play",
          refusal(p, PayPerUsePolicyTest.coin("c-1"), A2), "one ledger: a coin pays once across both");
      assertTrue(p.check(BOB, song("alice:3")).applies(), "alice:3 is not priced");
    }
    try (RoyaltyLedger ledger = RoyaltyLedger.open(dir.resolve("r.log"))) {
      assertEquals(java.util.Map.of(new SongId("alice:1"), 1L), ledger.totals());
    }
  }
}
