package org.jukebox.bench.dj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DjIngestTest {
  @Test
  @Timeout(120)
  void reportsOverSecureRmiFromTwoUsersAreAllReplayedAfterARestart() throws Exception {
    DjIngest.Params p = new DjIngest.Params(new int[] {7, 100}, 2, 1_500, Duration.ofMinutes(1), true, 4);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    DjIngest.Result r = DjIngest.run(p, out);
    r.print(out);

    assertTrue(r.clean(), text::toString);
    assertEquals(2, r.rounds().size());
    DjIngest.Round sevens = r.rounds().get(0);
    assertEquals(1_500, sevens.acknowledged());
    assertEquals(1_500, sevens.durable());
    assertEquals((1_500 + 6) / 7, sevens.calls(), "215 batches, the last of 2 events");
    assertEquals(sevens.calls(), sevens.latency().count());
    DjIngest.Round hundreds = r.rounds().get(1);
    assertEquals(1_500, hundreds.durable());
    assertEquals(15, hundreds.calls());
  }

  @Test
  @Timeout(60)
  void inProcessReportsAreDurableToo() throws Exception {
    DjIngest.Result r = DjIngest.run(new DjIngest.Params(new int[] {50}, 1, 500, Duration.ofMinutes(1), false, 4),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertTrue(r.clean());
    assertEquals(500, r.rounds().get(0).durable());
    assertEquals(10, r.rounds().get(0).calls());
  }

  @Test
  void paramsOutOfRangeAreRefused() {
    assertEquals("batch > 1000: 1001", assertThrows(IllegalArgumentException.class,
        () -> new DjIngest.Params(new int[] {10, 1001}, 1, 10, Duration.ofSeconds(1), true, 1)).getMessage());
    assertEquals("limit not in (0, 10 min]: PT0S", assertThrows(IllegalArgumentException.class,
        () -> new DjIngest.Params(new int[] {10}, 1, 10, Duration.ZERO, true, 1)).getMessage());
  }
}
