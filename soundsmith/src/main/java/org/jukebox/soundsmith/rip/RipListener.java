package org.jukebox.soundsmith.rip;

/**
 * Hears what the rip daemon does. Called on the daemon's own threads (the rip thread and, with
 * several encoder threads, those too), so an implementation must be thread-safe and return
 * quickly; an exception it throws is logged and ignored.
 */
public interface RipListener {
  /** A track moved on. */
  void progress(RipProgress progress);

  /** A disc is finished (every track ripped, already done, or failed). The default does nothing. */
  default void discFinished(DiscReport report) {}
}
