package org.jukebox.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.SoundSmithId;
import org.jukebox.security.AccessPolicies;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.RemoteLookup;
import org.jukebox.soundsmith.CdSoundSmith;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.cd.CdDrive;
import org.jukebox.soundsmith.cd.CdDrives;
import org.jukebox.soundsmith.SoundSmithConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jukebox soundsmith}: serves a collection of music. */
@Command(
    name = "soundsmith",
    mixinStandardHelpOptions = true,
    description = "Runs a SoundSmith: indexes a collection, announces it to a directory and streams it.",
    subcommands = {SoundSmithCommand.Mp3.class, SoundSmithCommand.Cd.class, CommandLine.HelpCommand.class})
final class SoundSmithCommand implements Runnable {
  /** The service certificate name a CD SoundSmith presents. */
  static final String CD_SOUNDSMITH_SERVICE = "org.jukebox.soundsmith.CdSoundSmith";

  /** How long each beacon asks the directory to keep the entry; renewed at half. */
  static final Duration LEASE = Duration.ofSeconds(30);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code jukebox soundsmith mp3 DIR}. */
  @Command(
      name = "mp3",
      mixinStandardHelpOptions = true,
      description = {
        "Serves the MP3 files under DIR.",
        "Keeps a persistent index under the data directory (a restart reads only changed files),"
            + " watches DIR for new, changed and deleted files, and streams songs over HTTP with"
            + " single-use tickets."
      })
  static final class Mp3 implements Callable<Integer> {
    @Mixin DaemonOptions daemon;
    @Mixin SecurityOptions security;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder tree of MP3 files.")
    Path folder;

    @Option(names = "--directory", paramLabel = "HOST:PORT", required = true,
        description = "The MusicDirectory to announce to.")
    String directory;

    @Option(names = "--name", paramLabel = "NAME", description = "Name shown to users (default: the folder's name).")
    String name;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP streaming port (default: any free port).")
    int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS",
        description = "Address HTTP listens on (default: 0.0.0.0 with --advertise, else 127.0.0.1).")
    String httpBind;

    @Option(names = "--policy", paramLabel = "FILE",
        description = "Access policy file: who may play what (default: everyone may play everything)."
            + " See the AccessPolicies javadoc for the format.")
    Path policyFile;

    @Option(names = "--rmi-port", paramLabel = "PORT", description = "Port of the remote object (default: any free port).")
    int rmiPort;

    @Override
    public Integer call() throws Exception {
      Path root = folder.toAbsolutePath().normalize();
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("not a folder: " + root);
      }
      HostPort dir = HostPort.parse(directory);
      String host = daemon.applyAdvertise();
      security.warnIfInsecure(System.err);
      SecurityConfig secure = security.service(daemon.home(), SecurityOptions.MP3_SOUNDSMITH_SERVICE);
      if (secure != null) {
        // Beacons and directory lookups authenticate with the SoundSmith's own certificate.
        ClientSecurity.install(secure);
      }
      String label = name != null ? name : root.getFileName() == null ? "music" : root.getFileName().toString();
      Path data = SoundSmithIdentity.dataDir(daemon.home(), root);
      SoundSmithId id = SoundSmithIdentity.load(data, label);
      String bind = httpBind != null ? httpBind : daemon.advertise != null ? "0.0.0.0" : "127.0.0.1";
      SoundSmithConfig.Builder config = SoundSmithConfig.builder(id, label)
          .httpBindAddress(bind)
          .httpPort(httpPort)
          .advertisedHost(host)
          .rmiPort(rmiPort);
      if (secure != null) {
        config.security(secure);
      }
      AccessPolicy policy = null;
      if (policyFile != null) {
        policy = AccessPolicies.load(policyFile, Clock.systemUTC());
        config.accessPolicy(policy);
      }
      Mp3SoundSmith smith = Mp3SoundSmith.builder(root, data, config.build()).build();
      smith.joinDirectory(() -> RemoteLookup.directory(dir), LEASE);
      smith.start();
      System.out.println("SoundSmith " + id + " (\"" + label + "\") serving " + root + " — HTTP port "
          + smith.httpPort() + ", announcing to " + dir);
      reportScan(smith, System.out);
      // The policy outlives the SoundSmith (its ledgers record the last plays).
      Daemons.runUntilStopped(policy, smith);
      return 0;
    }
  }

  /** {@code jukebox soundsmith cd DEVICE|IMAGE|FOLDER}. */
  @Command(
      name = "cd",
      mixinStandardHelpOptions = true,
      description = {
        "Serves the audio CD in DEVICE (read with cdparanoia), the disc image IMAGE (a .cue file with its"
            + " WAV or BIN files, or a folder of track WAVs), or the newest image in FOLDER.",
        "Each track is a song (\"Track 3\" of \"Unknown disc <freedb id>\" until names are found),"
            + " streamed as .au (audio/basic) or, with ?format=wav or --wav, WAV. Inserting, ejecting or"
            + " swapping the disc (dropping a new image into FOLDER) updates the catalog."
      })
  static final class Cd implements Callable<Integer> {
    @Mixin DaemonOptions daemon;
    @Mixin SecurityOptions security;

    @Parameters(index = "0", paramLabel = "DEVICE|IMAGE|FOLDER",
        description = "A CD device (/dev/sr0), a .cue file or disc folder, or a folder of disc images.")
    String drive;

    @Option(names = "--directory", paramLabel = "HOST:PORT", required = true,
        description = "The MusicDirectory to announce to.")
    String directory;

    @Option(names = "--name", paramLabel = "NAME", description = "Name shown to users (default: the drive's name).")
    String name;

    @Option(names = "--wav", description = "Stream WAV (audio/wav) by default instead of .au (audio/basic).")
    boolean wav;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP streaming port (default: any free port).")
    int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS",
        description = "Address HTTP listens on (default: 0.0.0.0 with --advertise, else 127.0.0.1).")
    String httpBind;

    @Option(names = "--policy", paramLabel = "FILE",
        description = "Access policy file: who may play what (default: everyone may play everything).")
    Path policyFile;

    @Option(names = "--rmi-port", paramLabel = "PORT", description = "Port of the remote object (default: any free port).")
    int rmiPort;

    @Override
    public Integer call() throws Exception {
      CdDrive cdDrive = CdDrives.open(drive);
      HostPort dir = HostPort.parse(directory);
      String host = daemon.applyAdvertise();
      security.warnIfInsecure(System.err);
      SecurityConfig secure = security.service(daemon.home(), CD_SOUNDSMITH_SERVICE);
      if (secure != null) {
        ClientSecurity.install(secure);
      }
      Path source = Path.of(drive).toAbsolutePath().normalize();
      String label = name != null ? name : "CD " + (source.getFileName() == null ? drive : source.getFileName());
      Path data = SoundSmithIdentity.dataDir(daemon.home(), source);
      SoundSmithId id = SoundSmithIdentity.load(data, label);
      String bind = httpBind != null ? httpBind : daemon.advertise != null ? "0.0.0.0" : "127.0.0.1";
      SoundSmithConfig.Builder config = SoundSmithConfig.builder(id, label)
          .httpBindAddress(bind)
          .httpPort(httpPort)
          .advertisedHost(host)
          .rmiPort(rmiPort);
      if (secure != null) {
        config.security(secure);
      }
      AccessPolicy policy = null;
      if (policyFile != null) {
        policy = AccessPolicies.load(policyFile, Clock.systemUTC());
        config.accessPolicy(policy);
      }
      CdSoundSmith.Builder b = CdSoundSmith.builder(config.build(), cdDrive);
      if (wav) {
        b.wav();
      }
      CdSoundSmith smith = b.build();
      smith.joinDirectory(() -> RemoteLookup.directory(dir), LEASE);
      smith.start();
      System.out.println("CD SoundSmith " + id + " (\"" + label + "\") serving " + cdDrive.name() + " — HTTP port "
          + smith.httpPort() + ", announcing to " + dir);
      System.out.println(smith.disc().map(d -> "disc: " + d.toc().trackCount() + " tracks, "
          + d.toc().duration().toSeconds() / 60 + ":" + String.format("%02d", d.toc().duration().toSeconds() % 60)
          + ", freedb " + d.toc().freedbId() + ", MusicBrainz " + d.toc().musicBrainzId())
          .orElse("no disc in the drive: waiting for one"));
      Daemons.runUntilStopped(policy, smith);
      return 0;
    }
  }

  /** Prints a progress line while the initial scan runs, then its summary. */
  static void reportScan(Mp3SoundSmith smith, PrintStream out) throws Exception {
    boolean tty = System.console() != null;
    long lastPrinted = -1;
    while (true) {
      try {
        Mp3SoundSmith.ScanResult r = smith.initialScan().get(250, TimeUnit.MILLISECONDS);
        if (tty) {
          out.print("\r\033[2K");
        }
        out.println("indexed " + r.seen() + " files: " + (r.seen() - r.skipped()) + " songs, "
            + r.skipped() + " skipped, " + r.parsed() + " read (the rest were unchanged); catalog version "
            + r.version());
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        Mp3SoundSmith.Progress p = smith.progress();
        String line = "indexing: " + p.seen() + " files seen, " + p.indexed() + " songs, " + p.skipped() + " skipped";
        if (tty) {
          out.print("\r\033[2K" + line);
          out.flush();
        } else if (p.seen() / 1000 != lastPrinted) {
          lastPrinted = p.seen() / 1000;
          out.println(line);
        }
      }
    }
  }
}
