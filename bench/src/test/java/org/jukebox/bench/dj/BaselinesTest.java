package org.jukebox.bench.dj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BaselinesTest {
  /** Listeners 0-4 like songs 0-3, listeners 5-9 songs 10-13; listener 10 likes 0 and 1 and skipped 2. */
  private static final int[][] LIKED = {
      {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3}, {0, 1, 2, 3},
      {10, 11, 12, 13}, {10, 11, 12, 13}, {10, 11, 12}, {10, 11, 12}, {10, 11},
      {0, 1}};

  @Test
  void popularityRanksByListenersWhoLikeASongTiesBySongAndSkipsHeardSongs() {
    Popularity p = new Popularity(LIKED.length, 14, u -> LIKED[u]);
    assertEquals(6, p.count(0));
    assertEquals(5, p.count(10));
    assertEquals(5, p.count(2));
    assertArrayEquals(new int[] {0, 1, 2, 3, 10}, p.recommend(0, 5, new int[0]));
    assertArrayEquals(new int[] {2, 3, 10, 11, 12}, p.recommend(10, 5, new int[] {0, 1}));
    assertArrayEquals(new int[] {4, 5, 6}, p.recommend(3, 10,
        new int[] {0, 1, 2, 3, 7, 8, 9, 10, 11, 12, 13}), "never-liked songs come last, by number");
  }

  @Test
  void mahoutRecommendsWhatCoOccursWithTheListenersSongsAndNeverAHeardOne() throws Exception {
    MahoutItemBased m = new MahoutItemBased(LIKED.length, u -> LIKED[u]);
    assertEquals(11, m.users());
    assertEquals(4 * 5 + 4 + 4 + 3 + 3 + 2 + 2, m.pairs());
    // candidates are songs liked by listeners who like 0 or 1: 2 and 3; 2 was heard (skipped)
    assertArrayEquals(new int[] {3}, m.recommend(10, 10, new int[] {0, 1, 2}));
    assertArrayEquals(new int[] {2, 3}, m.recommend(10, 10, new int[] {0, 1}));
    // listener 9 likes 10 and 11: 12 co-occurs with both in 3 listeners, 13 in 2
    assertArrayEquals(new int[] {12, 13}, m.recommend(9, 10, new int[] {10, 11}));
  }

  @Test
  void mahoutGivesNothingForAListenerWithoutPreferences() throws Exception {
    int[][] liked = {{0, 1}, {0, 1}, {}};
    MahoutItemBased m = new MahoutItemBased(3, u -> liked[u]);
    assertEquals(2, m.users());
    assertArrayEquals(new int[0], m.recommend(2, 10, new int[0]));
  }
}
