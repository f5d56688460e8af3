package org.jukebox.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until Mp3SoundSmith is committed. */
final class IndexingBench {
  private IndexingBench() {}

  @Command(name = "indexing", mixinStandardHelpOptions = true, description = "not yet")
  static final class Cli implements Callable<Integer> {
    @Override
    public Integer call() {
      return 2;
    }
  }
}
