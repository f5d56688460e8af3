package org.jukebox.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jukebox.client.JukeboxClient;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.RemoteLookup;
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

  @Option(names = "--songs", paramLabel = "N", description = "Exit after N songs have ended (default: no limit).")
  int songs;

  @Override
  public Integer call() throws Exception {
    daemon.applyAdvertise();
    HostPort dir = HostPort.parse(directory);
    security.warnIfInsecure(System.err);
    SecurityConfig secure = security.user(daemon.home(), user);
    JukeboxClient.Builder builder = JukeboxClient.builder(() -> RemoteLookup.directory(dir));
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
      TerminalClient ui = new TerminalClient(client, out, System.console() != null, songs);
      ui.run(in != null ? in : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), play);
    }
    return 0;
  }
}
