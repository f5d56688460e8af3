package org.jukebox.soundsmith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jukebox.api.CoverArt;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.soundsmith.internal.FileMediaSource;
import org.jukebox.soundsmith.internal.mp3.Mp3FormatException;
import org.jukebox.soundsmith.internal.mp3.Mp3Library;
import org.jukebox.soundsmith.internal.mp3.Mp3Reader;

/**
 * A SoundSmith that serves the MP3 files of a folder tree. On {@link #start()} it restores its
 * catalog from the index in its data folder, scans the tree in the background (reading only
 * files that are new or whose size or modification time changed), then keeps watching it, so
 * new, changed and deleted files show up without a restart; every applied change bumps the
 * catalog version. Song ids come from the SoundSmith id and each file's relative path, so they
 * stay the same across restarts and rescans. Files that are not readable MP3s are skipped with
 * one log line (java.util.logging WARNING) naming the file and the reason.
 *
 * <p>Only {@code *.mp3} files (any case) are indexed. Each song streams as its file,
 * {@code audio/mpeg}, with Range support from the base class.
 *
 * <p>One Mp3SoundSmith at a time may use a data folder: {@link #start()} fails with an
 * {@link IOException} if another (in this process or another) holds it.
 *
 * <p>Thread-safe. Built with {@link #builder}.
 */
public final class Mp3SoundSmith extends SoundSmithServer {
  /** The index's file name inside the data folder. */
  public static final String INDEX_FILE = "mp3-index.bin";
  /** How long the folder must be quiet before changes are read, unless set. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(300);

  private final Path root;
  private final Path dataDir;
  private final Mp3Library library;

  private Mp3SoundSmith(Builder b) {
    super(SoundSmithInfo.KIND_MP3, b.config);
    this.root = b.root.toAbsolutePath().normalize();
    this.dataDir = b.dataDir.toAbsolutePath().normalize();
    this.library = new Mp3Library(b.config.id(), root, dataDir.resolve(INDEX_FILE), b.parser, this::apply,
        b.parserThreads, b.debounce);
  }

  /**
   * Starts building an Mp3SoundSmith over {@code root}, keeping its index in {@code dataDir}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(Path root, Path dataDir, SoundSmithConfig config) {
    return new Builder(root, dataDir, config);
  }

  /** The library folder, absolute. */
  public Path root() {
    return root;
  }

  /** The data folder holding the index, absolute. */
  public Path dataDir() {
    return dataDir;
  }

  /** How the current or latest full scan is going; for a progress line. */
  public Progress progress() {
    Mp3Library.Progress p = library.progress();
    return new Progress(p.seen(), p.indexed(), p.skipped(), p.scanning(), p.initialScanDone());
  }

  /** Completes when the scan begun by {@link #start()} is done; cancelled if closed first. */
  public CompletableFuture<ScanResult> initialScan() {
    return library.initialScan().thenApply(Mp3SoundSmith::result);
  }

  /**
   * Scans the whole folder again, after any scan already queued; reads only changed files.
   *
   * @throws IllegalStateException if not started: {@code "not started"}
   */
  public CompletableFuture<ScanResult> rescan() {
    stub(); // throws "not started"
    return library.rescan().thenApply(Mp3SoundSmith::result);
  }

  @Override
  protected void startIndexing() throws IOException {
    Files.createDirectories(dataDir);
    restoreCatalog(library.restore());
    library.start();
  }

  @Override
  protected void stopIndexing() {
    library.close();
  }

  @Override
  protected Optional<CoverArt> readCoverArt(Song song, MediaSource source) throws IOException {
    if (!(source instanceof FileMediaSource file)) {
      return Optional.empty();
    }
    try {
      return Mp3Reader.coverArt(file.file());
    } catch (Mp3FormatException e) {
      throw new IOException(file.file() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IOException(file.file() + ": " + e, e);
    }
  }

  private static ScanResult result(Mp3Library.ScanStats s) {
    return new ScanResult(s.seen(), s.parsed(), s.skipped(), s.upserts(), s.removals(), s.version());
  }

  /**
   * How the current or latest full scan is going.
   *
   * @param seen {@code *.mp3} files found so far
   * @param indexed of those, songs in the catalog
   * @param skipped of those, files that are not readable MP3s
   * @param scanning whether a full scan is running now
   * @param initialScanDone whether the scan begun at start has finished
   */
  public record Progress(long seen, long indexed, long skipped, boolean scanning, boolean initialScanDone) {}

  /**
   * What one scan did.
   *
   * @param seen {@code *.mp3} files it found
   * @param parsed files it read because they were new or changed
   * @param skipped files it found that are not readable MP3s
   * @param upserts songs it added or changed
   * @param removals songs it removed
   * @param version the catalog version afterwards
   */
  public record ScanResult(int seen, int parsed, int skipped, int upserts, int removals, long version) {}

  /** Builds an {@link Mp3SoundSmith}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final Path root;
    private final Path dataDir;
    private final SoundSmithConfig config;
    private Duration debounce = DEFAULT_DEBOUNCE;
    private int parserThreads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    private Mp3Library.Parser parser = Mp3Reader::read;

    private Builder(Path root, Path dataDir, SoundSmithConfig config) {
      this.root = Objects.requireNonNull(root, "root");
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * How long the folder must be quiet before a burst of changes is read.
     *
     * @throws IllegalArgumentException if not positive ({@code "debounce <= 0: PT0S"}) or over a
     *     minute ({@code "debounce > 1 minute: PT2M"})
     */
    public Builder debounce(Duration quiet) {
      Objects.requireNonNull(quiet, "debounce");
      if (quiet.isNegative() || quiet.isZero()) {
        throw new IllegalArgumentException("debounce <= 0: " + quiet);
      }
      if (quiet.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("debounce > 1 minute: " + quiet);
      }
      this.debounce = quiet;
      return this;
    }

    /**
     * How many files are read at once during a scan; the number of processors (at most 8) unless set.
     *
     * @throws IllegalArgumentException outside 1..64: {@code "parserThreads < 1: 0"}
     */
    public Builder parserThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("parserThreads < 1: " + threads);
      }
      if (threads > 64) {
        throw new IllegalArgumentException("parserThreads > 64: " + threads);
      }
      this.parserThreads = threads;
      return this;
    }

    /** Test seam: how files are read (to count or fail reads). */
    Builder parser(Mp3Library.Parser p) {
      this.parser = Objects.requireNonNull(p, "parser");
      return this;
    }

    /**
     * The SoundSmith, not started.
     *
     * @throws IllegalArgumentException if the root is not a folder: {@code "root is not a folder: /x"}
     */
    public Mp3SoundSmith build() {
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("root is not a folder: " + root);
      }
      return new Mp3SoundSmith(this);
    }
  }
}
