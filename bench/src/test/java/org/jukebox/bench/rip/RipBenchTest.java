package org.jukebox.bench.rip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jukebox.soundsmith.rip.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the rip benchmark once, tiny: counts and clean-up only, never timing. */
class RipBenchTest {
  @TempDir Path dir;

  @Test
  void aOneMinuteDiscIsRippedWholeAndNothingIsLeftBehind() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RipBench.Result r = RipBench.run(new RipBench.Params(1, 2, 1, Quality.cbr(128), RipBench.Signal.NOISE, dir, false),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertEquals(2, r.ripped());
    assertEquals(0, r.failed());
    assertEquals(Duration.ofMinutes(1), r.audio());
    assertTrue(r.mp3Bytes() > 900_000, "128 kbps for a minute is about 960 kB: " + r.mp3Bytes());
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("x real time (target >= 20x)"));
    try (var left = Files.list(dir)) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void parametersAreChecked() {
    assertEquals("minutes not in 1..80: 81", assertThrows(IllegalArgumentException.class,
        () -> new RipBench.Params(81, 1, 1, Quality.DEFAULT, RipBench.Signal.MUSIC, dir, false)).getMessage());
  }
}
