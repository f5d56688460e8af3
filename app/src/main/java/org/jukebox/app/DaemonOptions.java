package org.jukebox.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every daemon takes: where its data lives and the address its remote references carry.
 * A picocli mixin.
 */
final class DaemonOptions {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Data directory (default: $JUKEBOX_HOME, or ~/.jukebox).")
  Path home;

  @Option(
      names = "--advertise",
      paramLabel = "HOST",
      description = "Host name or address that other hosts use to reach this process; it goes into"
          + " remote references and stream URLs (default: 127.0.0.1).")
  String advertise;

  /** The data directory, created if missing. */
  Path home() {
    return home(home, System.getenv());
  }

  static Path home(Path explicit, Map<String, String> env) {
    Path dir = explicit;
    if (dir == null) {
      String fromEnv = env.get("JUKEBOX_HOME");
      dir = fromEnv != null && !fromEnv.isBlank()
          ? Path.of(fromEnv)
          : Path.of(System.getProperty("user.home"), ".jukebox");
    }
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create data directory " + dir + ": " + e.getMessage(), e);
    }
    return dir.toAbsolutePath().normalize();
  }

  /**
   * The advertised host, applied to this JVM's RMI runtime. Must run before anything is exported:
   * RMI reads {@code java.rmi.server.hostname} when it writes a stub.
   */
  String applyAdvertise() {
    String host = advertise == null || advertise.isBlank() ? "127.0.0.1" : advertise.trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    System.setProperty("java.rmi.server.hostname", host);
    return host;
  }
}
