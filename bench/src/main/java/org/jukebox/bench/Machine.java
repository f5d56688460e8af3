package org.jukebox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Describes the machine and its load, so every printed figure says where it was measured. */
public final class Machine {
  private Machine() {}

  /** Prints date, processors, CPU model, load average, JVM and max heap. */
  public static void describe(PrintStream out) {
    out.println("date:        " + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    out.println("processors:  " + Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")");
    out.println("load avg:    " + loadAverage());
    out.println("jvm:         " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
  }

  /** The first three fields of /proc/loadavg, or "unknown". */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: say nothing more
    }
    return "cpu model unknown";
  }
}
