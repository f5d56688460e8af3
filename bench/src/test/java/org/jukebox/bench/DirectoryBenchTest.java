package org.jukebox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DirectoryBenchTest {
  @Test
  @Timeout(60)
  void smallRunAgainstAChildDirectoryBeaconsEverySoundSmithAndSeesStoppedOnesExpire() throws Exception {
    DirectoryBench.Params p = new DirectoryBench.Params(50, Duration.ofSeconds(1), 1, 2, 4, 5, 5,
        Duration.ofMillis(100), Duration.ofMillis(20), false);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    DirectoryBench.Result r = DirectoryBench.run(p, out);
    r.print(out);

    assertNull(r.firstError());
    assertEquals(100, r.scheduled(), "50 SoundSmiths x 2 measured periods");
    assertEquals(100, r.completed());
    assertEquals(0, r.errors());
    assertEquals(0, r.rejected());
    assertEquals(100, r.latency().count());
    assertTrue(r.latency().min() > 0, "latencies are positive");
    assertEquals(50, r.listedBeforeExpiry(), "every SoundSmith listed before the victims stop");
    assertEquals(5, r.victimsUnlisted());
    assertEquals(5, r.victimsDeparted());
    assertEquals(5, r.departureLag().count());
    assertEquals(0, r.othersMissing());
    assertEquals(0, r.othersDeparted());
    assertTrue(r.arrivals() >= 50, "the listener heard every arrival: " + r.arrivals());
    assertTrue(r.clean());
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("beacon latency (2 measured periods of 1s"), text::toString);
  }

  @Test
  void paramsRefuseOutOfRangeValuesWithExactMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DirectoryBench.Params(
        0, Duration.ofSeconds(10), 1, 2, 32, 1, 0, Duration.ofSeconds(1), Duration.ofMillis(100), true));
    assertEquals("soundSmiths < 1: 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DirectoryBench.Params(
        10, Duration.ofSeconds(10), 1, 2, 32, 11, 0, Duration.ofSeconds(1), Duration.ofMillis(100), true));
    assertEquals("stubs > 10: 11", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new DirectoryBench.Params(
        10, Duration.ofMillis(50), 1, 2, 32, 1, 0, Duration.ofSeconds(1), Duration.ofMillis(100), true));
    assertEquals("period < 100ms: 50ms", e.getMessage());
  }
}
