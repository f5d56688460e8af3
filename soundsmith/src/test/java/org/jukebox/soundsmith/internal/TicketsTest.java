package org.jukebox.soundsmith.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.SongId;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.soundsmith.MediaSource;
import org.jukebox.soundsmith.internal.TicketBook.Status;
import org.junit.jupiter.api.Test;

class TicketsTest {
  private static final SongId SONG = new SongId("s:1");
  private static final MediaSource SOURCE = MediaSource.ofBytes(new byte[] {1}, "audio/mpeg");

  private Instant now = Instant.parse("2024-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  };
  private final TicketBook book = new TicketBook(clock, Duration.ofSeconds(30));

  @Test
  void tokensAreLongUrlSafeAndDistinct() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String t = book.issue(SONG, SOURCE);
      assertTrue(t.matches("[A-Za-z0-9_-]{32}"), t);
      assertTrue(TicketBook.isWellFormed(t));
      tokens.add(t);
    }
    assertEquals(10_000, tokens.size());
  }

  @Test
  void malformedTokensAreUnknownWithoutALookup() {
    for (String bad : List.of("", "x", "A".repeat(31), "A".repeat(33), "A".repeat(31) + "/", "A".repeat(31) + ".", "A".repeat(31) + "%")) {
      assertFalse(TicketBook.isWellFormed(bad), bad);
      assertEquals(Status.UNKNOWN, book.redeem(bad, true).status());
    }
  }

  @Test
  void ticketIsGoodUntilThirtySecondsAfterIssueThenGoneThenForgotten() {
    String t = book.issue(SONG, SOURCE);
    now = now.plusMillis(29_999);
    assertEquals(Status.VALID, book.redeem(t, false).status());
    now = now.plusMillis(1);
    assertEquals(Status.GONE, book.redeem(t, true).status());
    assertEquals("ticket expired", book.redeem(t, true).reason());
    now = now.plus(TicketBook.DEFAULT_SPENT_MEMORY);
    assertEquals(Status.UNKNOWN, book.redeem(t, true).status());
  }

  @Test
  void consumingRedemptionWinsOnceAmongRacers() throws Exception {
    String t = book.issue(SONG, SOURCE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Status>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return book.redeem(t, true).status();
        }));
      }
      go.countDown();
      int valid = 0;
      for (Future<Status> f : results) {
        if (f.get(10, TimeUnit.SECONDS) == Status.VALID) {
          valid++;
        }
      }
      assertEquals(1, valid);
    } finally {
      pool.shutdownNow();
    }
    assertEquals("ticket already used", book.redeem(t, false).reason());
  }

  @Test
  void spentTicketsArePurgedSoTheyNeverAccumulate() {
    for (int i = 0; i < 1000; i++) {
      book.issue(SONG, SOURCE);
    }
    assertEquals(1000, book.size());
    now = now.plusSeconds(30).plus(TicketBook.DEFAULT_SPENT_MEMORY).minusMillis(1);
    book.issue(SONG, SOURCE);
    assertEquals(1001, book.size(), "not yet forgotten");
    now = now.plusSeconds(1);
    book.issue(SONG, SOURCE);
    assertEquals(2, book.size());
  }

  private static final JukeboxPrincipal ALICE = JukeboxPrincipal.user("alice", "signature");
  private static final JukeboxPrincipal BOB = JukeboxPrincipal.user("bob", "signature");

  private static String changeOneCharacter(String token, int at) {
    char c = token.charAt(at);
    return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }

  @Test
  void tamperedTokenIsUnknownWithoutTouchingTheStore() {
    String t = book.issue(SONG, SOURCE, 0, ALICE, null);
    for (int at = 0; at < TicketBook.TOKEN_LENGTH; at++) {
      String tampered = changeOneCharacter(t, at);
      assertTrue(TicketBook.isWellFormed(tampered));
      assertFalse(book.isGenuine(tampered), "MAC must not verify with character " + at + " changed");
      assertEquals(Status.UNKNOWN, book.redeem(tampered, true, ALICE).status());
    }
    assertEquals(1, book.size());
    assertEquals(Status.VALID, book.redeem(t, true, ALICE).status(), "the real ticket is untouched");
  }

  @Test
  void wellFormedTokensThisBookNeverIssuedAreNotGenuine() {
    TicketBook other = new TicketBook(clock, Duration.ofSeconds(30));
    String foreign = other.issue(SONG, SOURCE);
    assertTrue(other.isGenuine(foreign));
    assertFalse(book.isGenuine(foreign), "another key");
    assertFalse(book.isGenuine("A".repeat(32)));
  }

  @Test
  void ticketRemembersThePrincipalItWasIssuedTo() {
    String t = book.issue(SONG, SOURCE, 0, ALICE, null);
    assertEquals(ALICE, book.redeem(t, false).ticket().principal());
    assertEquals(JukeboxPrincipal.ANONYMOUS, book.redeem(book.issue(SONG, SOURCE), false).ticket().principal());
  }

  @Test
  void otherPrincipalIsForbiddenAndTheTicketStaysUnused() {
    String t = book.issue(SONG, SOURCE, 0, ALICE, null);
    TicketBook.Redemption r = book.redeem(t, true, BOB);
    assertEquals(Status.FORBIDDEN, r.status());
    assertEquals("ticket issued to alice, not to bob", r.reason());
    assertNull(r.ticket());
    assertEquals(Status.VALID, book.redeem(t, true, JukeboxPrincipal.user("alice", "hmac")).status(),
        "the same party by another mechanism");
    assertEquals("ticket issued to alice, not to bob", book.redeem(t, true, BOB).reason(),
        "the other principal learns nothing about the ticket's state");
  }

  @Test
  void requestProvingNobodyRedeemsAsABearer() {
    String t = book.issue(SONG, SOURCE, 0, ALICE, null);
    assertEquals(Status.VALID, book.redeem(t, true, null).status());
  }

  @Test
  void ticketOfAnAnonymousPrincipalBindsNoIdentity() {
    JukeboxPrincipal coin = new JukeboxPrincipal("c-1", JukeboxPrincipal.Kind.ANONYMOUS, "coin");
    String t = book.issue(SONG, SOURCE, 0, coin, null);
    assertEquals(Status.VALID, book.redeem(t, true, BOB).status());
  }

  @Test
  void ticketExpiringUnusedReleasesWhatItHoldsOnce() {
    AtomicInteger released = new AtomicInteger();
    String t = book.issue(SONG, SOURCE, 0, ALICE, released::incrementAndGet);
    now = now.plusMillis(29_999);
    book.releaseExpired();
    assertEquals(0, released.get());
    now = now.plusMillis(1);
    book.releaseExpired();
    book.releaseExpired();
    assertEquals(1, released.get());
    assertEquals(Status.GONE, book.redeem(t, true, ALICE).status());
  }

  @Test
  void issueAndRedemptionSweepExpiredHolds() {
    AtomicInteger released = new AtomicInteger();
    book.issue(SONG, SOURCE, 0, ALICE, released::incrementAndGet);
    now = now.plusSeconds(30);
    book.issue(SONG, SOURCE);
    assertEquals(1, released.get());
    book.issue(SONG, SOURCE, 0, ALICE, released::incrementAndGet);
    now = now.plusSeconds(30);
    book.redeem("A".repeat(32), true);
    assertEquals(2, released.get());
  }

  @Test
  void usedTicketIsReleasedByItsStreamNotByExpiry() {
    AtomicInteger released = new AtomicInteger();
    String t = book.issue(SONG, SOURCE, 0, ALICE, released::incrementAndGet);
    TicketBook.Ticket ticket = book.redeem(t, true, ALICE).ticket();
    now = now.plusSeconds(60);
    book.releaseExpired();
    assertEquals(0, released.get(), "the stream is still running");
    ticket.release();
    ticket.release();
    assertEquals(1, released.get());
  }

  @Test
  void releaseAllGivesBackUnusedTicketsAndMakesThemUnusable() {
    AtomicInteger released = new AtomicInteger();
    String unused = book.issue(SONG, SOURCE, 0, ALICE, released::incrementAndGet);
    String streaming = book.issue(SONG, SOURCE, 0, ALICE, released::incrementAndGet);
    assertEquals(Status.VALID, book.redeem(streaming, true, ALICE).status());
    book.releaseAll();
    assertEquals(1, released.get(), "only the unused one; a stream releases its own");
    assertEquals("ticket already used", book.redeem(unused, true, ALICE).reason());
  }

  @Test
  void aFailingReleaseActionIsNotThrown() {
    String t = book.issue(SONG, SOURCE, 0, ALICE, () -> {
      throw new IllegalStateException("boom");
    });
    book.redeem(t, true, ALICE).ticket().release();
    assertEquals(1, book.size());
  }
}
