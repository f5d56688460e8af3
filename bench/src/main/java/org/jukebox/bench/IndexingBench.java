package org.jukebox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmithId;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.Mp3SoundSmith.ScanResult;
import org.jukebox.soundsmith.SoundSmithConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Indexing a large MP3 library with {@link Mp3SoundSmith}: a cold index (empty data folder) in
 * files per second, then for the unchanged library a rescan of the running SoundSmith and a
 * restart from its persistent index, and the heap a big catalog takes.
 *
 * <p>The library is made by {@link BenchLibrary} once under {@code --library-dir} and reused. The
 * files stay in the OS page cache between runs (the machine has plenty of RAM), so "cold" means
 * no index, not a cold disk: the figure is CPU-bound parsing, walking and cataloguing.
 *
 * <p>Heap: used heap after forced full GCs, before the SoundSmith is built and after its initial
 * scan of a {@code --heap-songs} library (and again after a restart from the index), divided by
 * the songs in the catalog. It counts everything the SoundSmith keeps per song: catalog entries
 * and their {@code Song} records and sources, the persistent index's entries, and the folder
 * watcher's keys.
 */
final class IndexingBench {
  private IndexingBench() {}

  /** What to run; validated at construction with exact messages. */
  record Params(int files, int heapSongs, int repeat, int parserThreads, Path libraryDir) {
    Params {
      Bench.inRange("files", files, 1, 1_000_000);
      Bench.inRange("heapSongs", heapSongs, 0, 1_000_000);
      Bench.inRange("repeat", repeat, 1, 10);
      Bench.inRange("parserThreads", parserThreads, 1, 64);
      java.util.Objects.requireNonNull(libraryDir, "libraryDir");
    }
  }

  /** One cold index, rescan and restart of the timing library; times in nanoseconds. */
  record Round(ScanResult cold, long coldNanos, long startNanos, ScanResult rescan, long rescanNanos,
      ScanResult restart, long restartStartNanos, long restartNanos, int songsAfterRestartStart) {
    double filesPerSecond() {
      return cold.seen() / (coldNanos / 1e9);
    }
  }

  /** The heap figure. */
  record Heap(int songs, long baselineBytes, long afterColdBytes, long afterRestartBytes, long coldNanos, int restartSongs) {
    long perSongCold() {
      return songs == 0 ? 0 : (afterColdBytes - baselineBytes) / songs;
    }

    long perSongRestart() {
      return restartSongs == 0 ? 0 : (afterRestartBytes - baselineBytes) / restartSongs;
    }
  }

  /** What a run measured. */
  record Result(Params params, List<Round> rounds, int songs, int artists, int albums, int genres, int timed,
      int withCover, Heap heap) {
    boolean clean() {
      for (Round r : rounds) {
        if (r.cold.seen() != params.files() || r.cold.skipped() != 0 || r.rescan.parsed() != 0
            || r.restart.parsed() != 0 || r.songsAfterRestartStart != params.files()) {
          return false;
        }
      }
      return songs == params.files() && timed == songs && (heap == null || heap.songs == params.heapSongs());
    }

    void print(PrintStream out) {
      out.println();
      out.printf(Locale.ROOT, "library: %d files; catalog after a cold index: %d songs, %d artists, %d albums, %d genres,"
          + " %d with a duration and bit rate, %d with cover art%n", params.files(), songs, artists, albums, genres, timed,
          withCover);
      List<Double> rates = new ArrayList<>();
      List<Long> rescans = new ArrayList<>();
      List<Long> restarts = new ArrayList<>();
      for (int i = 0; i < rounds.size(); i++) {
        Round r = rounds.get(i);
        out.printf(Locale.ROOT, "round %d: cold index %d files (%d read, %d skipped) in %.2f s = %.0f files/s"
                + " (start() %.2f s of it); rescan %.3f s (%d read); restart %.3f s to scan done (%d read),"
                + " %d songs restored at start()%n", i + 1, r.cold.seen(), r.cold.parsed(), r.cold.skipped(),
            r.coldNanos / 1e9, r.filesPerSecond(), r.startNanos / 1e9, r.rescanNanos / 1e9, r.rescan.parsed(),
            r.restartNanos / 1e9, r.restart.parsed(), r.songsAfterRestartStart);
        rates.add(r.filesPerSecond());
        rescans.add(r.rescanNanos);
        restarts.add(r.restartNanos);
      }
      double rate = median(rates);
      long rescan = median(rescans);
      long restart = median(restarts);
      out.printf(Locale.ROOT, "median of %d: cold %.0f files/s (target >= 2000: %s); rescan %.3f s, restart %.3f s"
              + " (target <= 2 s: %s)%n", rounds.size(), rate, rate >= 2000 ? "met" : "MISSED", rescan / 1e9,
          restart / 1e9, Math.max(rescan, restart) <= 2_000_000_000L ? "met" : "MISSED");
      if (heap != null) {
        out.printf(Locale.ROOT, "heap: %d songs indexed cold in %.1f s (%.0f files/s); used heap %.1f MB before, "
                + "%.1f MB after = %d bytes/song, %.1f MB per 100k songs (target <= 256 MB: %s)%n", heap.songs,
            heap.coldNanos / 1e9, heap.songs / (heap.coldNanos / 1e9), heap.baselineBytes / 1e6,
            heap.afterColdBytes / 1e6, heap.perSongCold(), heap.perSongCold() * 100_000 / 1e6,
            heap.perSongCold() * 100_000 <= 256L * 1024 * 1024 ? "met" : "MISSED");
        out.printf(Locale.ROOT, "  after a restart from the index: %.1f MB = %d bytes/song (%d songs)%n",
            heap.afterRestartBytes / 1e6, heap.perSongRestart(), heap.restartSongs);
      }
    }
  }

