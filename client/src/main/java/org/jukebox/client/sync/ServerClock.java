package org.jukebox.client.sync;

/**
 * The session server's clock as seen from this machine: maps a reading of the local
 * {@link MicrosClock} to the server's clock at that instant. {@link ClockOffsetEstimator} is the
 * real one; tests pass exact ones. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ServerClock {
  /** The value returned when there is no estimate yet. */
  long UNKNOWN = Long.MIN_VALUE;

  /**
   * The server's clock, in microseconds, at the instant the local clock read {@code localMicros};
   * {@link #UNKNOWN} while there is no estimate.
   */
  long serverMicrosAt(long localMicros);
}
