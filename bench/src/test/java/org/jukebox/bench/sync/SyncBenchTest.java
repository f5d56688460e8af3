package org.jukebox.bench.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SyncBenchTest {
  private static SyncBench.Params params(int listeners, Duration audio) {
    return new SyncBench.Params(List.of(listeners), audio, Duration.ofSeconds(2), 100, Duration.ofMillis(50),
        Duration.ofMillis(1), false, Duration.ofSeconds(2), 7);
  }

  @Test
  @Timeout(60)
  void aSmallSessionIsMeasuredAtTheSinkAndPrinted() {
    SyncBench.Result r = SyncBench.run(params(5, Duration.ofSeconds(40)), 5);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    r.print(new PrintStream(text, true, StandardCharsets.UTF_8));

    assertTrue(r.synced().vsHost.n > 1_000, "samples against the host: " + r.synced().vsHost.n);
    assertTrue(r.synced().vsServer.n > r.synced().vsHost.n, "the host is measured against the server too");
    assertEquals(0, r.synced().silentSamples, "nobody silent or on the wrong song once settled");
    assertEquals(5, r.synced().joinToReady.size());
    // A smoke test, not a timing test: only an error far beyond the targets fails it.
    assertTrue(r.synced().vsHost.max < 30_000, "max error " + r.synced().vsHost.max + " µs");
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("5 listeners in one session, 40 s of audio"), text.toString());
  }

  @Test
  void nonsenseParametersAreRefusedWithExactMessages() {
    assertEquals("listeners not in 1..100000: 0",
        assertThrows(IllegalArgumentException.class, () -> params(0, Duration.ofSeconds(10))).getMessage());
    assertEquals("audio < 5s: PT1S",
        assertThrows(IllegalArgumentException.class, () -> params(3, Duration.ofSeconds(1))).getMessage());
  }
}
