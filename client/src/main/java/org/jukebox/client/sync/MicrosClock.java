package org.jukebox.client.sync;

/**
 * This machine's clock as the sync engine reads it: microseconds on a monotonic scale.
 *
 * <p>The scale only has to be steady (never stepped), not right: the engine learns its offset
 * and drift to the session server's clock. Tests and benchmarks inject clocks with offsets and
 * drift of their own. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface MicrosClock {
  /** The current reading in microseconds. */
  long nowMicros();

  /**
   * The system's monotonic clock ({@link System#nanoTime()}), anchored once to the wall clock so
   * that its readings look like microseconds since the epoch; later wall-clock steps (NTP,
   * the user) do not move it.
   */
  static MicrosClock system() {
    return SystemMicrosClock.INSTANCE;
  }
}

/** The one system clock; anchored when first used. */
final class SystemMicrosClock implements MicrosClock {
  static final SystemMicrosClock INSTANCE = new SystemMicrosClock();

  private final long anchorNanos = System.nanoTime();
  private final long anchorEpochMicros;

  private SystemMicrosClock() {
    java.time.Instant now = java.time.Instant.now();
    anchorEpochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  @Override
  public long nowMicros() {
    return anchorEpochMicros + (System.nanoTime() - anchorNanos) / 1_000;
  }

  @Override
  public String toString() {
    return "MicrosClock.system()";
  }
}