  static <T extends Comparable<T>> T median(List<T> values) {
    List<T> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    return sorted.get((sorted.size() - 1) / 2);
  }

  /**
   * Makes the libraries if missing, then runs the rounds and the heap measurement.
   *
   * @throws Exception if a library cannot be written or a SoundSmith cannot start
   */
  static Result run(Params p, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "indexing benchmark: cold index, rescan and restart of %d MP3 files (%d rounds, %d parser"
        + " threads); heap for %d songs%n", p.files(), p.repeat(), p.parserThreads(), p.heapSongs());
    Machine.describe(out);
    Path library = p.libraryDir().resolve(p.files() + "-files");
    ensureLibrary(library, p.files(), out);
    List<Round> rounds = new ArrayList<>();
    int[] shape = null;
    for (int r = 0; r < p.repeat(); r++) {
      RoundAndShape rs = round(p, library, out);
      rounds.add(rs.round);
      shape = rs.shape;
    }
    Heap heap = null;
    if (p.heapSongs() > 0) {
      Path heapLibrary = p.libraryDir().resolve(p.heapSongs() + "-files");
      ensureLibrary(heapLibrary, p.heapSongs(), out);
      heap = heap(p, heapLibrary, out);
    }
    return new Result(p, rounds, shape[0], shape[1], shape[2], shape[3], shape[4], shape[5], heap);
  }

  private static void ensureLibrary(Path library, int files, PrintStream out) throws IOException {
    long start = System.nanoTime();
    if (BenchLibrary.ensure(library, files, Runtime.getRuntime().availableProcessors())) {
      out.printf(Locale.ROOT, "wrote the %d-file library under %s in %.1f s%n", files, library,
          (System.nanoTime() - start) / 1e9);
    } else {
      out.printf(Locale.ROOT, "reusing the %d-file library under %s%n", files, library);
    }
  }

  private record RoundAndShape(Round round, int[] shape) {}

  private static RoundAndShape round(Params p, Path library, PrintStream out) throws Exception {
    Path data = Files.createTempDirectory("jukebox-bench-index-");
    try {
      long timeout = 60 + p.files() / 200;
      Mp3SoundSmith cold = build(p, library, data);
      ScanResult coldScan;
      ScanResult rescan;
      long coldNanos;
      long startNanos;
      long rescanNanos;
      int[] shape;
      try {
        long t0 = System.nanoTime();
        cold.start();
        startNanos = System.nanoTime() - t0;
        coldScan = cold.initialScan().get(timeout, TimeUnit.SECONDS);
        coldNanos = System.nanoTime() - t0;
        shape = shape(cold);
        long t1 = System.nanoTime();
        rescan = cold.rescan().get(timeout, TimeUnit.SECONDS);
        rescanNanos = System.nanoTime() - t1;
      } finally {
        cold.close();
      }
      Mp3SoundSmith again = build(p, library, data);
      ScanResult restartScan;
      long restartStartNanos;
      long restartNanos;
      int restored;
      try {
        long t2 = System.nanoTime();
        again.start();
        restartStartNanos = System.nanoTime() - t2;
        restored = again.info().songCount();
        restartScan = again.initialScan().get(timeout, TimeUnit.SECONDS);
        restartNanos = System.nanoTime() - t2;
      } finally {
        again.close();
      }
      Round round = new Round(coldScan, coldNanos, startNanos, rescan, rescanNanos, restartScan, restartStartNanos,
          restartNanos, restored);
      out.printf(Locale.ROOT, "  cold %.2f s (%.0f files/s), rescan %.3f s, restart %.3f s%n", coldNanos / 1e9,
          round.filesPerSecond(), rescanNanos / 1e9, restartNanos / 1e9);
      return new RoundAndShape(round, shape);
    } finally {
      delete(data);
    }
  }

  private static Heap heap(Params p, Path library, PrintStream out) throws Exception {
    Path data = Files.createTempDirectory("jukebox-bench-heap-");
    try {
      long timeout = 60 + p.heapSongs() / 200;
      long baseline = usedHeapAfterGc();
      Mp3SoundSmith smith = build(p, library, data);
      long coldNanos;
      long afterCold;
      int songs;
      try {
        long t0 = System.nanoTime();
        smith.start();
        smith.initialScan().get(timeout, TimeUnit.SECONDS);
        coldNanos = System.nanoTime() - t0;
        afterCold = usedHeapAfterGc();
        songs = smith.info().songCount();
      } finally {
        smith.close();
      }
      smith = null;
      Mp3SoundSmith again = build(p, library, data);
      long afterRestart;
      int restartSongs;
      try {
        again.start();
        again.initialScan().get(timeout, TimeUnit.SECONDS);
        afterRestart = usedHeapAfterGc();
        restartSongs = again.info().songCount();
      } finally {
        again.close();
      }
      out.printf(Locale.ROOT, "  heap library: %d songs in %.1f s%n", songs, coldNanos / 1e9);
      return new Heap(songs, baseline, afterCold, afterRestart, coldNanos, restartSongs);
    } finally {
      delete(data);
    }
  }

  private static Mp3SoundSmith build(Params p, Path library, Path data) {
    SoundSmithConfig config = SoundSmithConfig.builder(new SoundSmithId("bench-library"), "Bench library").build();
    return Mp3SoundSmith.builder(library, data, config).parserThreads(p.parserThreads()).build();
  }

  /**
   * Songs, distinct artists, albums and genres, songs with duration, bit rate and sample rate, and
   * songs with cover art in the catalog: the tags and audio headers really were read.
   */
  private static int[] shape(Mp3SoundSmith smith) {
    List<Song> songs = smith.catalog(0).upserts();
    Set<String> artists = new HashSet<>();
    Set<String> albums = new HashSet<>();
    Set<String> genres = new HashSet<>();
    int timed = 0;
    int covered = 0;
    for (Song s : songs) {
      if (!s.duration().isZero() && s.bitrateKbps() > 0 && s.sampleRateHz() > 0) {
        timed++;
      }
      if (s.hasCoverArt()) {
        covered++;
      }
      artists.add(s.artist());
      albums.add(s.artist() + "\n" + s.album() + "\n" + s.year());
      genres.add(s.genre());
    }
    return new int[] {songs.size(), artists.size(), albums.size(), genres.size(), timed, covered};
  }

  /** Used heap after full collections; the pauses let reference processing and finalizers finish. */
  static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100); // let the collector's follow-up work settle; a measurement, not a test
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** {@code bench indexing}. */
  @Command(name = "indexing", mixinStandardHelpOptions = true,
      description = "Mp3SoundSmith over a generated library: cold index rate, rescan and restart time, heap per song.")
  static final class Cli implements Callable<Integer> {
    @Option(names = "--files", defaultValue = "20000", description = "files in the timed library (default ${DEFAULT-VALUE})")
    int files;
    @Option(names = "--heap-songs", defaultValue = "100000", description = "songs in the heap library; 0 skips it (default ${DEFAULT-VALUE})")
    int heapSongs;
    @Option(names = "--repeat", defaultValue = "3", description = "cold/rescan/restart rounds (default ${DEFAULT-VALUE})")
    int repeat;
    @Option(names = "--parser-threads", description = "files parsed at once (default: Mp3SoundSmith's, processors up to 8)")
    Integer parserThreads;
    @Option(names = "--library-dir", defaultValue = "/tmp/jukebox-bench-lib", description = "where libraries are made and reused (default ${DEFAULT-VALUE})")
    Path libraryDir;

    @Override
    public Integer call() throws Exception {
      int threads = parserThreads != null ? parserThreads
          : Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
      Result r = run(new Params(files, heapSongs, repeat, threads, libraryDir), System.out);
      r.print(System.out);
      return r.clean() ? 0 : 1;
    }
  }
}
