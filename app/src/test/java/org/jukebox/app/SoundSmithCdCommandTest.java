package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SoundSmithCdCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Jukebox.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void cdSubcommandExplainsItself() {
    assertEquals(0, run("soundsmith", "cd", "--help"));
    assertTrue(out.toString().startsWith("Usage: jukebox soundsmith cd"), out.toString());
    assertTrue(out.toString().contains("DEVICE|IMAGE|FOLDER"), out.toString());
  }

  @Test
  void somethingThatIsNoDiscIsNamed(@TempDir Path home) throws Exception {
    Path text = Files.writeString(home.resolve("notes.txt"), "x");
    assertEquals(1, run("soundsmith", "cd", text.toString(), "--directory", "127.0.0.1:1", "--home", home.toString(),
        "--insecure"));
    assertEquals("jukebox cd: not a CD device, disc image or folder: " + text + System.lineSeparator(), err.toString());
  }
}
