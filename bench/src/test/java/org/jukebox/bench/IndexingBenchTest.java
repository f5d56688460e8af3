package org.jukebox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class IndexingBenchTest {
  @TempDir
  Path libraries;

  @Test
  @Timeout(120)
  void smallRunIndexesEveryGeneratedFileWithItsTagsAndRereadsNothingWhenUnchanged() throws Exception {
    IndexingBench.Params p = new IndexingBench.Params(50, 60, 1, 2, libraries);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    IndexingBench.Result r = IndexingBench.run(p, out);
    r.print(out);

    assertEquals(1, r.rounds().size());
    IndexingBench.Round round = r.rounds().get(0);
    assertEquals(50, round.cold().seen());
    assertEquals(50, round.cold().parsed());
    assertEquals(0, round.cold().skipped());
    assertEquals(0, round.rescan().parsed(), "an unchanged library is not read again");
    assertEquals(50, round.rescan().seen());
    assertEquals(0, round.restart().parsed(), "a restart reads nothing of an unchanged library");
    assertEquals(50, round.songsAfterRestartStart(), "the index restores every song at start");
    assertEquals(50, r.songs());
    assertEquals(2, r.artists(), "48 songs per artist");
    assertEquals(5, r.albums(), "12 songs per album");
    assertTrue(r.genres() >= 2, "genres: " + r.genres());
    assertEquals(50, r.timed(), "every song has a duration, bit rate and sample rate");
    assertEquals(12, r.withCover(), "the first album of every ten has a cover");
    assertEquals(60, r.heap().songs());
    assertEquals(60, r.heap().restartSongs());
    assertTrue(r.clean());
    try (Stream<Path> files = Files.walk(libraries.resolve("50-files"))) {
      assertEquals(50, files.filter(f -> f.toString().endsWith(".mp3")).count());
    }
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("round 1: cold index 50 files (50 read, 0 skipped)"),
        text::toString);
  }

  @Test
  void aSecondRunReusesTheLibraryItMade() throws Exception {
    assertTrue(BenchLibrary.ensure(libraries.resolve("lib"), 13, 2));
    assertEquals(false, BenchLibrary.ensure(libraries.resolve("lib"), 13, 2));
  }

  @Test
  void generatedTagsVaryAndPathsAreAscii() {
    BenchLibrary.Entry first = BenchLibrary.entry(0);
    BenchLibrary.Entry other = BenchLibrary.entry(12 * 4 * 3);
    assertTrue(!first.tags().artist().equals(other.tags().artist()), first + " vs " + other);
    assertEquals(1, first.tags().track());
    for (int i = 0; i < 2000; i += 37) {
      String path = BenchLibrary.entry(i).relativePath();
      assertTrue(path.chars().allMatch(c -> c < 128), path);
    }
  }

  @Test
  void paramsRefuseAnEmptyLibrary() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new IndexingBench.Params(0, 0, 1, 1, libraries));
    assertEquals("files < 1: 0", e.getMessage());
  }
}
