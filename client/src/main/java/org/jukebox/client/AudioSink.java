package org.jukebox.client;

import java.io.IOException;

/**
 * Where a {@link Player} writes decoded PCM: the sound card, a real-time null device, or a test
 * recorder. A sink is used by one thread at a time (the player's), except that {@link #close()}
 * may come from any thread.
 */
public interface AudioSink extends AutoCloseable {
  /**
   * Prepares to take PCM of this format; called before the first write and again, after
   * {@link #drain()}, whenever the format changes.
   *
   * @throws IOException if the device cannot take this format or is unavailable
   */
  void open(PcmFormat format) throws IOException;

  /**
   * Queues {@code length} interleaved samples for playing, blocking while the device's buffer
   * is full, so that a caller writing continuously is paced at the real rate.
   *
   * @throws IllegalStateException if the sink is not open
   */
  void write(short[] samples, int offset, int length);

  /** Stops consuming; what is buffered stays and plays after {@link #resume()}. */
  void pause();

  /** Continues after {@link #pause()}. */
  void resume();

  /** Discards what is buffered and not yet heard (after a seek, a skip or a stop). */
  void flush();

  /** Blocks until everything written has been heard. */
  void drain();

  /** Frames written but not yet heard; 0 when the sink cannot tell. */
  default long bufferedFrames() {
    return 0;
  }

  /** Releases the device; idempotent. The sink may be opened again afterwards. */
  @Override
  void close();
}
