package org.jukebox.bench.cd;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The CD benchmarks ({@code cd-discid}, {@code cd-streaming}) as their own command, so they run
 * whether or not {@code Bench} lists them:
 * {@code java -cp "bench/target/jukebox-bench.jar:bench/target/lib/*" org.jukebox.bench.cd.CdBench cd-discid}.
 */
@Command(name = "cd-bench", mixinStandardHelpOptions = true, description = "Jukebox CD benchmarks.",
    subcommands = {DiscIdBench.Cli.class, CdStreamingBench.Cli.class})
public final class CdBench {
  private CdBench() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new CdBench()).execute(args));
  }

  /** Prints the machine the figures come from: CPU, cores, JVM. */
  static void describeMachine(PrintStream out) {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException e) {
      // not Linux: the JVM line still says enough
    }
    out.printf("machine: %s, %d cores, Java %s (%s)%n", cpu, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), System.getProperty("java.vm.name"));
  }
}
