package org.jukebox.dj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.jukebox.api.EventKind;
import org.jukebox.api.Preference;
import org.jukebox.api.SongId;
import org.junit.jupiter.api.Test;

/** Worked examples of the documented preference rules (docs/DJ.md), with exact numbers. */
class PreferenceRulesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final SongId SONG = new SongId("s1");
  private final DjRules rules = DjRules.defaults();

  @Test
  void defaultWeightsAreTheDocumentedOnes() {
    Duration tenSeconds = Duration.ofSeconds(10);
    Duration twoMinutes = Duration.ofMinutes(2);
    assertEquals(-1.0, rules.weight(EventKind.SKIPPED, 0.05, tenSeconds, 0));
    assertEquals(0.25, rules.weight(EventKind.SKIPPED, 0.80, Duration.ofMinutes(3), 0));
    // 2 minutes into a 10-minute song is past 30 s but before 30 %: still early.
    assertEquals(-1.0, rules.weight(EventKind.SKIPPED, 0.20, twoMinutes, 0));
    // Unknown length: only the 30 s decide.
    assertEquals(-1.0, rules.weight(EventKind.SKIPPED, Double.NaN, tenSeconds, 0));
    assertEquals(0.25, rules.weight(EventKind.SKIPPED, Double.NaN, twoMinutes, 0));
    assertEquals(-0.5, rules.weight(EventKind.FAST_FORWARDED, 0.1, tenSeconds, 0));
    assertEquals(0.0, rules.weight(EventKind.FAST_FORWARDED, 0.9, Duration.ofMinutes(3), 0));
    assertEquals(1.0, rules.weight(EventKind.FINISHED, 1, Duration.ZERO, 0));
    assertEquals(3.0, rules.weight(EventKind.LIKED, 0, Duration.ZERO, 0));
    assertEquals(-3.0, rules.weight(EventKind.DISLIKED, 0, Duration.ZERO, 0));
    assertEquals(-3.0, rules.weight(EventKind.RATED, 0, Duration.ZERO, 1));
    assertEquals(-1.5, rules.weight(EventKind.RATED, 0, Duration.ZERO, 2));
    assertEquals(0.0, rules.weight(EventKind.RATED, 0, Duration.ZERO, 3));
    assertEquals(1.5, rules.weight(EventKind.RATED, 0, Duration.ZERO, 4));
    assertEquals(3.0, rules.weight(EventKind.RATED, 0, Duration.ZERO, 5));
    assertEquals(-2.0, rules.weight(EventKind.REMOVED, 0, Duration.ZERO, 0));
    assertEquals(0.0, rules.weight(EventKind.PAUSED, 0.5, twoMinutes, 0));
    assertEquals(0.0, rules.weight(EventKind.STARTED, 0, Duration.ZERO, 0));
  }

  @Test
  void evidenceAccumulatesAndFadesWithTheHalfLife() {
    MutableClock clock = new MutableClock(T0);
    DjEngine engine = DjEngine.inMemory(rules, clock, Recommender.ITEM_BASED);
    // Day 0: finished twice (+1 +1); day 90: liked (+3). On day 180:
    // (1 + 1) * 2^-2 + 3 * 2^-1 = 0.5 + 1.5 = 2.0.
    engine.load("alice", SONG, EventKind.FINISHED, 1, 0, T0.toEpochMilli());
    engine.load("alice", SONG, EventKind.FINISHED, 1, 0, T0.toEpochMilli());
    engine.load("alice", SONG, EventKind.LIKED, 0, 0, T0.plus(Duration.ofDays(90)).toEpochMilli());
    clock.set(T0.plus(Duration.ofDays(180)));

    Preference p = engine.preference("alice", SONG).orElseThrow();
    assertEquals(2.0, p.score(), 1e-9);
    assertEquals(3, p.evidence());
  }

  @Test
  void eventsReportedLateCountFromTheirOwnTime() {
    MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(90)));
    DjEngine inOrder = DjEngine.inMemory(rules, clock, Recommender.ITEM_BASED);
    DjEngine late = DjEngine.inMemory(rules, clock, Recommender.ITEM_BASED);
    long day0 = T0.toEpochMilli();
    long day90 = T0.plus(Duration.ofDays(90)).toEpochMilli();
    inOrder.load("bob", SONG, EventKind.DISLIKED, 0, 0, day0);
    inOrder.load("bob", SONG, EventKind.RATED, 0, 5, day90);
    late.load("bob", SONG, EventKind.RATED, 0, 5, day90);
    late.load("bob", SONG, EventKind.DISLIKED, 0, 0, day0);

    // -3 * 2^-1 + 3 = 1.5 whichever arrived first.
    assertEquals(1.5, inOrder.preference("bob", SONG).orElseThrow().score(), 1e-9);
    assertEquals(1.5, late.preference("bob", SONG).orElseThrow().score(), 1e-9);
  }

  @Test
  void anEarlySkipOutweighsALateOne() {
    MutableClock clock = new MutableClock(T0);
    DjEngine engine = DjEngine.inMemory(rules, clock, Recommender.ITEM_BASED);
    long now = T0.toEpochMilli();
    // Early skip (-1), two late skips (+0.25 each), a pause (0): -0.5 from 4 events.
    engine.load("carol", SONG, EventKind.SKIPPED, 0.1, 0, now);
    engine.load("carol", SONG, EventKind.SKIPPED, 0.9, 0, now);
    engine.load("carol", SONG, EventKind.SKIPPED, 0.95, 0, now);
    engine.load("carol", SONG, EventKind.PAUSED, 0.5, 0, now);

    Preference p = engine.preference("carol", SONG).orElseThrow();
    assertEquals(-0.5, p.score(), 1e-12);
    assertEquals(4, p.evidence());
  }

  @Test
  void startedAloneIsNoEvidence() {
    DjEngine engine = DjEngine.inMemory(rules, new MutableClock(T0), Recommender.ITEM_BASED);
    engine.load("dave", SONG, EventKind.STARTED, 0, 0, T0.toEpochMilli());
    assertTrue(engine.preference("dave", SONG).isEmpty());
  }

  @Test
  void rulesRefuseNonsenseWithExactMessages() {
    assertEquals("halfLife <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> rules.withHalfLife(Duration.ZERO)).getMessage());
    assertEquals("burst < 1: 0",
        assertThrows(IllegalArgumentException.class, () -> rules.withRateLimit(10, 0)).getMessage());
    assertEquals("favouriteRun + discoveryRun == 0",
        assertThrows(IllegalArgumentException.class, () -> rules.withInterleave(0, 0)).getMessage());
  }
}
