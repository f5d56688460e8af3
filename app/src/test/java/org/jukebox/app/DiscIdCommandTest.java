package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jukebox.soundsmith.cd.SampleDisc;
import org.jukebox.soundsmith.cd.Toc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DiscIdCommandTest {
  private static final String NL = System.lineSeparator();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new DiscIdCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void tocGivenByHandPrintsBothIdsAndTheQueryLine() {
    assertEquals(0, run("--toc", "1 15 258725 150 17510 33275 45910 57805 78310 94650 109580 132010 149160 165115 177710"
        + " 203325 215555 235590"));
    String[] lines = out.toString().split(NL);
    assertEquals("MusicBrainz ID: TqvKjMu7dMliSfmVEBtrL7sBSno-", lines[0]);
    assertEquals("freedb ID:      b60d770f", lines[1]);
    assertEquals("CDDB query:     cddb query b60d770f 15 150 17510 33275 45910 57805 78310 94650 109580 132010 149160"
        + " 165115 177710 203325 215555 235590 3449", lines[2]);
    assertEquals("tracks:         15 (1..15), 57:27", lines[4]);
    assertEquals("", err.toString());
  }

  @Test
  void discWhoseFirstTrackIsTwoKeepsLibdiscidsQuirk() {
    assertEquals(0, run("--toc", "2,11,225781,150,11512,34143,50747,63640,98491,123534,174410,195438,201127"));
    assertTrue(out.toString().startsWith("MusicBrainz ID: 6RDuz0d7.M5SVMLe1z4DP0yaEC8-" + NL
        + "freedb ID:      840bc20b" + NL), out.toString());
  }

  @Test
  void cueSheetIsReadForItsToc(@TempDir Path dir) throws Exception {
    Path cue = SampleDisc.write(dir);
    assertEquals(0, run(cue.toString()));
    Toc toc = SampleDisc.toc();
    assertTrue(out.toString().startsWith("MusicBrainz ID: " + toc.musicBrainzId() + NL
        + "freedb ID:      " + toc.freedbId() + NL + "CDDB query:     cddb query " + toc.cddbQuery() + NL), out.toString());
  }

  @Test
  void badTocIsOneClearLine() {
    assertEquals(1, run("--toc", "1 2 x 150"));
    assertEquals("jukebox discid: not a number in the TOC: \"x\"" + NL, err.toString());
    err.getBuffer().setLength(0);
    assertEquals(1, run("--toc", "1 2 3000 150 100"));
    assertEquals("jukebox discid: track 2 does not start after track 1: 100" + NL, err.toString());
  }

  @Test
  void badCueSheetIsNamedWithItsProblem(@TempDir Path dir) throws Exception {
    Path cue = Files.writeString(dir.resolve("x.cue"), "FILE \"../../etc/passwd\" BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
    assertEquals(1, run(cue.toString()));
    assertEquals("jukebox discid: " + cue + " line 1: FILE \"../../etc/passwd\" points outside the image's folder" + NL,
        err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void neitherImageNorTocIsRefused() {
    assertEquals(2, run());
    assertEquals("jukebox discid: give a CUE file (or device) or --toc \"FIRST LAST LEADOUT OFFSET...\", not neither" + NL,
        err.toString());
  }
}
