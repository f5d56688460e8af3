package org.jukebox.soundsmith.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.jukebox.api.SongId;
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
}
