package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class JukeboxCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Jukebox.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "demo", "directory", "soundsmith", "soundsmith mp3", "soundsmith cd", "rip", "dj", "session", "client", "proxy", "discid"})
  void everySubcommandExplainsItselfWithHelp(String command) {
    String[] args = (command + " --help").trim().split(" ");
    assertEquals(0, run(args));
    assertTrue(out.toString().startsWith("Usage: jukebox"), out.toString());
    assertTrue(out.toString().contains("--help"), out.toString());
  }

  @Test
  void soundSmithWithoutDirectoryIsRefusedNamingTheOption() {
    assertEquals(2, run("soundsmith", "mp3", "."));
    assertTrue(err.toString().contains("Missing required option: '--directory=HOST:PORT'"), err.toString());
  }

  @Test
  void soundSmithOverAMissingFolderSaysWhichFolder(@TempDir Path home) {
    Path missing = home.resolve("no-such-music");
    assertEquals(1, run("soundsmith", "mp3", missing.toString(), "--directory", "127.0.0.1:1", "--home", home.toString()));
    assertEquals("jukebox mp3: not a folder: " + missing + System.lineSeparator(), err.toString());
  }

  @Test
  void brokenPolicyFileIsNamedWithTheLineAtFault(@TempDir Path home) throws Exception {
    Path policy = java.nio.file.Files.writeString(home.resolve("policy.txt"), "policy = acl\noops\n");
    assertEquals(1, run("soundsmith", "mp3", home.toString(), "--directory", "127.0.0.1:1", "--home", home.toString(),
        "--insecure", "--policy", policy.toString()));
    assertTrue(err.toString().contains("line 2"), err.toString());
  }

  @Test
  void secureDaemonWithoutKeysSaysHowToMakeThem(@TempDir Path home) {
    assertEquals(1, run("directory", "--port", "0", "--home", home.toString(), "--key-passphrase-file",
        home.resolve("none").toString()));
    assertEquals("jukebox directory: no passphrase file " + home.resolve("none") + System.lineSeparator(),
        err.toString());
  }

  @Test
  void malformedDirectoryAddressIsNamed(@TempDir Path home) {
    assertEquals(1, run("client", "--directory", "nowhere", "--home", home.toString()));
    assertTrue(err.toString().contains("nowhere"), err.toString());
  }

  @Test
  void seekTimesAcceptSecondsAndMinutes() {
    assertEquals(java.time.Duration.ofSeconds(83), TerminalClient.parseTime("1:23"));
    assertEquals(java.time.Duration.ofMillis(12_500), TerminalClient.parseTime("12.5"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TerminalClient.parseTime("soon"));
    assertEquals("not a time: \"soon\" (use seconds or M:SS)", e.getMessage());
  }
}
