package org.jukebox.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.SoundSmithId;
import org.jukebox.client.AudioSinks;
import org.jukebox.client.JukeboxClient;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.Pki;
import org.jukebox.security.RemoteLookup;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.soundsmith.SoundSmithConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jukebox demo}: the whole system in one JVM on loopback, over a sample library made on
 * first run, with the terminal client playing it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs everything on this machine: a MusicDirectory, an MP3 SoundSmith over a sample library"
          + " (synthesized and encoded on first run under the data directory), and the terminal"
          + " client playing it — through the sound card, or a real-time null sink where there is none.",
      "When standard input ends (or is not a terminal) it plays the library once and exits."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin DaemonOptions daemon;

  @Option(names = "--insecure", description = "Plain RMI instead of SecureRMI (for experiments).")
  boolean insecure;

  /** Test seams: where commands come from and output goes (default: the terminal). */
  BufferedReader in;
  PrintStream out = System.out;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Directory port, so other clients can join with --directory 127.0.0.1:PORT (default: any free port).")
  int port;

  @Option(names = "--songs", paramLabel = "N", description = "Exit after N songs have ended (default: play the library once).")
  int songs;

  @Option(names = "--library", paramLabel = "DIR",
      description = "Serve this folder instead of the sample library.")
  Path library;

  @Override
  public Integer call() throws Exception {
    daemon.advertise = "127.0.0.1";
    daemon.applyAdvertise();
    Path home = daemon.home();
    Path music = library;
    if (music == null) {
      music = home.resolve("sample-library");
      long t0 = System.nanoTime();
      List<Path> files = SampleLibrary.write(music);
      out.printf("sample library: %d songs in %s (%d ms)%n", files.size(), music,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
    SecurityConfig directorySecurity = null;
    SecurityConfig smithSecurity = null;
    SecurityConfig userSecurity = null;
    if (insecure) {
      out.println("WARNING: --insecure: plain RMI, nothing encrypted or authenticated.");
    } else {
      Pki pki = SecurityOptions.demoPki(home, DirectoryServer.SERVICE_NAME);
      directorySecurity = SecurityOptions.config(pki, CertificateKind.SERVICE, DirectoryServer.SERVICE_NAME,
          SecurityOptions.demoPassphrase(home), "signature", "anonymous");
      smithSecurity = SecurityOptions.config(pki, CertificateKind.SERVICE, SecurityOptions.MP3_SOUNDSMITH_SERVICE,
          SecurityOptions.demoPassphrase(home), "signature", "anonymous");
      userSecurity = SecurityOptions.config(pki, CertificateKind.USER, "demo", SecurityOptions.demoPassphrase(home),
          "signature");
      // One JVM, one set of outgoing credentials: the demo user's.
      ClientSecurity.install(userSecurity);
      out.println("security: SecureRMI (TLS 1.3 + signature authentication), demo CA under " + pki.directory());
    }
    DirectoryServer directory = null;
    Mp3SoundSmith smith = null;
    JukeboxClient client = null;
    try {
      DirectoryServer.Builder db = DirectoryServer.builder().port(port);
      if (directorySecurity != null) {
        db.security(directorySecurity);
      }
      directory = db.build();
      directory.start();
      HostPort dir = HostPort.of("127.0.0.1", directory.port());
      out.println("MusicDirectory on " + dir + " (join from another terminal: ./jukebox client --directory " + dir
          + (insecure ? " --insecure" : " --home " + home.resolve("demo-pki") + " --user demo --key-passphrase-file "
              + home.resolve("demo-pki").resolve("passphrase")) + ")");

      Path data = SoundSmithIdentity.dataDir(home, music);
      SoundSmithId id = SoundSmithIdentity.load(data, "demo");
      SoundSmithConfig.Builder sc = SoundSmithConfig.builder(id, "Demo library");
      if (smithSecurity != null) {
        sc.security(smithSecurity);
      }
      smith = Mp3SoundSmith.builder(music, data, sc.build()).build();
      smith.joinDirectory(() -> RemoteLookup.directory(dir), SoundSmithCommand.LEASE);
      smith.start();
      SoundSmithCommand.reportScan(smith, out);
      int expected = smith.info().songCount();

      JukeboxClient.Builder cb = JukeboxClient.builder(() -> RemoteLookup.directory(dir));
      if (userSecurity != null) {
        cb.exporter(RemoteExporter.secure(userSecurity, 0));
        cb.httpClient(SecureHttp.httpClient(userSecurity));
      }
      client = cb.build();
      client.start();
      JukeboxClient c = client;
      awaitCatalog(() -> c.catalog().size() >= expected, Duration.ofSeconds(30));
      out.println("client: " + client.catalog().size() + " songs from " + client.soundSmiths().size()
          + " SoundSmith(s); audio: " + (AudioSinks.javaSoundAvailable() ? "sound card" : "no sound card, real-time null sink"));

      boolean tty = System.console() != null;
      TerminalClient ui = new TerminalClient(client, out, tty, songs);
      ui.run(in != null ? in : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), true);
      client.close(); // stop the music before saying so
      out.println("demo finished");
      return 0;
    } finally {
      Daemons.closeAll(directory, smith, client);
      ClientSecurity.uninstall();
    }
  }

  private static void awaitCatalog(java.util.function.BooleanSupplier ready, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the client did not see the sample library within " + timeout);
      }
      Thread.sleep(50);
    }
  }
}
