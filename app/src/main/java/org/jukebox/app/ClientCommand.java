package org.jukebox.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.jukebox.client.JukeboxClient;
import org.jukebox.security.HostPort;
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
    try (JukeboxClient client = JukeboxClient.builder(() -> RemoteLookup.directory(dir)).build()) {
      client.start();
      out.println("connected to " + dir + ": " + client.soundSmiths().size() + " SoundSmiths, "
          + client.catalog().size() + " songs");
      TerminalClient ui = new TerminalClient(client, out, System.console() != null, songs);
      ui.run(in != null ? in : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), play);
    }
    return 0;
  }
}
