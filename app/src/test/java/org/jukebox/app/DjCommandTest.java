package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.RemoteException;
import java.time.Duration;
import org.jukebox.api.DiscJockey;
import org.jukebox.dj.DjServer;
import org.jukebox.dj.Recommender;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jukebox dj}: options, where the data goes, and the announcement. */
class DjCommandTest {
  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder().build();

  @TempDir Path home;

  private DjCommand parse(String... args) {
    DjCommand cmd = new DjCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd;
  }

  @Test
  void startsOnItsPortWithEmbeddedDerbyUnderHomeAndAnnouncesItself() throws Exception {
    DjCommand cmd = parse("--insecure", "--home", home.toString(), "--port", "0", "--recommender", "ALS",
        "--directory", jukebox.directoryAddress().toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DjServer server = cmd.start(new PrintStream(out, true, StandardCharsets.UTF_8))) {
      assertEquals("DJ listening on 127.0.0.1:" + server.port() + ", data in " + home.toAbsolutePath().normalize().resolve("dj")
          + ", announced to the directory at " + jukebox.directoryAddress() + " (plain RMI: every caller is anonymous)"
          + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
      assertTrue(Files.isDirectory(home.resolve("dj").resolve("db")));
      assertTrue(server.engine().stats().contains("recommender ALS"), server.engine().stats());
      JukeboxExtension.await(Duration.ofSeconds(10), "the DJ in the directory", () -> {
        try {
          return jukebox.directory().services(DiscJockey.SERVICE_KIND).size() == 1;
        } catch (RemoteException e) {
          return false;
        }
      });
    }
  }

  @Test
  void aJdbcUrlWithoutADriverIsNamedInTheError() {
    DjCommand cmd = parse("--insecure", "--home", home.toString(), "--port", "0", "--jdbc-url", "jdbc:nothing:here");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> cmd.start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("cannot open the DJ database at jdbc:nothing:here: "), e.getMessage());
  }

  @Test
  void defaultsAreThePortAndTheLocalDirectory() {
    DjCommand cmd = parse();
    assertEquals(DjServer.DEFAULT_PORT, cmd.port);
    assertEquals("127.0.0.1:4160", cmd.directory);
    assertEquals(Recommender.ITEM_BASED, cmd.recommender);
  }
}
