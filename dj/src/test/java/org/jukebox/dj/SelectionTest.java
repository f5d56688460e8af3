package org.jukebox.dj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.jukebox.api.EventKind;
import org.jukebox.api.Pick;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How nextSongs and recommend choose, on small planted tastes. */
class SelectionTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private final MutableClock clock = new MutableClock(T0);

  private static SongId s(String id) {
    return new SongId(id);
  }

  private static List<SongId> songs(String prefix, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> s(prefix + i)).toList();
  }

  private void like(DjEngine e, String user, SongId song) {
    e.load(user, song, EventKind.FINISHED, 1, 0, clock.millis() - 3_600_000L * 24);
  }

  /** Ten rock fans like rock1..rock10, ten jazz fans jazz1..jazz10. */
  private DjEngine planted(Recommender kind) {
    DjEngine e = DjEngine.inMemory(DjRules.defaults(), clock, kind, new Random(7));
    for (int u = 0; u < 10; u++) {
      for (SongId r : songs("rock", 10)) {
        like(e, "rocker" + u, r);
      }
      for (SongId j : songs("jazz", 10)) {
        like(e, "jazzer" + u, j);
      }
    }
    return e;
  }

  @ParameterizedTest
  @EnumSource(value = Recommender.class, names = {"ITEM_BASED", "ALS"})
  void discoveriesComeFromSimilarListenersAndSayWhy(Recommender kind) {
    DjEngine e = planted(kind);
    for (SongId r : songs("rock", 3)) {
      like(e, "newbie", r);
    }
    e.retrain();

    List<Pick> recs = e.recommend("newbie", 5, Set.of());
    assertEquals(5, recs.size());
    for (Pick p : recs) {
      assertTrue(p.song().value().startsWith("rock"), recs.toString());
      assertFalse(Set.of(s("rock1"), s("rock2"), s("rock3")).contains(p.song()), recs.toString());
      assertEquals(Pick.Reason.DISCOVERY, p.reason());
      assertFalse(p.because().isEmpty(), recs.toString());
      assertTrue(List.of(s("rock1"), s("rock2"), s("rock3")).containsAll(p.because()), recs.toString());
    }
  }

  @Test
  void itemBasedScoresAreSumsOfBinaryCosinesWithTheLikedSongs() {
    DjEngine e = DjEngine.inMemory(DjRules.defaults(), clock, Recommender.ITEM_BASED, new Random(7));
    long t = clock.millis();
    // u1 likes a (strongly) and b; u2 likes a, b and c; u3 likes c; new likes a. How much does
    // not matter: a's column {u1, u2, new}, b's {u1, u2}, c's {u2, u3}:
    // cos(a,b) = 2 / (sqrt 3 * sqrt 2) = 0.8165, cos(a,c) = 1 / (sqrt 3 * sqrt 2) = 0.4082.
    e.load("u1", s("a"), EventKind.LIKED, 0, 0, t);
    e.load("u1", s("a"), EventKind.RATED, 0, 5, t);
    e.load("u1", s("b"), EventKind.FINISHED, 1, 0, t);
    for (String song : List.of("a", "b", "c")) {
      e.load("u2", s(song), EventKind.FINISHED, 1, 0, t);
    }
    e.load("u3", s("c"), EventKind.LIKED, 0, 0, t);
    e.load("new", s("a"), EventKind.FINISHED, 1, 0, t);
    e.retrain();

    List<Pick> recs = e.recommend("new", 5, Set.of());
    assertEquals(List.of(s("b"), s("c")), recs.stream().map(Pick::song).toList());
    assertEquals(2 / Math.sqrt(6), recs.get(0).score(), 1e-6);
    assertEquals(1 / Math.sqrt(6), recs.get(1).score(), 1e-6);
    assertEquals(List.of(s("a")), recs.get(0).because());
  }

  @Test
  void favouritesAndDiscoveriesInterleaveThreeToTwo() {
    DjEngine e = planted(Recommender.ITEM_BASED);
    for (SongId r : songs("rock", 5)) {
      like(e, "newbie", r);
    }
    e.retrain();
    List<SongId> available = new ArrayList<>(songs("rock", 10));
    available.addAll(songs("jazz", 10));

    List<Pick> picks = e.nextSongs("newbie", Taste.own(), available, 10);
    List<Pick.Reason> reasons = picks.stream().map(Pick::reason).toList();
    assertEquals(List.of(Pick.Reason.FAVOURITE, Pick.Reason.FAVOURITE, Pick.Reason.FAVOURITE,
        Pick.Reason.DISCOVERY, Pick.Reason.DISCOVERY, Pick.Reason.FAVOURITE, Pick.Reason.FAVOURITE,
        Pick.Reason.DISCOVERY, Pick.Reason.DISCOVERY, Pick.Reason.DISCOVERY), reasons);
    assertTrue(picks.stream().allMatch(p -> p.song().value().startsWith("rock")), picks.toString());
  }

  @Test
  void aNewListenerGetsPopularSongsThenSeededRandomOnes() {
    DjEngine e = DjEngine.inMemory(DjRules.defaults(), clock, Recommender.ITEM_BASED, new Random(3));
    like(e, "a", s("hit"));
    like(e, "b", s("hit"));
    like(e, "b", s("minor"));
    List<SongId> available = List.of(s("x1"), s("minor"), s("x2"), s("hit"), s("x3"));

    List<Pick> picks = e.nextSongs("stranger", Taste.own(), available, 4);
    assertEquals(List.of(s("hit"), s("minor")), picks.subList(0, 2).stream().map(Pick::song).toList());
    assertEquals(List.of(Pick.Reason.POPULAR, Pick.Reason.POPULAR, Pick.Reason.RANDOM, Pick.Reason.RANDOM),
        picks.stream().map(Pick::reason).toList());
    DjEngine same = DjEngine.inMemory(DjRules.defaults(), clock, Recommender.ITEM_BASED, new Random(3));
    like(same, "a", s("hit"));
    like(same, "b", s("hit"));
    like(same, "b", s("minor"));
    assertEquals(picks, same.nextSongs("stranger", Taste.own(), available, 4));
  }

  @Test
  void recentlyStartedAndDislikedSongsAreNeverPicked() {
    DjEngine e = DjEngine.inMemory(DjRules.defaults().withRecent(Duration.ofHours(2), 50), clock,
        Recommender.ITEM_BASED, new Random(1));
    like(e, "u", s("a"));
    like(e, "u", s("b"));
    e.load("u", s("c"), EventKind.DISLIKED, 0, 0, clock.millis());
    e.load("u", s("a"), EventKind.STARTED, 0, 0, clock.millis() - Duration.ofMinutes(30).toMillis());
    e.load("u", s("b"), EventKind.STARTED, 0, 0, clock.millis() - Duration.ofHours(3).toMillis());
    List<SongId> available = List.of(s("a"), s("b"), s("c"), s("d"));

    List<Pick> picks = e.nextSongs("u", Taste.own(), available, 10);
    // a was started 30 min ago; c is disliked; b (3 h ago) is a favourite again; d is random.
    assertEquals(List.of(s("b"), s("d")), picks.stream().map(Pick::song).toList());
  }

  @Test
  void anUnknownSongInTheAvailableListCanStillBePickedAtRandom() {
    DjEngine e = DjEngine.inMemory(DjRules.defaults(), clock, Recommender.ITEM_BASED, new Random(1));
    List<Pick> picks = e.nextSongs("u", Taste.own(), List.of(s("new"), s("new")), 5);
    assertEquals(List.of(new Pick(s("new"), 0, Pick.Reason.RANDOM, List.of())), picks);
  }

  @Test
  void blendsCombineProfilesAsSelected() {
    DjEngine e = DjEngine.inMemory(DjRules.defaults(), clock, Recommender.ITEM_BASED, new Random(1));
    long t = clock.millis();
    // both like "shared" (alice strongly); only alice likes "mine"; bob dislikes "mine2".
    e.load("alice", s("shared"), EventKind.LIKED, 0, 0, t);
    e.load("bob", s("shared"), EventKind.FINISHED, 1, 0, t);
    e.load("alice", s("mine"), EventKind.LIKED, 0, 0, t);
    e.load("alice", s("mine2"), EventKind.LIKED, 0, 0, t);
    e.load("bob", s("mine2"), EventKind.SKIPPED, 0.05, 0, t);
    e.load("bob", s("his"), EventKind.FINISHED, 1, 0, t);
    List<SongId> available = List.of(s("shared"), s("mine"), s("mine2"), s("his"));
    List<String> both = List.of("alice", "bob");

    List<Pick> all = e.nextSongs("carol", Taste.blend(Taste.Blend.ALL_LIKE, both), available, 1);
    assertEquals(new Pick(s("shared"), 2.0, Pick.Reason.FAVOURITE, List.of()), all.get(0));
    List<Pick> least = e.nextSongs("carol", Taste.blend(Taste.Blend.LEAST_MISERY, both), available, 1);
    assertEquals(new Pick(s("shared"), 1.0, Pick.Reason.FAVOURITE, List.of()), least.get(0));
    List<Pick> average = e.nextSongs("carol", Taste.blend(Taste.Blend.AVERAGE, both), available, 3);
    // means: shared (3+1)/2 = 2, mine 3/2 = 1.5, his 1/2 = 0.5, mine2 (3-1)/2 = 1.
    assertEquals(List.of(s("shared"), s("mine"), s("mine2")), average.stream().map(Pick::song).toList());
    assertEquals(List.of(2.0, 1.5, 1.0), average.stream().map(Pick::score).toList());
    // Least misery never plays a song bob skipped early, even when asked for more.
    List<Pick> leastAll = e.nextSongs("carol", Taste.blend(Taste.Blend.LEAST_MISERY, both), available, 4);
    assertFalse(leastAll.stream().anyMatch(p -> p.song().equals(s("mine2"))), leastAll.toString());
  }
}
