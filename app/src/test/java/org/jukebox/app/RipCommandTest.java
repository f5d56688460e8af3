package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mpatric.mp3agic.ID3v2;
import com.mpatric.mp3agic.Mp3File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jukebox.soundsmith.cd.SampleDisc;
import org.jukebox.soundsmith.cd.Toc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RipCommandTest {
  private static final String NL = System.lineSeparator();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path temp;

  private int run(String... args) {
    CommandLine cl = new CommandLine(new RipCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** The sample disc's entry in a local freedb-layout database, as a submitter would have sent it. */
  private static Path xmcdFor(Path root) throws Exception {
    SampleDisc.writeXmcd(root);
    return root;
  }

  @Test
  void onceRipsTheImageNamedFromTheLocalXmcdDatabaseAndExitsZero() throws Exception {
    Path cue = SampleDisc.write(temp.resolve("image"));
    Path library = temp.resolve("library");
    Path xmcd = xmcdFor(temp.resolve("xmcd"));
    Toc toc = SampleDisc.toc();

    int code = run("--once", "--source", cue.toString(), "--library", library.toString(), "--xmcd", xmcd.toString(),
        "--template", "%A - %l/%n %t.mp3", "--quality", "128");

    assertEquals(0, code, err.toString());
    List<String> lines = List.of(out.toString().split(NL));
    assertEquals("ripping disc " + toc.freedbId() + " (The Jukebox Quartet / Sample Disc): track 4/4 100% (written)",
        lines.get(lines.size() - 2));
    assertTrue(lines.get(lines.size() - 1).startsWith("disc " + toc.freedbId()
        + " (The Jukebox Quartet / Sample Disc): 4 ripped, 0 already done, 0 failed in "), lines.toString());
    Mp3File mp3 = new Mp3File(library.resolve("The Jukebox Quartet - Sample Disc/03 Frame by Frame.mp3"));
    ID3v2 tag = mp3.getId3v2Tag();
    assertEquals("Frame by Frame", tag.getTitle());
    assertEquals("3/4", tag.getTrack());
    assertEquals(128, mp3.getBitrate());

    out.getBuffer().setLength(0);
    assertEquals(0, run("--once", "--source", cue.toString(), "--library", library.toString(), "--xmcd", xmcd.toString(),
        "--template", "%A - %l/%n %t.mp3"));
    assertTrue(out.toString().contains(": 0 ripped, 4 already done, 0 failed in "), out.toString());
  }

  @Test
  void badOptionsAreOneLineAndExitTwo() throws Exception {
    Path cue = SampleDisc.write(temp.resolve("image"));
    String lib = temp.resolve("library").toString();
    assertEquals(2, run("--once", "--source", cue.toString(), "--library", lib, "--cddb", "http://127.0.0.1:9",
        "--xmcd", temp.toString()));
    assertEquals("jukebox rip: give --cddb URL or --xmcd DIR, not both" + NL, err.toString());

    err.getBuffer().setLength(0);
    assertEquals(2, run("--source", cue.toString(), "--library", lib, "--quality", "100"));
    assertEquals("jukebox rip: not an MP3 bit rate: 100 (one of 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224,"
        + " 256, 320)" + NL, err.toString());

    err.getBuffer().setLength(0);
    assertEquals(2, run("--source", cue.toString(), "--library", lib, "--template", "%t.mp3"));
    assertEquals("jukebox rip: template must contain %n, so that tracks get different names: %t.mp3" + NL,
        err.toString());

    err.getBuffer().setLength(0);
    Path notADisc = Files.writeString(temp.resolve("notes.txt"), "x");
    assertEquals(2, run("--source", notADisc.toString(), "--library", lib));
    assertEquals("jukebox rip: not a CD device, disc image or folder: " + notADisc.toAbsolutePath() + NL,
        err.toString());
  }
}
