package org.jukebox.bench.dj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jukebox.dj.DjRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DjEvalTest {
  @Test
  @Timeout(60)
  void aSmallRunScoresEveryMethodOnTheSameListenersAndNoneShowsAHeardSong() throws Exception {
    DjEval.Params p = new DjEval.Params(new Shape(300, 2_000, 40_000, 5, 3), 0.2, 5, 0, 10, true, DjRules.defaults());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    DjEval.Result r = DjEval.run(p, out);
    r.print(out);

    assertTrue(r.clean(), text::toString);
    assertEquals(5, r.scores().size());
    assertEquals(r.withRelevant(), r.evaluated(), "--eval-users 0 scores every listener with something relevant");
    assertTrue(r.evaluated() >= 280, "evaluated " + r.evaluated());
    for (DjEval.Score s : r.scores()) {
      assertEquals(r.evaluated(), s.users(), s.method());
      assertEquals(0, s.excludedShown(), s.method());
    }
    double popularity = r.score(DjEval.POPULARITY).ndcg();
    // the planted tastes are there to be learnt: every collaborative method beats popularity
    for (String m : new String[] {DjEval.DJ_ITEM, DjEval.DJ_ALS, DjEval.MAHOUT}) {
      assertTrue(r.score(m).ndcg() > popularity, m + " " + r.score(m).ndcg() + " vs popularity " + popularity);
    }
    // the DJ's own popularity ranks like the bench's (users with a positive preference), up to ties
    assertEquals(popularity, r.score(DjEval.DJ_POPULARITY).ndcg(), 0.01);
    String printed = text.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("Mahout item-based (LLR)") && printed.contains("NDCG@10"), printed);
  }

  @Test
  void aSampleOfListenersIsSeededSortedAndOfTheSizeAsked() {
    History h = History.generate(new Shape(200, 1_000, 20_000, 4, 9));
    HoldOut split = HoldOut.split(h, Events.EVIDENCE, 0.2, 5);
    int[] a = DjEval.evaluatedUsers(split, 50, 9);
    int[] b = DjEval.evaluatedUsers(split, 50, 9);
    assertEquals(50, a.length);
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i - 1] < a[i]);
    }
    for (int u : a) {
      assertTrue(split.heldOut(u) && split.relevant(u).length > 0, "listener " + u);
    }
  }

  @Test
  void standardErrorsAreOfTheMeanAndOfPairedDifferences() {
    // mean 2.5, sample variance 5/3: SE = sqrt(5/3 / 4)
    assertEquals(Math.sqrt(5.0 / 12), DjEval.standardError(new double[] {1, 2, 3, 4}, null), 1e-15);
    // the same shift for every listener: no spread in the differences
    assertEquals(0.0, DjEval.standardError(new double[] {1, 5, 9}, new double[] {0, 4, 8}), 1e-15);
  }

  @Test
  void paramsOutOfRangeAreRefused() {
    Shape shape = new Shape(10, 100, 100, 1, 1);
    assertEquals("holdOut not in (0, 1): 0.0",
        assertThrows(IllegalArgumentException.class, () -> new DjEval.Params(shape, 0, 5, 0, 10, true, DjRules.defaults())).getMessage());
    assertEquals("k < 1: 0",
        assertThrows(IllegalArgumentException.class, () -> new DjEval.Params(shape, 0.2, 5, 0, 0, true, DjRules.defaults())).getMessage());
  }
}
