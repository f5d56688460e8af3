package org.jukebox.app;

import java.util.concurrent.Callable;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.SecurityConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jukebox directory}: runs a MusicDirectory until stopped. */
@Command(
    name = "directory",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a MusicDirectory: the registry of live SoundSmiths.",
      "SoundSmiths announce themselves with beacons and hold a lease; an entry whose lease runs out"
          + " disappears. The RMI registry and the directory share one port."
    })
final class DirectoryCommand implements Callable<Integer> {
  @Mixin DaemonOptions daemon;
  @Mixin SecurityOptions security;

  @Option(names = "--port", paramLabel = "PORT", description = "Port of the registry and directory (default: ${DEFAULT-VALUE}).")
  int port = HostPort.DEFAULT_DIRECTORY_PORT;

  @Override
  public Integer call() throws Exception {
    String host = daemon.applyAdvertise();
    security.warnIfInsecure(System.err);
    DirectoryServer.Builder builder = DirectoryServer.builder().port(port);
    SecurityConfig secure = security.service(daemon.home(), DirectoryServer.SERVICE_NAME);
    if (secure != null) {
      // Its own calls (to listeners) authenticate with the same certificate.
      ClientSecurity.install(secure);
      builder.security(secure);
    }
    DirectoryServer server = builder.build();
    server.start();
    System.out.println("SoundSmiths and clients join with --directory " + HostPort.of(host, server.port())
        + (secure != null ? " (SecureRMI: TLS 1.3, certificates from the jukebox CA)" : ""));
    Daemons.runUntilStopped(server);
    return 0;
  }
}
