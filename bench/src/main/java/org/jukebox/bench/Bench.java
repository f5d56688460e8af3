package org.jukebox.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bench} command: one subcommand per figure of docs/BENCHMARKS.md ({@code directory},
 * {@code streaming}, {@code indexing}, {@code secure-rmi}), each printing its figures as plain
 * text and exiting by itself, plus the hidden {@code serve-*} subcommands that run the server side in a child JVM.
 *
 * <p>Run it as {@code java -cp "bench/target/jukebox-bench.jar:bench/target/lib/*"
 * org.jukebox.bench.Bench SUBCOMMAND [options]}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Jukebox benchmarks; every figure goes to docs/BENCHMARKS.md with the command that made it.",
    subcommands = {
        DirectoryBench.Cli.class,
        StreamingBench.Cli.class,
        IndexingBench.Cli.class,
        SecureRmiBench.Cli.class,
        org.jukebox.bench.dj.DjEval.Cli.class, org.jukebox.bench.dj.DjSpeed.Cli.class, org.jukebox.bench.dj.DjIngest.Cli.class,
        org.jukebox.bench.rip.RipBench.Cli.class,
        org.jukebox.bench.cd.DiscIdBench.Cli.class, org.jukebox.bench.cd.CdStreamingBench.Cli.class,
        org.jukebox.bench.sync.SyncBench.Cli.class, org.jukebox.bench.sync.SyncRmiBench.Cli.class,
        DirectoryBench.Serve.class,
        StreamingBench.Serve.class,
        SecureRmiBench.Serve.class,
    })
public final class Bench {
  private Bench() {}

  /** Runs the command line and exits with its status (RMI leaves non-daemon threads behind). */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Bench());
    cl.registerConverter(Duration.class, Bench::duration);
    // Parameters are checked where they are gathered (the Params records); report those checks
    // as bad usage, not as a crash.
    cl.setExecutionExceptionHandler((e, command, parsed) -> {
      if (e instanceof IllegalArgumentException) {
        command.getErr().println(e.getMessage());
        command.usage(command.getErr());
        return command.getCommandSpec().exitCodeOnInvalidInput();
      }
      throw e;
    });
    return cl;
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  /**
   * Reads {@code 500ms}, {@code 10s}, {@code 2m} or an ISO-8601 duration ({@code PT10S}).
   *
   * @throws IllegalArgumentException naming the text if it is none of these
   */
  static Duration duration(String text) {
    Matcher m = SHORT_DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMinutes(n);
      };
    }
    try {
      return Duration.parse(text.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration (like 500ms, 10s, 2m or PT10S): " + text);
    }
  }

  /** Checks that {@code value} lies in {@code [min, max]}, with the message {@code "name < min: value"}. */
  static int inRange(String name, int value, int min, int max) {
    if (value < min) {
      throw new IllegalArgumentException(name + " < " + min + ": " + value);
    }
    if (value > max) {
      throw new IllegalArgumentException(name + " > " + max + ": " + value);
    }
    return value;
  }

  /** Checks that {@code value} lies in {@code [min, max]}, with the message {@code "name < min: value"}. */
  static Duration inRange(String name, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(name + " < " + text(min) + ": " + text(value));
    }
    if (value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " > " + text(max) + ": " + text(value));
    }
    return value;
  }

  /** A duration as people write it: {@code 250ms}, {@code 10s}, {@code 1.5s}. */
  static String text(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 1000 == 0) {
      return (ms / 1000) + "s";
    }
    return String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
  }

  /** Nanoseconds as milliseconds with three decimals. */
  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }
}
