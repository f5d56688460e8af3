package org.jukebox.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.EventKind;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Song;
import org.jukebox.client.DjClient;
import org.jukebox.dj.DjServer;
import org.jukebox.session.SessionServerDaemon;
import org.jukebox.web.ProxyServer;
import org.jukebox.swing.controller.GainSink;
import org.jukebox.soundsmith.CdSoundSmith;
import org.jukebox.soundsmith.cd.CdDrive;
import org.jukebox.soundsmith.cd.CdDrives;
import org.jukebox.soundsmith.cd.DiscInfoSource;
import org.jukebox.soundsmith.cd.SampleDisc;
import org.jukebox.soundsmith.cddb.CddbDiscInfo;
import org.jukebox.soundsmith.cddb.XmcdDatabase;
import org.jukebox.soundsmith.rip.RipDaemon;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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

  @Option(names = "--gui", negatable = true,
      description = "Open the desktop window (--no-gui: the terminal client). Default: the window when there is a"
          + " display and the demo was started from a terminal.")
  Boolean gui;

  @Option(names = "--web-port", paramLabel = "PORT",
      description = "Port of the HTML proxy, for a browser (default: any free port; the URL is printed).")
  int webPort;

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
    Pki pki = null;
    SecurityConfig directorySecurity = null;
    SecurityConfig userSecurity = null;
    if (insecure) {
      out.println("WARNING: --insecure: plain RMI, nothing encrypted or authenticated.");
    } else {
      pki = SecurityOptions.demoPki(home, DirectoryServer.SERVICE_NAME);
      directorySecurity = security(pki, home, DirectoryServer.SERVICE_NAME);
      userSecurity = SecurityOptions.config(pki, CertificateKind.USER, "demo", SecurityOptions.demoPassphrase(home),
          "signature");
      // One JVM, one set of outgoing credentials: the demo user's.
      ClientSecurity.install(userSecurity);
      out.println("security: SecureRMI (TLS 1.3 + signature authentication), demo CA under " + pki.directory());
    }
    List<AutoCloseable> running = new ArrayList<>();
    try {
      DirectoryServer.Builder db = DirectoryServer.builder().port(port);
      if (directorySecurity != null) {
        db.security(directorySecurity);
      }
      DirectoryServer directory = db.build();
      running.add(directory);
      directory.start();
      HostPort dir = HostPort.of("127.0.0.1", directory.port());
      out.println("MusicDirectory on " + dir + " (join from another terminal: ./jukebox client --directory " + dir
          + (insecure ? " --insecure" : " --home " + home.resolve("demo-pki") + " --user demo --key-passphrase-file "
              + home.resolve("demo-pki").resolve("passphrase")) + ")");

      // The MP3 SoundSmith over the sample library (or the user's folder).
      Mp3SoundSmith smith = mp3SoundSmith(home, music, "demo", "Demo library", security(pki, home,
          SecurityOptions.MP3_SOUNDSMITH_SERVICE), dir);
      running.add(smith);
      smith.start();
      SoundSmithCommand.reportScan(smith, out);

      // The sample CD: a CUE/WAV image named from a local xmcd database, served by a CD
      // SoundSmith while the rip daemon turns it into MP3s that a second MP3 SoundSmith serves.
      Path cue = SampleDisc.write(home.resolve("sample-disc"));
      Path xmcd = home.resolve("xmcd");
      SampleDisc.writeXmcd(xmcd);
      DiscInfoSource names = CddbDiscInfo.of(XmcdDatabase.open(xmcd));
      CdDrive drive = CdDrives.image(cue);
      running.add(drive);
      drive.start();
      SoundSmithConfig.Builder cdc = SoundSmithConfig.builder(SoundSmithIdentity.load(
          SoundSmithIdentity.dataDir(home, cue), "cd"), "Sample CD");
      SecurityConfig cdSecurity = security(pki, home, SoundSmithCommand.CD_SOUNDSMITH_SERVICE);
      if (cdSecurity != null) {
        cdc.security(cdSecurity);
      }
      CdSoundSmith cd = CdSoundSmith.builder(cdc.build(), drive).names(names).sharedDrive().build();
      running.add(cd);
      cd.joinDirectory(() -> RemoteLookup.directory(dir), SoundSmithCommand.LEASE);
      cd.start();
      Path ripped = Files.createDirectories(home.resolve("ripped"));
      Mp3SoundSmith rippedSmith = mp3SoundSmith(home, ripped, "ripped", "Ripped CDs",
          security(pki, home, SecurityOptions.MP3_SOUNDSMITH_SERVICE), dir);
      running.add(rippedSmith);
      rippedSmith.start();
      RipDaemon rip = RipDaemon.builder(ripped).drive(drive).discInfo(names).build();
      running.add(rip);
      rip.start();
      out.println("sample CD image " + cue + "; ripping it into " + ripped);

      // The DJ and the session server, on embedded Derby under the data directory.
      DjServer.Builder djb = DjServer.builder().port(0).dataDir(home.resolve("dj")).directory(dir);
      SecurityConfig djSecurity = security(pki, home, DjServer.SERVICE_NAME);
      if (djSecurity != null) {
        djb.security(djSecurity);
      }
      DjServer dj = djb.build();
      running.add(dj);
      dj.start();
      SessionServerDaemon.Builder ssb = SessionServerDaemon.builder(home.resolve("sessions")).port(0)
          .advertisedHost("127.0.0.1").directory(dir);
      SecurityConfig sessionSecurity = security(pki, home, SessionServerDaemon.SERVICE_NAME);
      if (sessionSecurity != null) {
        ssb.security(sessionSecurity).directoryPrincipal(DirectoryServer.SERVICE_NAME);
      }
      SessionServerDaemon sessions = ssb.build();
      running.add(sessions);
      sessions.start();
      out.println("DJ on port " + dj.port() + "; session server streaming uploads on port " + sessions.httpPort()
          + " (both announced to the directory)");

      int expected = smith.info().songCount() + cd.info().songCount();
      boolean window = gui != null ? gui : SwingClientLauncher.available() && System.console() != null;
      if (window && !SwingClientLauncher.available()) {
        throw new IllegalStateException("--gui: no display to open a window on (is DISPLAY set?)");
      }
      GainSink volume = window ? SwingClientLauncher.volumeSink() : null;
      JukeboxClient.Builder cb = JukeboxClient.builder(() -> RemoteLookup.directory(dir));
      if (volume != null) {
        cb.audioSink(volume);
      }
      if (userSecurity != null) {
        cb.exporter(RemoteExporter.secure(userSecurity, 0));
        cb.httpClient(SecureHttp.httpClient(userSecurity));
      }
      JukeboxClient client = cb.build();
      running.add(client);
      client.start();
      // Wait for the library, the CD named from the disc database, and the SoundSmith of ripped CDs.
      awaitCatalog(() -> client.catalog().size() >= expected && client.soundSmiths().size() >= 3
          && sampleDiscTracks(client.catalog()) == SampleDisc.TITLES.size(), Duration.ofSeconds(30));
      out.println("sample CD: " + sampleDiscTracks(client.catalog()) + " tracks of \"" + SampleDisc.ALBUM + "\" by "
          + SampleDisc.ARTIST + ", named from the local disc database " + xmcd);
      out.println("client: " + client.catalog().size() + " songs from " + client.soundSmiths().size()
          + " SoundSmith(s); audio: " + (AudioSinks.javaSoundAvailable() ? "sound card" : "no sound card, real-time null sink"));
      seedFriend(dj, pki, home, client.catalog());
      // The jukebox in a browser: the HTML proxy, with a login for each demo user.
      ProxyServer web = ProxyCommand.demo(client, home, dir, pki, webPort, out);
      running.add(web);
      DjClient djClient = DjClient.builder(DjClient.viaDirectory(() -> RemoteLookup.directory(dir))).build();
      running.add(djClient);
      out.println("DJ: 'like', 'dislike', 'dj on', 'publish', 'blend all friend demo' (friend's profile is published)");

      if (window) {
        ClientCommand.Sessions shared = ClientCommand.Sessions.open(dir, userSecurity, client, out);
        if (shared != null) {
          running.add(shared);
        }
        SwingClientLauncher.run(client, djClient, shared == null ? null : shared.client,
            shared == null ? null : shared.playback, insecure ? null : "demo", volume, home, out);
        djClient.flush(Duration.ofSeconds(2));
        client.close();
        out.println("demo finished");
        return 0;
      }
      boolean tty = System.console() != null;
      TerminalClient ui = new TerminalClient(client, out, tty, songs).withDj(djClient);
      ClientCommand.Sessions shared = ClientCommand.Sessions.open(dir, userSecurity, client, out);
      if (shared != null) {
        running.add(shared); // closed before the session server and the directory
        shared.attach(ui);
        out.println(insecure ? "sessions: --insecure makes everyone 'anonymous'; run without it to share a session"
            : "sessions: type 'host friend' to share what you play; to join, from another terminal: ./jukebox client"
                + " --directory " + dir + " --home " + home.resolve("demo-pki") + " --user friend --key-passphrase-file "
                + home.resolve("demo-pki").resolve("passphrase") + "   then: join demo");
      }
      ui.run(in != null ? in : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), true);
      djClient.flush(Duration.ofSeconds(2));
      if (shared != null) {
        shared.close();
      }
      client.close(); // stop the music before saying so
      out.println("demo finished");
      return 0;
    } finally {
      Daemons.closeAll(running.toArray(AutoCloseable[]::new));
      ClientSecurity.uninstall();
    }
  }

  /** The demo's security settings for {@code service}, or null when running {@code --insecure}. */
  private SecurityConfig security(Pki pki, Path home, String service) throws Exception {
    return pki == null ? null : SecurityOptions.config(pki, CertificateKind.SERVICE, service,
        SecurityOptions.demoPassphrase(home), "signature", "anonymous");
  }

  private static Mp3SoundSmith mp3SoundSmith(Path home, Path music, String idPrefix, String name,
      SecurityConfig security, HostPort dir) throws Exception {
    Path data = SoundSmithIdentity.dataDir(home, music);
    SoundSmithConfig.Builder sc = SoundSmithConfig.builder(SoundSmithIdentity.load(data, idPrefix), name);
    if (security != null) {
      sc.security(security);
    }
    Mp3SoundSmith smith = Mp3SoundSmith.builder(music, data, sc.build()).build();
    smith.joinDirectory(() -> RemoteLookup.directory(dir), SoundSmithCommand.LEASE);
    return smith;
  }

  /**
   * Gives the demo a second listener, "friend", who likes the sample CD and has published their
   * profile, so that blending two tastes can be tried at once. Only on first run: a profile that
   * exists is left as it is.
   */
  private void seedFriend(DjServer dj, Pki pki, Path home, List<Song> catalog) throws Exception {
    if (pki == null) {
      return; // without SecureRMI every caller is anonymous: there is no "friend" to be
    }
    SecurityConfig friend = SecurityOptions.config(pki, CertificateKind.USER, "friend",
        SecurityOptions.demoPassphrase(home), "signature");
    DiscJockey asFriend = ClientSecurity.as(friend, dj.stub());
    if (!asFriend.profile("friend", 1).preferences().isEmpty()) {
      return;
    }
    List<ListeningEvent> likes = new ArrayList<>();
    for (Song s : catalog) {
      // The friend likes the sample CD and every other song of the library, and finishes them.
      if (s.artist().equals(SampleDisc.ARTIST) || catalog.indexOf(s) % 2 == 0) {
        likes.add(ListeningEvent.of(s.id(), EventKind.LIKED, s.duration()));
        likes.add(ListeningEvent.at(s.id(), EventKind.FINISHED, s.duration(), s.duration()));
      }
    }
    asFriend.report(likes);
    asFriend.publish(true);
  }

  private static long sampleDiscTracks(List<Song> catalog) {
    return catalog.stream()
        .filter(s -> s.album().equals(SampleDisc.ALBUM) && s.artist().equals(SampleDisc.ARTIST)
            && SampleDisc.TITLES.contains(s.title()))
        .count();
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
