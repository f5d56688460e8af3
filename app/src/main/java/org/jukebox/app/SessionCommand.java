package org.jukebox.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.SecurityConfig;
import org.jukebox.session.SessionServerDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jukebox session}: runs a session server until stopped. */
@Command(
    name = "session",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a session server: shared listening sessions in which a host plays and every listener"
          + " hears the same song at the same position.",
      "It announces itself to the directory, which assigns new sessions to the live session servers."
          + " Sessions are kept in Derby (embedded under the data directory, or at --jdbc-url), so a"
          + " restart continues them; songs a host uploads are kept until their session ends."
    })
final class SessionCommand implements Callable<Integer> {
  @Mixin DaemonOptions daemon;
  @Mixin SecurityOptions security;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port of the session server's registry and service (default: ${DEFAULT-VALUE}).")
  int port = SessionServerDaemon.DEFAULT_PORT;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port that streams uploaded songs to listeners (default: any free port).")
  int httpPort;

  @Option(names = "--directory", paramLabel = "HOST:PORT",
      description = "The MusicDirectory to announce to (default: ${DEFAULT-VALUE}).")
  String directory = "127.0.0.1:" + HostPort.DEFAULT_DIRECTORY_PORT;

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "Keep sessions in this database (a Derby Network Server, or another JDBC database whose"
          + " driver is on the class path) instead of embedded Derby under DATA_DIR/sessions.")
  String jdbcUrl;

  @Override
  public Integer call() throws Exception {
    SessionServerDaemon server = start(System.out);
    Daemons.runUntilStopped(server);
    return 0;
  }

  /** Starts the session server as configured and says where it is. Test seam for {@link #call()}. */
  SessionServerDaemon start(PrintStream out) throws Exception {
    String host = daemon.applyAdvertise();
    HostPort dir = HostPort.parse(directory);
    security.warnIfInsecure(System.err);
    Path home = daemon.home();
    SessionServerDaemon.Builder builder = SessionServerDaemon.builder(home.resolve("sessions"))
        .port(port).httpPort(httpPort).advertisedHost(host).directory(dir);
    if (jdbcUrl != null) {
      builder.jdbcUrl(jdbcUrl);
    }
    SecurityConfig secure = security.service(home, SessionServerDaemon.SERVICE_NAME);
    if (secure != null) {
      // Its own calls (announcements and reports to the directory) use the same certificate.
      ClientSecurity.install(secure);
      builder.security(secure).directoryPrincipal(DirectoryServer.SERVICE_NAME);
    }
    SessionServerDaemon server = builder.build().start();
    out.println("session server listening on " + HostPort.of(host, server.port()) + ", uploads streamed on port "
        + server.httpPort() + ", data in " + (jdbcUrl != null ? jdbcUrl : home.resolve("sessions"))
        + ", announced to the directory at " + dir
        + (secure != null ? " (SecureRMI)" : " (plain RMI: every caller is anonymous)"));
    return server;
  }
}
