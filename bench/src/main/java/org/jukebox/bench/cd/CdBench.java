package org.jukebox.bench.cd;

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
}
