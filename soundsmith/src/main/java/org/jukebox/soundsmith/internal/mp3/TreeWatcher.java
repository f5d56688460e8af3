package org.jukebox.soundsmith.internal.mp3;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches a folder tree with the JDK's {@link WatchService}: every folder is registered,
 * folders created later too, and bursts of events (a copy is a create and many modifies) are
 * debounced into one call with the set of paths touched. A lost-event overflow reports the root,
 * which means "look at everything".
 *
 * <p>One daemon thread; {@link #close()} is bounded and idempotent.
 */
final class TreeWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TreeWatcher.class.getName());
  /** However busy the folder, changes are reported at least this often. */
  private static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Path root;
  private final long quietNanos;
  private final Consumer<Set<Path>> onChanges;
  private final WatchService service;
  private final Map<WatchKey, Path> keys = new HashMap<>();
  private final Thread thread;

  TreeWatcher(Path root, Duration quiet, Consumer<Set<Path>> onChanges) throws IOException {
    this.root = root;
    this.quietNanos = quiet.toNanos();
    this.onChanges = onChanges;
    this.service = root.getFileSystem().newWatchService();
    try {
      registerTree(root);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    this.thread = new Thread(this::run, "mp3-watcher");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the watch service", e);
    }
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Set<Path> pending = new LinkedHashSet<>();
    long first = 0;
    long last = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        WatchKey key;
        if (pending.isEmpty()) {
          key = service.take();
        } else {
          long now = System.nanoTime();
          long wait = Math.min(last + quietNanos, first + MAX_DELAY_NANOS) - now;
          key = wait > 0 ? service.poll(wait, TimeUnit.NANOSECONDS) : null;
        }
        if (key != null) {
          long now = System.nanoTime();
          if (pending.isEmpty()) {
            first = now;
          }
          last = now;
          drain(key, pending);
        }
        long now = System.nanoTime();
        if (!pending.isEmpty() && (now - last >= quietNanos || now - first >= MAX_DELAY_NANOS)) {
          Set<Path> batch = Set.copyOf(pending);
          pending.clear();
          try {
            onChanges.accept(batch);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handling folder changes under " + root + " failed", e);
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  private void drain(WatchKey key, Set<Path> pending) {
    Path dir;
    synchronized (keys) {
      dir = keys.get(key);
    }
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW || dir == null) {
        pending.add(root);
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      pending.add(child);
      if (event.kind() == ENTRY_CREATE && Files.isDirectory(child)) {
        try {
          registerTree(child);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "cannot watch new folder " + child + ": " + e);
        }
      } else if (event.kind() == ENTRY_DELETE) {
        forget(child); // a folder moved away keeps its watch under the old name otherwise
      }
    }
    if (!key.reset()) {
      synchronized (keys) {
        keys.remove(key);
      }
    }
  }

  private void forget(Path gone) {
    synchronized (keys) {
      for (Iterator<Map.Entry<WatchKey, Path>> it = keys.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<WatchKey, Path> e = it.next();
        if (e.getValue().startsWith(gone)) {
          e.getKey().cancel();
          it.remove();
        }
      }
    }
  }

  private void registerTree(Path start) throws IOException {
    Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            WatchKey key = dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            synchronized (keys) {
              keys.put(key, dir);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (!(e instanceof FileSystemLoopException)) {
              LOG.log(Level.FINE, "cannot watch " + file + ": " + e);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** How many folders are watched; for tests. */
  int watchedFolders() {
    synchronized (keys) {
      return keys.size();
    }
  }
}
