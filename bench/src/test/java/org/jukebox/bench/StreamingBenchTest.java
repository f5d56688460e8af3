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

class StreamingBenchTest {
  @Test
  @Timeout(60)
  void smallInProcessRunStreamsEveryRequestedByteOfEveryStream() throws Exception {
    StreamingBench.Params p = new StreamingBench.Params(5, 3, 192, 2, 1, 8, Duration.ofSeconds(30), true);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    StreamingBench.Result r = StreamingBench.run(p, out);
    r.print(out);

    assertNull(r.firstError());
    assertEquals(5, r.completed());
    assertEquals(0, r.failed());
    assertEquals(0, r.unfinished());
    assertEquals(2 * 24_000, r.bytesWanted(), "two seconds of 192 kbit/s");
    assertTrue(r.fileBytes() >= r.bytesWanted(), "the song is longer than what is read: " + r.fileBytes());
    assertEquals(5, r.ticket().count());
    assertEquals(5, r.ttfb().count());
    assertEquals(5, r.throughput().count());
    assertTrue(r.totalBytes() >= 5L * r.bytesWanted(), "bytes read: " + r.totalBytes());
    assertTrue(r.throughput().min() > 0);
    assertTrue(r.peakConcurrent() >= 1 && r.peakConcurrent() <= 5, "peak: " + r.peakConcurrent());
    assertTrue(r.clean());
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("warm-up round 1: 5 completed, 0 failed"), text::toString);
  }

  @Test
  void paramsRefuseReadingMoreThanTheSongHolds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StreamingBench.Params(5, 3, 192, 4, 0, 8, Duration.ofSeconds(30), true));
    assertEquals("readSeconds > 3: 4", e.getMessage());
  }
}
