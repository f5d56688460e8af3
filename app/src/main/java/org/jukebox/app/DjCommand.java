package org.jukebox.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jukebox.dj.DjServer;
import org.jukebox.dj.Recommender;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.SecurityConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jukebox dj}: runs a DJ until stopped. */
@Command(
    name = "dj",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a DJ: learns what each user likes from what they play, skip and rate, and picks their"
          + " next songs.",
      "Events are kept in Derby (embedded under the data directory, or at --jdbc-url). The DJ"
          + " announces itself to the directory; clients find it there.",
      "Every call acts for the caller's certificate: with --insecure every caller is anonymous and"
          + " may only read published profiles."
    })
final class DjCommand implements Callable<Integer> {
  @Mixin DaemonOptions daemon;
  @Mixin SecurityOptions security;

  @Option(names = "--port", paramLabel = "PORT", description = "Port of the DJ's registry and service (default: ${DEFAULT-VALUE}).")
  int port = DjServer.DEFAULT_PORT;

  @Option(names = "--directory", paramLabel = "HOST:PORT",
      description = "The MusicDirectory to announce to (default: ${DEFAULT-VALUE}).")
  String directory = "127.0.0.1:" + HostPort.DEFAULT_DIRECTORY_PORT;

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "Keep the data in this database (a Derby Network Server, or another JDBC database whose"
          + " driver is on the class path) instead of embedded Derby under DATA_DIR/dj.")
  String jdbcUrl;

  @Option(names = "--recommender", paramLabel = "KIND",
      description = "Collaborative filtering: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Recommender recommender = Recommender.ITEM_BASED;

  @Override
  public Integer call() throws Exception {
    DjServer server = start(System.out);
    Daemons.runUntilStopped(server);
    return 0;
  }

  /** Starts the DJ as configured and says where it is. Test seam: {@link #call()} then waits. */
  DjServer start(PrintStream out) throws Exception {
    String host = daemon.applyAdvertise();
    HostPort dir = HostPort.parse(directory);
    security.warnIfInsecure(System.err);
    Path home = daemon.home();
    DjServer.Builder builder = DjServer.builder().port(port).recommender(recommender).directory(dir);
    if (jdbcUrl != null) {
      builder.jdbcUrl(jdbcUrl);
    } else {
      builder.dataDir(home.resolve("dj"));
    }
    SecurityConfig secure = security.service(home, DjServer.SERVICE_NAME);
    if (secure != null) {
      // Its own calls (announcements to the directory) authenticate with the same certificate.
      ClientSecurity.install(secure);
      builder.security(secure);
    }
    DjServer server = builder.build().start();
    out.println("DJ listening on " + HostPort.of(host, server.port()) + ", data in "
        + (jdbcUrl != null ? jdbcUrl : home.resolve("dj")) + ", announced to the directory at " + dir
        + (secure != null ? " (SecureRMI)" : " (plain RMI: every caller is anonymous)"));
    return server;
  }
}
