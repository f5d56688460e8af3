package org.jukebox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchTest {
  @Test
  void durationsAreReadInShortAndIsoForms() {
    assertEquals(Duration.ofMillis(250), Bench.duration("250ms"));
    assertEquals(Duration.ofSeconds(10), Bench.duration("10s"));
    assertEquals(Duration.ofMinutes(2), Bench.duration("2m"));
    assertEquals(Duration.ofSeconds(90), Bench.duration("PT1M30S"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bench.duration("soon"));
    assertEquals("not a duration (like 500ms, 10s, 2m or PT10S): soon", e.getMessage());
  }

  @Test
  void anOutOfRangeOptionIsReportedAsBadUsage() {
    CommandLine cl = Bench.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));

    int status = cl.execute("directory", "--soundsmiths", "0", "--in-process");

    assertEquals(2, status);
    assertTrue(err.toString().startsWith("soundSmiths < 1: 0"), err::toString);
  }
}
