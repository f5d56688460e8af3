package org.jukebox.soundsmith.cd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@link CdDrive} that is a folder of disc images: the drive holds the image most recently
 * changed. Dropping a new image into the folder inserts it (or swaps it for the one there);
 * deleting the image held ejects it, or swaps back to the newest one left. An image is a
 * {@code .cue} file in the folder, or a subfolder that {@link DiscImage#open} accepts (one CUE
 * sheet, or track WAVs).
 *
 * <p>The folder is looked at every poll interval (1 s unless set) and on {@link #refresh()}.
 * Polling, rather than a {@code WatchService}, because an image is several files copied one
 * after another and what matters is the state once they are all there: an image that cannot be
 * opened yet (a WAV still being copied is truncated, so refused) is skipped, logged once per
 * distinct problem, and taken as soon as it is whole.
 *
 * <p>Thread-safe.
 */
public final class ImageFolderDrive implements CdDrive {
  private static final System.Logger LOG = System.getLogger(ImageFolderDrive.class.getName());
  /** How often the folder is looked at unless set. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);

  private final Path folder;
  private final Duration poll;
  private final DriveState state;
  private final Map<Path, String> reported = new HashMap<>();
  private ScheduledExecutorService poller;

  private ImageFolderDrive(Path folder, Duration poll) {
    this.folder = folder;
    this.poll = poll;
    this.state = new DriveState(folder.toString());
  }

  /**
   * A drive over the images in {@code folder}, looked at every {@code poll}.
   *
   * @throws IllegalArgumentException if the poll interval is not positive: {@code "poll <= 0: PT0S"}
   */
  public static ImageFolderDrive create(Path folder, Duration poll) {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(poll, "poll");
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("poll <= 0: " + poll);
    }
    return new ImageFolderDrive(folder.toAbsolutePath().normalize(), poll);
  }

  /** A drive over the images in {@code folder}, looked at every second. */
  public static ImageFolderDrive create(Path folder) {
    return create(folder, DEFAULT_POLL);
  }

  @Override
  public String name() {
    return folder.toString();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IOException {@code "no such folder: /x"} if the folder does not exist
   */
  @Override
  public void start() throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException("no such folder: " + folder);
    }
    state.markStarted();
    synchronized (this) {
      state.setQuietly(look());
      poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cd-image-folder " + folder.getFileName());
        t.setDaemon(true);
        return t;
      });
      poller.scheduleWithFixedDelay(this::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Optional<Disc> disc() {
    return state.disc();
  }

  @Override
  public void refresh() throws IOException {
    synchronized (this) {
      if (state.closed()) {
        return;
      }
      state.set(look());
    }
  }

  private void poll() {
    try {
      refresh();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, folder + ": cannot look at the folder: " + e);
    }
  }

  /** The newest image that opens, if any. Guarded by this. */
  private Optional<Disc> look() throws IOException {
    if (!Files.isDirectory(folder)) {
      return Optional.empty(); // the folder went away: as good as an empty drive
    }
    List<Path> candidates;
    try (Stream<Path> s = Files.list(folder)) {
      candidates = s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> Files.isDirectory(p) || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".cue"))
          .toList();
    }
    record Opened(DiscImage image, FileTime changed) {}
    List<Opened> images = new ArrayList<>();
    Map<Path, String> problems = new HashMap<>();
    for (Path p : candidates) {
      try {
        DiscImage image = DiscImage.open(p);
        FileTime newest = FileTime.fromMillis(0);
        for (Path f : image.files()) {
          FileTime t = Files.getLastModifiedTime(f);
          newest = t.compareTo(newest) > 0 ? t : newest;
        }
        images.add(new Opened(image, newest));
      } catch (IOException e) {
        problems.put(p, e.getMessage());
      }
    }
    // Log a problem once, not every poll; again only if it changes.
    problems.forEach((p, why) -> {
      if (!why.equals(reported.get(p))) {
        LOG.log(System.Logger.Level.WARNING, "skipping disc image " + why);
      }
    });
    reported.clear();
    reported.putAll(problems);
    return images.stream()
        .max(Comparator.comparing(Opened::changed).thenComparing(o -> o.image().origin(), Comparator.reverseOrder()))
        .map(Opened::image);
  }

  @Override
  public void addListener(DiscListener listener) {
    state.addListener(listener);
  }

  @Override
  public void removeListener(DiscListener listener) {
    state.removeListener(listener);
  }

  @Override
  public void close() {
    if (!state.markClosed()) {
      return;
    }
    ScheduledExecutorService p;
    synchronized (this) {
      p = poller;
    }
    if (p != null) {
      p.shutdownNow();
      try {
        p.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "ImageFolderDrive[" + folder + "]";
  }
}
