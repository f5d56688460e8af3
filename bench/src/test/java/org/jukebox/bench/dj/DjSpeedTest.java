package org.jukebox.bench.dj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jukebox.api.Pick;
import org.jukebox.dj.Recommender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DjSpeedTest {
  @Test
  @Timeout(60)
  void aSmallRunTimesEveryCallAndEveryAnswerIsFull() throws Exception {
    DjSpeed.Params p = new DjSpeed.Params(new Shape(200, 2_000, 30_000, 4, 5), Recommender.ITEM_BASED, 50, 10, 5, 1,
        0, 10);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    DjSpeed.Result r = DjSpeed.run(p, out);
    r.print(out);

    assertTrue(r.clean(), text::toString);
    assertEquals(50, r.nextSongs().count());
    assertEquals(50, r.nextSongsCpu().count());
    assertTrue(r.nextSongsCpu().percentile(50) > 0, "a call takes some CPU time");
    assertEquals(50, r.recommend().count());
    assertNotNull(r.mahout());
    assertEquals(5, r.mahout().count());
    assertEquals(50 * 10, r.reasons().values().stream().mapToInt(Integer::intValue).sum());
    assertTrue(r.reasons().getOrDefault(Pick.Reason.FAVOURITE, 0) > 0, r.reasons().toString());
    assertTrue(r.reasons().getOrDefault(Pick.Reason.DISCOVERY, 0) > 0, r.reasons().toString());
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("Mahout / DJ nextSongs"), text::toString);
  }

  @Test
  void percentilesAreNearestRank() {
    Latencies l = new Latencies(new long[] {50, 10, 40, 20, 30, 60, 70, 80, 90, 100});
    assertEquals(50, l.percentile(50));
    assertEquals(90, l.percentile(90));
    assertEquals(100, l.percentile(99));
    assertEquals(10, l.percentile(1));
    assertEquals(100, l.max());
    assertEquals(55.0, l.meanNanos(), 0);
    assertEquals("percentile not in (0, 100]: 0.0",
        assertThrows(IllegalArgumentException.class, () -> l.percentile(0)).getMessage());
  }

  @Test
  void paramsOutOfRangeAreRefused() {
    Shape shape = new Shape(10, 100, 100, 1, 1);
    assertEquals("available > 100: 101", assertThrows(IllegalArgumentException.class,
        () -> new DjSpeed.Params(shape, Recommender.ALS, 1, 0, 0, 0, 101, 10)).getMessage());
    assertEquals("calls < 1: 0", assertThrows(IllegalArgumentException.class,
        () -> new DjSpeed.Params(shape, Recommender.ALS, 0, 0, 0, 0, 0, 10)).getMessage());
  }
}
