package org.jukebox.soundsmith.internal.mp3;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithId;
import org.jukebox.soundsmith.MediaSource;
import org.jukebox.soundsmith.SoundSmithServer.CatalogChange;
import org.jukebox.soundsmith.SoundSmithServer.CatalogEntry;
import org.jukebox.soundsmith.SoundSmithServer.CatalogSnapshot;

/**
 * Keeps a folder tree of MP3 files and a catalog in step: restores from the persistent index,
 * scans (reading only files whose size or modification time changed since the index saw them),
 * watches the tree, and hands every batch of changes to a {@link Sink}, whose answer (the new
 * catalog version) is saved with the index.
 *
 * <p>Every scan runs on one indexing thread, in the order asked; files are parsed on a small
 * pool. A file that is not a readable MP3 is skipped with one WARNING naming it and the reason,
 * and remembered, so it is not read or reported again until it changes.
 *
 * <p>Thread-safe; {@link #close()} is bounded and idempotent.
 */
public final class Mp3Library implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Mp3Library.class.getName());
  private static final String CONTENT_TYPE = "audio/mpeg";
  /** Parsed files are handed to the catalog in batches of this many, so songs appear as we go. */
  static final int BATCH = 1000;

  /** Reads one file; the seam through which tests count reads. */
  @FunctionalInterface
  public interface Parser {
    Mp3Metadata parse(Path file) throws Mp3FormatException, IOException;
  }

  /** Receives changes; returns the catalog version after applying them. */
  @FunctionalInterface
  public interface Sink {
    long apply(List<CatalogChange> changes);
  }

  /**
   * How the current or latest full scan is going.
   *
   * @param seen {@code *.mp3} files found so far
   * @param indexed of those, songs (unchanged or read anew)
   * @param skipped of those, files that are not readable MP3s
   * @param scanning whether a full scan is running
   * @param initialScanDone whether the first full scan has finished
   */
  public record Progress(long seen, long indexed, long skipped, boolean scanning, boolean initialScanDone) {}

  /**
   * What one scan did.
   *
   * @param seen {@code *.mp3} files found in its scope
   * @param parsed files read (new or changed)
   * @param skipped files in its scope that are not readable MP3s
   * @param upserts songs added or changed
   * @param removals songs gone
   * @param version catalog version afterwards
   */
  public record ScanStats(int seen, int parsed, int skipped, int upserts, int removals, long version) {}

  private final SoundSmithId owner;
  private final Path root;
  private final Mp3Index index;
  private final Parser parser;
  private final Sink sink;
  private final Duration debounce;
  private final ExecutorService indexer;
  private final ExecutorService parsers;
  private final AtomicBoolean closed = new AtomicBoolean();

  // Confined to the indexing thread once start() is called; restore() runs before.
  private final Map<String, IndexEntry> entries = new HashMap<>();
  private long version;
  private boolean indexDirty;
  private final Set<String> reportedFailures = new java.util.HashSet<>();

  private final AtomicLong seen = new AtomicLong();
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile boolean scanning;
  private final CompletableFuture<ScanStats> initialScan = new CompletableFuture<>();
  private volatile TreeWatcher watcher;
  private volatile FileChannel lockChannel;

  /**
   * @param owner prefix of the song ids
   * @param root the library folder
   * @param indexFile where the index is kept
   * @param parser reads one file
   * @param sink takes changes and answers the new version
   * @param threads how many files are parsed at once
   * @param debounce how long the folder must be quiet before changes are scanned
   */
  public Mp3Library(SoundSmithId owner, Path root, Path indexFile, Parser parser, Sink sink, int threads,
      Duration debounce) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.root = root.toAbsolutePath().normalize();
    this.index = new Mp3Index(indexFile);
    this.parser = Objects.requireNonNull(parser, "parser");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.debounce = Objects.requireNonNull(debounce, "debounce");
    this.indexer = Executors.newSingleThreadExecutor(daemon("mp3-indexer"));
    this.parsers = Executors.newFixedThreadPool(Math.max(1, threads), daemon("mp3-parser"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The library folder, absolute. */
  public Path root() {
    return root;
  }

  /**
   * Loads the persistent index and returns what the catalog should be restored to. A missing,
   * corrupt or foreign index is logged and yields an empty snapshot; the scan then reads every
   * file. Call once, before {@link #start()}. Locks the index first, so that two libraries
   * (in this process or another) never share one.
   *
   * @throws IOException if the index is locked by another library, or the lock cannot be taken
   */
  public CatalogSnapshot restore() throws IOException {
    lock();
    Mp3Index.Contents contents;
    try {
      contents = index.load();
    } catch (NoSuchFileException e) {
      LOG.info("No index at " + index.file() + " yet; reading every file under " + root);
      indexDirty = true;
      return new CatalogSnapshot(0, List.of());
    } catch (IOException | RuntimeException e) {
      LOG.warning("Index " + index.file() + " is unreadable (" + e.getMessage() + "); reading every file under "
          + root + " again");
      indexDirty = true;
      return new CatalogSnapshot(0, List.of());
    }
    if (!contents.owner().equals(owner.value()) || !contents.root().equals(root.toString())) {
      LOG.warning("Index " + index.file() + " was made for " + contents.owner() + " over " + contents.root()
          + "; reading every file under " + root + " again");
      indexDirty = true;
      return new CatalogSnapshot(0, List.of());
    }
    List<CatalogEntry> songs = new ArrayList<>();
    for (IndexEntry e : contents.entries()) {
      entries.put(e.path(), e);
      if (e.isSong()) {
        songs.add(new CatalogEntry(e.song(), source(e), Math.max(1, Math.min(e.version(), contents.version()))));
      }
    }
    version = contents.version();
    LOG.fine(() -> "Restored " + songs.size() + " songs at version " + contents.version() + " from " + index.file());
    return new CatalogSnapshot(contents.version(), songs);
  }

  private void lock() throws IOException {
    Path file = index.file().resolveSibling(index.file().getFileName() + ".lock");
    Files.createDirectories(file.toAbsolutePath().getParent());
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (l == null) {
      channel.close();
      throw new IOException("data folder " + file.getParent() + " is in use by another Mp3SoundSmith");
    }
    lockChannel = channel;
  }

  /**
   * Starts watching the folder, then scans it all in the background.
   *
   * @return completes when the first scan is done
   * @throws IOException if the folder cannot be watched (or is not a folder)
   */
  public CompletableFuture<ScanStats> start() throws IOException {
    if (!Files.isDirectory(root)) {
      throw new NoSuchFileException(root.toString(), null, "not a folder");
    }
    TreeWatcher w = new TreeWatcher(root, debounce, this::changed);
    watcher = w;
    w.start();
    submit(() -> scan(List.of(root)), initialScan);
    return initialScan;
  }

  /** Completes when the first full scan is done. */
  public CompletableFuture<ScanStats> initialScan() {
    return initialScan;
  }

  /** Scans the whole tree again (after whatever is queued). */
  public CompletableFuture<ScanStats> rescan() {
    return rescan(List.of(root));
  }

  /** Scans the given files and folders (absolute, under the root) again; gone ones are removed. */
  public CompletableFuture<ScanStats> rescan(Collection<Path> paths) {
    List<Path> scopes = List.copyOf(paths);
    CompletableFuture<ScanStats> result = new CompletableFuture<>();
    submit(() -> scan(scopes), result);
    return result;
  }

  /** How the current or latest full scan is going. */
  public Progress progress() {
    return new Progress(seen.get(), indexed.get(), skipped.get(), scanning, initialScan.isDone());
  }

  /** Stops watching and scanning; waits a couple of seconds at most. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    TreeWatcher w = watcher;
    if (w != null) {
      w.close();
    }
    indexer.shutdownNow();
    parsers.shutdownNow();
    try {
      indexer.awaitTermination(2, TimeUnit.SECONDS);
      parsers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    initialScan.cancel(false);
    FileChannel l = lockChannel;
    if (l != null) {
      try {
        l.close(); // releases the lock
      } catch (IOException e) {
        LOG.log(Level.FINE, "releasing the index lock", e);
      }
    }
  }

  private interface Task {
    ScanStats run() throws IOException, InterruptedException;
  }

  private void submit(Task task, CompletableFuture<ScanStats> result) {
    try {
      indexer.execute(() -> {
        try {
          result.complete(task.run());
        } catch (InterruptedException e) {
          result.cancel(false);
        } catch (IOException | RuntimeException e) {
          if (!closed.get()) {
            LOG.log(Level.WARNING, "Scanning " + root + " failed: " + e, e);
          }
          result.completeExceptionally(e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      result.cancel(false);
    }
  }

  private void changed(Set<Path> paths) {
    if (closed.get()) {
      return;
    }
    // A folder covers everything under it: scan the fewest, widest scopes.
    TreeSet<Path> sorted = new TreeSet<>(paths);
    List<Path> scopes = new ArrayList<>();
    for (Path p : sorted) {
      if (scopes.isEmpty() || !p.startsWith(scopes.get(scopes.size() - 1))) {
        scopes.add(p);
      }
    }
    rescan(scopes);
  }

  /** A file found by a walk, with what decides whether it must be read again. */
  private record Found(Path file, String path, long size, long mtimeNanos) {}

  /** What reading one file gave. */
  private record Outcome(Found found, Mp3Metadata metadata, String reason, boolean retry) {}

  private ScanStats scan(List<Path> scopes) throws IOException, InterruptedException {
    if (!Files.isDirectory(root)) {
      // An unmounted disk looks like an empty folder: keep the catalog rather than drop it all.
      LOG.warning("Library folder " + root + " is missing; keeping the catalog as it is");
      return new ScanStats(0, 0, 0, 0, 0, version);
    }
    boolean full = scopes.contains(root);
    if (full) {
      seen.set(0);
      indexed.set(0);
      skipped.set(0);
      scanning = true;
    }
    try {
      return scanScopes(full ? List.of(root) : scopes, full);
    } finally {
      if (full) {
        scanning = false;
      }
    }
  }

  private ScanStats scanScopes(List<Path> scopes, boolean full) throws IOException, InterruptedException {
    Map<String, Found> found = new LinkedHashMap<>();
    for (Path scope : scopes) {
      walk(scope, found, full);
    }
    List<Found> toRead = new ArrayList<>();
    int skippedHere = 0;
    for (Found f : found.values()) {
      IndexEntry known = entries.get(f.path);
      if (known != null && known.sameFile(f.size, f.mtimeNanos) && !known.retry()) {
        if (known.isSong()) {
          indexed.incrementAndGet();
        } else {
          skipped.incrementAndGet();
          skippedHere++;
        }
      } else {
        toRead.add(f);
      }
    }
    List<String> scopeKeys = new ArrayList<>();
    for (Path scope : scopes) {
      scopeKeys.add(relative(scope));
    }
    List<CatalogChange> removals = new ArrayList<>();
    for (Iterator<Map.Entry<String, IndexEntry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, IndexEntry> e = it.next();
      if (!found.containsKey(e.getKey()) && inScope(e.getKey(), scopeKeys)) {
        if (e.getValue().isSong()) {
          removals.add(CatalogChange.remove(e.getValue().song().id()));
        }
        it.remove();
        indexDirty = true;
      }
    }
    int upserts = 0;
    int parsed = 0;
    int removed = 0;
    for (int from = 0; from < toRead.size(); from += BATCH) {
      List<Found> batch = toRead.subList(from, Math.min(toRead.size(), from + BATCH));
      List<Future<Outcome>> futures = new ArrayList<>(batch.size());
      for (Found f : batch) {
        futures.add(parsers.submit(() -> read(f)));
      }
      List<CatalogChange> changes = new ArrayList<>();
      List<IndexEntry> updated = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        Outcome o;
        try {
          o = future.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("reading a file failed unexpectedly", e.getCause());
        }
        if (closed.get()) {
          throw new InterruptedException("closed");
        }
        parsed++;
        Found f = o.found;
        IndexEntry before = entries.get(f.path);
        if (o.metadata != null) {
          Song song = song(f, o.metadata);
          changes.add(CatalogChange.put(song, MediaSource.ofFile(f.file, CONTENT_TYPE, f.size)));
          updated.add(IndexEntry.song(f.path, f.size, f.mtimeNanos, 0, song));
          indexed.incrementAndGet();
          upserts++;
        } else {
          boolean news = before == null || before.isSong() || !before.sameFile(f.size, f.mtimeNanos)
              || !o.reason.equals(before.skipReason());
          if (news) {
            LOG.warning("Skipping " + f.file + ": " + o.reason);
          }
          if (before != null && before.isSong()) {
            changes.add(CatalogChange.remove(before.song().id()));
          }
          entries.put(f.path, IndexEntry.skipped(f.path, f.size, f.mtimeNanos, o.reason, o.retry));
          indexDirty = true;
          skipped.incrementAndGet();
          skippedHere++;
        }
      }
      if (from + BATCH >= toRead.size()) {
        changes.addAll(removals);
        removals.clear();
      }
      removed += commit(changes, updated);
    }
    removed += commit(removals, List.of());
    if (indexDirty) {
      save();
    }
    return new ScanStats(found.size(), parsed, skippedHere, upserts, removed, version);
  }

  /**
   * Applies one batch, stamps its entries with the new version and saves the index.
   *
   * @return how many removals the batch held
   */
  private int commit(List<CatalogChange> changes, List<IndexEntry> updated) throws IOException {
    int removed = 0;
    for (CatalogChange c : changes) {
      removed += c.isRemoval() ? 1 : 0;
    }
    if (changes.isEmpty()) {
      return 0;
    }
    version = sink.apply(changes);
    for (IndexEntry e : updated) {
      entries.put(e.path(), e.withVersion(version));
    }
    indexDirty = true;
    save();
    return removed;
  }

  private void save() throws IOException {
    index.save(owner.value(), root.toString(), version, entries.values());
    indexDirty = false;
  }

  private void walk(Path scope, Map<String, Found> found, boolean full) throws IOException {
    if (!Files.exists(scope)) {
      return;
    }
    Files.walkFileTree(scope, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && isMp3(file)) {
          String path = relative(file);
          found.put(path, new Found(file, path, attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
          if (full) {
            seen.incrementAndGet();
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        if (e instanceof FileSystemLoopException || e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        // Reported once per run: the watcher rescans often and the folder will not change its mind.
        if ((Files.isDirectory(file) || isMp3(file)) && reportedFailures.add(relative(file))) {
          LOG.warning("Skipping " + file + ": " + reason(e));
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private Outcome read(Found f) {
    try {
      return new Outcome(f, parser.parse(f.file), null, false);
    } catch (Mp3FormatException e) {
      return new Outcome(f, null, e.getMessage(), false);
    } catch (IOException e) {
      return new Outcome(f, null, reason(e), true);
    } catch (RuntimeException | StackOverflowError e) {
      // Third-party parsers throw anything on bad input; one file must not stop the scan.
      return new Outcome(f, null, "unreadable: " + e, false);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "cannot read: permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "vanished while being read";
    }
    return "cannot read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }

  private Song song(Found f, Mp3Metadata m) {
    return new Song(songId(f.path), m.title(), m.artist(), m.album(), m.track(), m.disc(), m.year(), m.genre(),
        Duration.ofMillis(m.durationMillis()), m.bitrateKbps(), m.sampleRateHz(), m.hasCoverArt(), f.size,
        CONTENT_TYPE);
  }

  private MediaSource source(IndexEntry e) {
    return MediaSource.ofFile(root.resolve(e.path()), CONTENT_TYPE, e.size());
  }

  /** The song id of a relative path: stable for as long as the file keeps its path. */
  SongId songId(String path) {
    return songId(owner, path);
  }

  /**
   * The id of the song at {@code path} (relative, {@code /}-separated) in {@code owner}'s library:
   * the owner, a colon and 32 hex digits of the SHA-256 of the NFC-normalized path.
   */
  public static SongId songId(SoundSmithId owner, String path) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest(Normalizer.normalize(path, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8));
      return new SongId(owner.value() + ":" + HexFormat.of().formatHex(digest, 0, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The relative, {@code /}-separated, NFC form of a path under the root ("" for the root). */
  String relative(Path file) {
    Path rel = root.relativize(file.toAbsolutePath().normalize());
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return Normalizer.normalize(sb, Normalizer.Form.NFC);
  }

  private static boolean inScope(String path, List<String> scopes) {
    for (String s : scopes) {
      if (s.isEmpty() || path.equals(s) || (path.startsWith(s) && path.charAt(s.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  static boolean isMp3(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".mp3");
  }

  /** How many files the index remembers; for tests. */
  int indexSize() {
    return entries.size();
  }
}
