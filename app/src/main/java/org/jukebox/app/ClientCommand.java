package org.jukebox.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jukebox.api.SessionDirectory;
import org.jukebox.client.DjClient;
import org.jukebox.swing.controller.GainSink;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.ServedSong;
import org.jukebox.client.SessionClient;
import org.jukebox.client.SessionPlayback;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecureClientSocketFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jukebox client}: the terminal client. */
@Command(
    name = "client",
    mixinStandardHelpOptions = true,
    description = {
      "The terminal client: browse every live SoundSmith, queue songs and play them.",
      "Type 'help' at the prompt for commands."
    })
final class ClientCommand implements Callable<Integer> {
  @Mixin DaemonOptions daemon;
  @Mixin SecurityOptions security;

  @Option(names = "--user", paramLabel = "NAME",
      description = "Whose certificate to present (default: your login name).")
  String user = System.getProperty("user.name");

  /** Test seams: where commands come from and output goes (default: the terminal). */
  BufferedReader in;
  PrintStream out = System.out;

  @Option(names = "--directory", paramLabel = "HOST:PORT",
      description = "The MusicDirectory (default: ${DEFAULT-VALUE}).")
  String directory = "127.0.0.1:" + HostPort.DEFAULT_DIRECTORY_PORT;

  @Option(names = "--play", description = "Queue the whole catalog, shuffled, and start playing.")
  boolean play;

  @Option(names = "--gui", description = "Open the desktop window instead of the terminal client.")
  boolean gui;

  @Option(names = "--songs", paramLabel = "N", description = "Exit after N songs have ended (default: no limit).")
  int songs;

  @Override
  public Integer call() throws Exception {
    daemon.applyAdvertise();
    HostPort dir = HostPort.parse(directory);
    security.warnIfInsecure(System.err);
    SecurityConfig secure = security.user(daemon.home(), user);
    if (gui && !SwingClientLauncher.available()) {
      out.println("jukebox client --gui: no display to open a window on (is DISPLAY set?)");
      return 1;
    }
    GainSink volume = gui ? SwingClientLauncher.volumeSink() : null;
    JukeboxClient.Builder builder = JukeboxClient.builder(() -> RemoteLookup.directory(dir));
    if (volume != null) {
      builder.audioSink(volume);
    }
    if (secure != null) {
      ClientSecurity.install(secure);
      // The directory calls back over SecureRMI too, reaching this user's certificate.
      builder.exporter(RemoteExporter.secure(secure, 0));
      // Streams come over HTTPS, from SoundSmiths with jukebox service certificates.
      builder.httpClient(SecureHttp.httpClient(secure));
    }
    try (JukeboxClient client = builder.build()) {
      client.start();
      out.println("connected to " + dir + ": " + client.soundSmiths().size() + " SoundSmiths, "
          + client.catalog().size() + " songs");
      if (gui) {
        DjClient dj = DjClient.builder(DjClient.viaDirectory(() -> RemoteLookup.directory(dir))).build();
        Sessions shared = Sessions.open(dir, secure, client, out);
        try {
          SwingClientLauncher.run(client, dj, shared == null ? null : shared.client,
              shared == null ? null : shared.playback, secure == null ? null : user, volume, daemon.home(), out);
        } finally {
          if (shared != null) {
            shared.close();
          }
          dj.close();
        }
        return 0;
      }
      TerminalClient ui = new TerminalClient(client, out, System.console() != null, songs);
      // The DJ is found through the directory when it is asked for the first time; events wait
      // in a bounded queue until then.
      ui.withDj(DjClient.builder(DjClient.viaDirectory(() -> RemoteLookup.directory(dir))).build());
      Sessions sessions = Sessions.open(dir, secure, client, out);
      try {
        if (sessions != null) {
          sessions.attach(ui);
        }
        ui.run(in != null ? in : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), play);
      } finally {
        if (sessions != null) {
          sessions.close();
        }
        ui.closeDj();
      }
    }
    return 0;
  }

  /**
   * The terminal's shared sessions: a {@link SessionClient} online with the directory's
   * {@link SessionDirectory} and a {@link SessionPlayback} of its own, closed together.
   */
  static final class Sessions implements AutoCloseable {
    final SessionClient client;
    final SessionPlayback playback;
    private final RemoteExporter exporter;

    private Sessions(SessionClient client, SessionPlayback playback, RemoteExporter exporter) {
      this.client = client;
      this.playback = playback;
      this.exporter = exporter;
    }

    /**
     * Goes online for sessions with the directory at {@code dir}, as the user of {@code secure}
     * (plain RMI when null); null, after saying why on {@code out}, when the directory offers none.
     */
    static Sessions open(HostPort dir, SecurityConfig secure, JukeboxClient songs, PrintStream out) {
      RemoteExporter exporter = null;
      SessionClient client = null;
      try {
        SessionDirectory sd = RemoteLookup.lookup(dir, SessionDirectory.REGISTRY_NAME, SessionDirectory.class,
            secure == null ? null : SecureClientSocketFactory.forService(RemoteLookup.DIRECTORY_SERVICE));
        // Tickets for the session's songs are asked and used as this user, even in a process
        // whose installed credentials are someone else's (a SoundSmith binds a ticket to its caller).
        SessionClient.Builder b = SessionClient.builder(sd).songLocator(secure == null ? songs
            : id -> songs.locate(id).map(s -> new ServedSong(s.song(), s.server(), ClientSecurity.as(secure, s.soundSmith()))));
        SessionPlayback.Builder pb;
        if (secure != null) {
          exporter = RemoteExporter.secure(secure, 0);
          b.security(secure).exporter(exporter).httpClient(SecureHttp.httpClient(secure));
        }
        client = b.build().start();
        pb = SessionPlayback.builder(client);
        if (secure != null) {
          pb.httpClient(SecureHttp.httpClient(secure));
        }
        return new Sessions(client, pb.build().start(), exporter);
      } catch (Exception e) {
        out.println("shared sessions are not available (" + e.getMessage() + ")");
        if (client != null) {
          client.close();
        }
        if (exporter != null) {
          exporter.close();
        }
        return null;
      }
    }

    /** Gives {@code ui} the session commands. */
    TerminalSessions attach(TerminalClient ui) {
      return TerminalSessions.attach(ui, client, playback);
    }

    @Override
    public void close() {
      playback.close();
      client.close();
      if (exporter != null) {
        exporter.close();
      }
    }
  }
}
