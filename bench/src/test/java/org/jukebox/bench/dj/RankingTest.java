package org.jukebox.bench.dj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RankingTest {
  private static final double EXACT = 1e-15;

  @Test
  void precisionCountsHitsAmongTheFirstKOverK() {
    int[] recommended = {5, 1, 9, 2};
    int[] relevant = {1, 2, 3};
    assertEquals(0.5, Ranking.precisionAt(4, recommended, relevant), EXACT);
    assertEquals(0.5, Ranking.precisionAt(2, recommended, relevant), EXACT);
    assertEquals(0.0, Ranking.precisionAt(1, recommended, relevant), EXACT);
  }

  @Test
  void aShortListCountsItsMissingPlacesAsMisses() {
    assertEquals(0.1, Ranking.precisionAt(10, new int[] {4, 2}, new int[] {2}), EXACT);
  }

  @Test
  void ndcgIsDcgOverTheIdealDcgWithLogTwoDiscounts() {
    // hits at places 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal with 3 relevant: 1 + 1/log2(3) + 1/log2(4)
    assertEquals(0.49818925746641285, Ranking.ndcgAt(4, new int[] {5, 1, 9, 2}, new int[] {1, 2, 3}), 1e-15);
  }

  @Test
  void aPerfectListScoresOneAndAListWithoutHitsZero() {
    assertEquals(1.0, Ranking.ndcgAt(10, new int[] {3, 1, 2, 8}, new int[] {1, 2, 3}), EXACT);
    assertEquals(0.0, Ranking.ndcgAt(10, new int[] {4, 5, 6}, new int[] {1, 2, 3}), EXACT);
  }

  @Test
  void aRepeatedItemCountsOnceAtItsFirstPlace() {
    int[] recommended = {7, 3, 3, 8, 1};
    int[] relevant = {1, 3};
    // k = 3: only the 3 at place 2 counts
    assertEquals(0.38685280723454163, Ranking.ndcgAt(3, recommended, relevant), 1e-15);
    assertEquals(1 / 3.0, Ranking.precisionAt(3, recommended, relevant), EXACT);
    // k = 5: the 3 at place 2 and the 1 at place 5
    assertEquals(0.6240505200038379, Ranking.ndcgAt(5, recommended, relevant), 1e-15);
    assertEquals(2, Ranking.hitsAt(5, recommended, relevant));
  }

  @Test
  void nothingRelevantScoresZero() {
    assertEquals(0.0, Ranking.ndcgAt(10, new int[] {1, 2}, new int[0]), EXACT);
    assertEquals(0.0, Ranking.precisionAt(10, new int[] {1, 2}, new int[0]), EXACT);
  }

  @Test
  void kBelowOneIsRefused() {
    assertEquals("k < 1: 0",
        assertThrows(IllegalArgumentException.class, () -> Ranking.ndcgAt(0, new int[] {1}, new int[] {1})).getMessage());
    assertEquals("k < 1: -2",
        assertThrows(IllegalArgumentException.class, () -> Ranking.precisionAt(-2, new int[] {1}, new int[] {1}))
            .getMessage());
  }
}
