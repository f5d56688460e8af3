package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SessionServer;
import org.jukebox.api.SoundSmithId;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.Pki;
import org.jukebox.session.SessionServerDaemon;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.soundsmith.SoundSmithConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two {@code jukebox client} terminals in one JVM, "demo" and "friend" of the demo PKI, against a
 * secure directory, session server and MP3 SoundSmith: demo hosts a session for friend, queues
 * songs and plays; friend lists the sessions, joins, is refused the host's controls, and hears of
 * the pause and the end. Each terminal is driven line by line, each line sent once the output
 * shows what it waits for.
 */
class TerminalSessionsTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  final List<AutoCloseable> running = new ArrayList<>();
  final ExecutorService terminals = Executors.newFixedThreadPool(2);
  HostPort dir;
  String previousAudio;

  @BeforeEach
  void boot() throws Exception {
    previousAudio = System.setProperty("jukebox.audio", "null");
    Pki pki = SecurityOptions.demoPki(home, DirectoryServer.SERVICE_NAME);
    ClientSecurity.install(SecurityOptions.config(pki, CertificateKind.USER, "demo", SecurityOptions.demoPassphrase(home),
        "signature"));
    DirectoryServer directory = DirectoryServer.builder().port(0)
        .security(service(pki, DirectoryServer.SERVICE_NAME)).build();
    running.add(directory);
    directory.start();
    dir = HostPort.of("127.0.0.1", directory.port());

    Path music = Files.createDirectories(home.resolve("music"));
    for (int i = 1; i <= 3; i++) {
      SampleLibrary.writeTone(music.resolve(i + ".mp3"), 220 * i, 30.0,
          SampleLibrary.Tags.titled("Tune " + i).withArtist("Band"));
    }
    SoundSmithConfig config = SoundSmithConfig.builder(new SoundSmithId("shelf"), "Shelf")
        .security(service(pki, SecurityOptions.MP3_SOUNDSMITH_SERVICE))
        .httpBindAddress("127.0.0.1").advertisedHost("127.0.0.1").build();
    Mp3SoundSmith smith = Mp3SoundSmith.builder(music, Files.createDirectories(home.resolve("shelf")), config).build();
    running.add(smith);
    smith.joinDirectory(() -> RemoteLookup.directory(dir), Duration.ofSeconds(10));
    smith.start();
    smith.initialScan().get(30, TimeUnit.SECONDS);

    SessionServerDaemon sessions = SessionServerDaemon.builder(home.resolve("sessions")).port(0)
        .httpBindAddress("127.0.0.1").advertisedHost("127.0.0.1").directory(dir)
        .security(service(pki, SessionServerDaemon.SERVICE_NAME)).directoryPrincipal(DirectoryServer.SERVICE_NAME)
        .build();
    running.add(sessions);
    sessions.start();
    MusicDirectory d = RemoteLookup.directory(dir);
    await("the SoundSmith with 3 songs and the session server listed", () -> {
      try {
        return d.soundSmiths().stream().anyMatch(e -> e.info().songCount() == 3)
            && !d.services(SessionServer.SERVICE_KIND).isEmpty();
      } catch (RemoteException e) {
        return false;
      }
    });
  }

  private SecurityConfig service(Pki pki, String name) throws Exception {
    return SecurityOptions.config(pki, CertificateKind.SERVICE, name, SecurityOptions.demoPassphrase(home), "signature",
        "anonymous");
  }

  @AfterEach
  void shutDown() {
    terminals.shutdownNow();
    java.util.Collections.reverse(running);
    Daemons.closeAll(running.toArray(AutoCloseable[]::new));
    ClientSecurity.uninstall();
    if (previousAudio == null) {
      System.clearProperty("jukebox.audio");
    } else {
      System.setProperty("jukebox.audio", previousAudio);
    }
  }

  /** One {@code jukebox client} at its prompt, fed a line at a time. */
  final class Terminal {
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final PipedWriter keys = new PipedWriter();
    final Future<Integer> exit;

    Terminal(String user) throws IOException {
      ClientCommand c = new ClientCommand();
      c.in = new BufferedReader(new PipedReader(keys));
      c.out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
      Path pkiDir = home.resolve("demo-pki");
      new CommandLine(c).parseArgs("--home", pkiDir.toString(), "--user", user, "--key-passphrase-file",
          pkiDir.resolve("passphrase").toString(), "--directory", dir.toString());
      exit = terminals.submit(c);
    }

    String output() {
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }

    void type(String line) throws IOException {
      keys.write(line + "\n");
      keys.flush();
    }

    /** Waits until the output holds {@code text}. */
    void awaitOutput(String text) {
      await(() -> "\"" + text + "\" in the output:\n" + output(), () -> output().contains(text));
    }

    /** Types {@code line} again and again (it reports a state that settles) until the output holds {@code reply}. */
    void poll(String line, String reply) throws IOException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!output().contains(reply)) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("timed out after " + WAIT + " waiting for \"" + reply + "\" in the output:\n"
              + output());
        }
        int before = output().length();
        type(line);
        await(() -> "an answer to " + line, () -> output().length() > before);
      }
    }

    /** Types {@code line}, then waits until the output holds {@code reply}. */
    void run(String line, String reply) throws IOException {
      type(line);
      awaitOutput(reply);
    }
  }

  void await(String what, BooleanSupplier condition) {
    await(() -> what, condition);
  }

  void await(java.util.function.Supplier<String> what, BooleanSupplier condition) {
    try {
      org.jukebox.testkit.JukeboxExtension.await(WAIT, "a terminal", condition);
    } catch (AssertionError e) {
      // Say what was awaited as it stands at the deadline (a terminal's output so far).
      throw new AssertionError("timed out after " + WAIT + " waiting for " + what.get(), e);
    }
  }

  @Test
  void oneTerminalHostsAndAnotherJoinsFollowsAndIsRefusedTheControls() throws Exception {
    Terminal demo = new Terminal("demo");
    Terminal friend = new Terminal("friend");
    demo.awaitOutput("connected to " + dir);
    friend.awaitOutput("connected to " + dir);

    demo.run("list", "3 songs");
    demo.run("host friend", "hosting your session (0 songs); who may join: friend");
    demo.run("add 1 2", "added 2 songs to the session");
    demo.run("play", "♫ Band — Tune 1");

    friend.run("sessions", "demo");
    assertTrue(friend.output().contains("playing  Band — Tune 1"), friend.output());
    friend.run("join demo", "joined demo's session: playing Band — Tune 1");
    friend.awaitOutput("♫ Band — Tune 1");
    demo.awaitOutput("~ friend joined the session");
    friend.run("pause", "cannot pause: you are following demo's session: only the host controls playback");
    friend.run("seek 0:02", "cannot seek: you are following demo's session: only the host controls playback");
    friend.run("end", "cannot end: you are following demo's session: only the host ends it");
    friend.run("listeners", "listening: demo, friend");
    friend.run("latency 120", "output latency: 120 ms");
    friend.run("latency -1", "cannot latency: latency not in 0..5000 ms: -1");

    Path own = SampleLibrary.writeTone(home.resolve("Own Tune.mp3"), 500, 1.0, SampleLibrary.Tags.titled("Own Tune"));
    demo.run("upload " + own, "uploaded Own Tune.mp3 into the session (entry 3)");
    friend.awaitOutput("~ queued in the session: Own Tune");
    demo.run("pause", "~ session paused");
    friend.awaitOutput("~ session paused");
    demo.poll("status", "your session, 2 listening — paused: Band — Tune 1");
    demo.type("next");
    demo.run("play", "♫ Band — Tune 2");
    friend.awaitOutput("♫ Band — Tune 2");
    demo.run("next", "♫ Own Tune"); // the upload, streamed by the session server over HTTPS
    friend.awaitOutput("♫ Own Tune");

    demo.type("end");
    friend.awaitOutput("~ the session ended");
    friend.run("status", "stopped"); // back to the local player's status
    demo.type("quit");
    friend.type("quit");
    assertEquals(0, demo.exit.get(30, TimeUnit.SECONDS), demo.output());
    assertEquals(0, friend.exit.get(30, TimeUnit.SECONDS), friend.output());
    assertFalse(friend.output().contains("\n! "), "no playback errors:\n" + friend.output());
    assertFalse(demo.output().contains("\n! "), "no playback errors:\n" + demo.output());
  }
}
