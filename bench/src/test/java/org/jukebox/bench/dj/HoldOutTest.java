package org.jukebox.bench.dj;

import static org.jukebox.api.EventKind.DISLIKED;
import static org.jukebox.api.EventKind.FINISHED;
import static org.jukebox.api.EventKind.LIKED;
import static org.jukebox.api.EventKind.SKIPPED;
import static org.jukebox.api.EventKind.STARTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HoldOutTest {
  private static final int LEN = 200_000;

  /** Three listeners; see each block. Songs are 200 s long. */
  private static History handMade() {
    return new Events(3, 12, LEN)
        // listener 0: six positives (s1 F, s3 F, s3 like, s4 F, s5 F, s2 F); 34 % held out = the last two,
        // so the split is the start of the s5 play
        .add(0, 1, STARTED, 0, 1_000).add(0, 1, FINISHED, LEN, 201_000)
        .add(0, 2, STARTED, 0, 300_000).add(0, 2, SKIPPED, 20_000, 320_000)
        .add(0, 3, STARTED, 0, 400_000).add(0, 3, FINISHED, LEN, 600_000).add(0, 3, LIKED, 0, 601_000)
        .add(0, 4, STARTED, 0, 700_000).add(0, 4, FINISHED, LEN, 900_000)
        .add(0, 5, STARTED, 0, 1_000_000).add(0, 5, FINISHED, LEN, 1_200_000)
        .add(0, 2, STARTED, 0, 1_300_000).add(0, 2, FINISHED, LEN, 1_500_000)
        .add(0, 6, STARTED, 0, 1_600_000).add(0, 6, SKIPPED, 20_000, 1_620_000)
        // listener 1: one positive only: all in training, not evaluated
        .add(1, 7, STARTED, 0, 50_000).add(1, 7, FINISHED, LEN, 250_000)
        .add(1, 8, STARTED, 0, 260_000).add(1, 8, SKIPPED, 10_000, 270_000)
        // listener 2: four positives (a late skip of s9 counts, s10 F, s11 F, s11 rated 5): the last is held out
        .add(2, 9, STARTED, 0, 100_000).add(2, 9, SKIPPED, 150_000, 250_000)
        .add(2, 10, STARTED, 0, 2_000_000).add(2, 10, FINISHED, LEN, 2_200_000).add(2, 10, DISLIKED, 0, 2_201_000)
        .add(2, 11, STARTED, 0, 2_300_000).add(2, 11, FINISHED, LEN, 2_500_000).rated(2, 11, 5, 2_502_000)
        .history();
  }

  @Test
  void theLastFractionOfPositivesIsHeldOutFromTheStartOfItsPlay() {
    HoldOut split = HoldOut.split(handMade(), Events.EVIDENCE, 0.34, 2);

    assertEquals(1_000_000, split.split[0]);
    assertArrayEquals(new int[] {1, 2, 3, 4}, split.heard(0));
    assertArrayEquals(new int[] {1, 3, 4}, split.liked(0), "s2 was skipped early in training");
    assertArrayEquals(new int[] {5}, split.relevant(0), "s2 was heard in training, s6 skipped");

    assertEquals(HoldOut.NEVER, split.split[1]);
    assertFalse(split.heldOut(1));
    assertArrayEquals(new int[] {7, 8}, split.heard(1));
    assertArrayEquals(new int[] {7}, split.liked(1));
    assertArrayEquals(new int[0], split.relevant(1));

    assertEquals(2_300_000, split.split[2]);
    assertArrayEquals(new int[] {9, 10}, split.heard(2));
    assertArrayEquals(new int[] {9}, split.liked(2), "a late skip is positive, a finish then a dislike is not");
    assertArrayEquals(new int[] {11}, split.relevant(2));

    assertEquals(9 + 4 + 5, split.trainingEvents());
    assertEquals(3 + 1 + 1, split.likedPairs());
  }

  @Test
  void noTrainingEventIsAtOrAfterItsListenersSplitAndNothingRelevantWasHeard() {
    History h = History.generate(new Shape(300, 2_000, 60_000, 6, 7));
    HoldOut split = HoldOut.split(h, Events.EVIDENCE, 0.2, 5);
    int training = 0;
    int heldOut = 0;
    for (int i = 0; i < h.size(); i++) {
      boolean before = h.time[i] < split.split[h.user[i]];
      assertEquals(before, split.isTraining(i));
      if (before) {
        training++;
        assertTrue(Arrays.binarySearch(split.heard(h.user[i]), h.song[i]) >= 0, "event " + i + " not heard");
      }
    }
    assertEquals(training, split.trainingEvents());
    for (int u = 0; u < 300; u++) {
      int[] heard = split.heard(u);
      for (int s : split.relevant(u)) {
        assertTrue(Arrays.binarySearch(heard, s) < 0, "leak: listener " + u + " heard relevant song " + s);
      }
      for (int s : split.liked(u)) {
        assertTrue(Arrays.binarySearch(heard, s) >= 0, "listener " + u + " likes unheard " + s);
      }
      if (split.heldOut(u)) {
        heldOut++;
        // the play that holds the first held-out positive starts exactly at the split
        int startsAtSplit = 0;
        for (int k = h.userStart[u]; k < h.userStart[u + 1]; k++) {
          int i = h.userEvents[k];
          if (h.time[i] == split.split[u] && h.kind(i) == STARTED) {
            startsAtSplit++;
          }
        }
        assertEquals(1, startsAtSplit, "listener " + u);
      } else {
        assertEquals(0, split.relevant(u).length);
      }
    }
    assertTrue(heldOut >= 290, "held out: " + heldOut);
    assertTrue(training < h.size() && training > h.size() / 2, "training: " + training);
  }

  @Test
  void badFractionsAreRefused() {
    History h = handMade();
    assertEquals("fraction not in (0, 1): 1.0",
        assertThrows(IllegalArgumentException.class, () -> HoldOut.split(h, Events.EVIDENCE, 1.0, 2)).getMessage());
    assertEquals("minPositives < 2: 1",
        assertThrows(IllegalArgumentException.class, () -> HoldOut.split(h, Events.EVIDENCE, 0.2, 1)).getMessage());
  }
}
