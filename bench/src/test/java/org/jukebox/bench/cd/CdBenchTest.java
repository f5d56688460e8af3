package org.jukebox.bench.cd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jukebox.soundsmith.cd.DiscImage;
import org.jukebox.soundsmith.cd.Toc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdBenchTest {
  @Test
  void randomTocsAreDistinctRealisticDiscs() {
    List<Toc> tocs = DiscIdBench.tocs(1000, 1);
    assertEquals(1000, tocs.stream().distinct().count());
    assertTrue(tocs.stream().allMatch(t -> t.trackCount() >= 8 && t.trackCount() <= 25), "8 to 25 tracks");
  }

  @Test
  void discIdRoundCountsWhatItComputed() throws Exception {
    DiscIdBench.Result r = DiscIdBench.run(DiscIdBench.tocs(100, 2), 1, 0.05);
    assertTrue(r.tocs() >= 1024, "at least one batch: " + r.tocs());
    assertEquals(1, r.threads());
  }

  @Test
  void benchImageIsOneTrackOfTheAskedLength(@TempDir Path dir) throws Exception {
    Toc toc = DiscImage.open(CdStreamingBench.image(dir, 2)).toc();
    assertEquals(Toc.of(1, 1, 150 + 150, List.of(150)), toc);
  }
}
