package org.jukebox.soundsmith.cd;

/**
 * Told when the disc in a {@link CdDrive} changes. Called on the drive's own thread (or the
 * thread that called {@link CdDrive#refresh()}), one event at a time and in order; it should
 * return soon (hand long work such as a CDDB lookup or a rip to another thread). An exception it
 * throws is logged and does not stop the drive.
 */
@FunctionalInterface
public interface DiscListener {
  /** The disc changed as {@code event} says; {@link CdDrive#disc()} already answers the new state. */
  void discChanged(DiscEvent event);
}
