package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment the README describes, on one machine: a directory, two SoundSmiths and a
 * terminal client, each its own JVM started through the {@code jukebox} command, find each other
 * over RMI and stream over HTTP.
 */
class SeparateProcessesTest {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @TempDir Path home;
  private final List<Process> daemons = new ArrayList<>();

  @AfterEach
  void stopDaemons() throws InterruptedException {
    for (Process p : daemons) {
      p.destroy();
    }
    for (Process p : daemons) {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void directoryTwoSoundSmithsAndAClientFindEachOtherAndStream() throws Exception {
    Path alice = library("alice", "Alice Songs", 330);
    Path bob = library("bob", "Bob Tunes", 550);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String directory = "127.0.0.1:" + port;
    issueCertificates();

    Daemon dir = start("directory", "--port", String.valueOf(port), "--home", home.toString());
    dir.await("join with --directory 127.0.0.1:" + port + " (SecureRMI");
    Daemon a = start("soundsmith", "mp3", alice.toString(), "--directory", directory, "--home", home.toString(), "--name", "Alice");
    Daemon b = start("soundsmith", "mp3", bob.toString(), "--directory", directory, "--home", home.toString(), "--name", "Bob");
    a.await("indexed 2 files: 2 songs");
    b.await("indexed 2 files: 2 songs");

    ProcessBuilder clientCommand = command("client", "--directory", directory, "--play", "--songs", "3",
        "--home", home.toString(), "--user", "alice");
    clientCommand.environment().put(KeysCommand.PASSPHRASE_ENV, PASSPHRASE);
    Process client = clientCommand
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    daemons.add(client);
    String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(client.waitFor(60, TimeUnit.SECONDS), output);

    assertEquals(0, client.exitValue(), output);
    assertTrue(output.contains("connected to " + directory + ": 2 SoundSmiths, 4 songs"), output);
    long played = output.lines().filter(l -> l.startsWith("▶ ")).count();
    assertTrue(played >= 3, output);
    assertFalse(output.contains("\n! "), "no playback errors expected:\n" + output);
  }

  private static final String PASSPHRASE = "a passphrase for the test CA";

  /** The PKI every process reads its key from, made with the `jukebox keys` command. */
  private void issueCertificates() throws IOException {
    Path pass = Files.writeString(home.resolve("passphrase"), PASSPHRASE + "\n");
    String[][] steps = {
        {"init-ca"},
        {"issue-service", org.jukebox.directory.DirectoryServer.SERVICE_NAME},
        {"issue-service", SecurityOptions.MP3_SOUNDSMITH_SERVICE},
        {"issue-user", "alice"}};
    for (String[] step : steps) {
      List<String> args = new ArrayList<>(List.of("keys"));
      args.addAll(List.of(step));
      args.addAll(List.of("--home", home.toString(), "--passphrase-file", pass.toString()));
      assertEquals(0, Jukebox.commandLine().execute(args.toArray(String[]::new)), String.join(" ", args));
    }
  }

  private Path library(String name, String album, double hz) throws IOException {
    Path dir = Files.createDirectories(home.resolve("music-" + name));
    for (int i = 1; i <= 2; i++) {
      SampleLibrary.writeTone(dir.resolve(i + ".mp3"), hz * i, 1.0,
          SampleLibrary.Tags.titled(album + " " + i).withArtist(name).withAlbum(album).withTrack(i, 2));
    }
    return dir;
  }

  private ProcessBuilder command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djukebox.audio=null",
        "-cp", System.getProperty("java.class.path"),
        Jukebox.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  private Daemon start(String... args) throws IOException {
    ProcessBuilder pb = command(args).redirectErrorStream(true);
    pb.environment().put(KeysCommand.PASSPHRASE_ENV, PASSPHRASE);
    Process p = pb.start();
    daemons.add(p);
    return new Daemon(p);
  }

  /** A running daemon whose output is collected line by line on a reader thread. */
  private static final class Daemon {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();

    Daemon(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("(output lost: " + e + ")");
        }
      }, "daemon-output");
      reader.setDaemon(true);
      reader.start();
    }

    void await(String text) {
      JukeboxExtension.await(STARTUP, "\"" + text + "\" in the output of " + process.info().arguments()
          .map(List::of).orElse(List.of()) + "; so far: " + lines,
          () -> lines.stream().anyMatch(l -> l.contains(text)) || !process.isAlive());
      assertTrue(lines.stream().anyMatch(l -> l.contains(text)), "process ended early: " + lines);
    }
  }
}
