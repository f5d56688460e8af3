package org.jukebox.soundsmith.cd;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The part every {@link CdDrive} shares: the disc seen last, the listeners, the life cycle
 * flags, and telling listeners about a change. Thread-safe; changes are serialized so that
 * listeners see events one at a time, in order.
 */
final class DriveState {
  private static final System.Logger LOG = System.getLogger(DriveState.class.getName());

  private final String driveName;
  private final List<DiscListener> listeners = new CopyOnWriteArrayList<>();
  private final Object changes = new Object();
  private volatile Optional<Disc> disc = Optional.empty();
  private boolean started;
  private volatile boolean closed;

  DriveState(String driveName) {
    this.driveName = driveName;
  }

  Optional<Disc> disc() {
    return disc;
  }

  void addListener(DiscListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
  }

  void removeListener(DiscListener l) {
    listeners.remove(l);
  }

  /** Marks the drive started. @throws IllegalStateException if started before or closed. */
  synchronized void markStarted() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
  }

  /** Marks the drive closed; false if it was already. */
  synchronized boolean markClosed() {
    if (closed) {
      return false;
    }
    closed = true;
    return true;
  }

  boolean closed() {
    return closed;
  }

  /** Sets the disc without telling anyone (the first look at start). */
  void setQuietly(Optional<Disc> now) {
    synchronized (changes) {
      disc = Objects.requireNonNull(now, "disc");
    }
  }

  /** Sets the disc and tells the listeners what changed, if anything. */
  void set(Optional<Disc> now) {
    Objects.requireNonNull(now, "disc");
    synchronized (changes) {
      Optional<DiscEvent> e = DiscEvent.between(disc, now);
      disc = now;
      if (e.isEmpty()) {
        return;
      }
      LOG.log(System.Logger.Level.INFO, () -> driveName + ": disc " + e.get().kind().name().toLowerCase(java.util.Locale.ROOT)
          + now.map(d -> " (" + d.origin() + ", " + d.toc().trackCount() + " tracks, " + d.toc().freedbId() + ")").orElse(""));
      for (DiscListener l : listeners) {
        try {
          l.discChanged(e.get());
        } catch (RuntimeException ex) {
          LOG.log(System.Logger.Level.WARNING, driveName + ": disc listener failed", ex);
        }
      }
    }
  }
}
