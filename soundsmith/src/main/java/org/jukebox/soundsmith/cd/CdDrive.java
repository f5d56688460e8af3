package org.jukebox.soundsmith.cd;

import java.io.IOException;
import java.util.Optional;

/**
 * A CD drive, real or imagined: it holds one disc or none, reads the disc's audio, and tells
 * listeners when a disc is inserted, ejected or swapped. Implementations: a real drive read
 * through {@code cdparanoia} ({@link CdParanoiaDrive}), a fixed disc image ({@link CdDrives#image}), a watched folder of
 * images ({@link ImageFolderDrive}), and a drive driven by hand ({@link ManualCdDrive}); see
 * {@link CdDrives#open} for picking one from a command-line argument.
 *
 * <p>Life cycle: {@link #start()} looks at the drive for the first time (so {@link #disc()}
 * answers, without an event for the disc found) and begins watching it in the background;
 * {@link #close()} stops watching, bounded and idempotent. A disc already handed out stays
 * readable as long as its source exists (an ejected real disc or a deleted image fails its reads
 * with an {@link IOException}).
 *
 * <p>Thread-safe.
 */
public interface CdDrive extends AutoCloseable {
  /** What the drive is, for messages: its device or folder. Never blank. */
  String name();

  /**
   * Looks at the drive for the first time and starts watching it for changes.
   *
   * @throws IOException if the drive cannot be used at all, with the reason
   *     ({@code "cdparanoia not found on PATH: install it (apt-get install cdparanoia)"},
   *     {@code "no such folder: /x"}); an empty drive is not an error
   * @throws IllegalStateException if started twice ({@code "already started"}) or closed
   *     ({@code "closed"})
   */
  void start() throws IOException;

  /** The disc in the drive as last seen (at start or the latest check); empty if none. */
  Optional<Disc> disc();

  /**
   * Looks at the drive now, outside the watching schedule, and tells the listeners (on this
   * thread, before returning) if the disc changed. For tests and for "check now" buttons.
   *
   * @throws IOException if the drive cannot be looked at
   */
  void refresh() throws IOException;

  /** Adds a listener for disc changes from now on; see {@link DiscListener} for threading. */
  void addListener(DiscListener listener);

  /** Removes a listener added before; no-op if absent. */
  void removeListener(DiscListener listener);

  /** Stops watching; bounded (a couple of seconds) and idempotent. */
  @Override
  void close();
}
