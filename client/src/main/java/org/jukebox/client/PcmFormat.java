package org.jukebox.client;

/**
 * The shape of the PCM a player writes to an {@link AudioSink}: signed 16-bit samples,
 * interleaved by channel, at {@code sampleRate} frames per second.
 *
 * @param sampleRate frames per second, positive
 * @param channels 1 (mono) to 8
 */
public record PcmFormat(int sampleRate, int channels) {
  public PcmFormat {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate <= 0: " + sampleRate);
    }
    if (channels < 1 || channels > 8) {
      throw new IllegalArgumentException("channels not in 1..8: " + channels);
    }
  }

  /** How long {@code frames} frames last, in nanoseconds (rounded down). */
  public long framesToNanos(long frames) {
    // Exact for any realistic count; a double only past ~2.5 days of audio.
    return frames < Long.MAX_VALUE / 1_000_000_000L
        ? frames * 1_000_000_000L / sampleRate
        : (long) (frames * (1e9 / sampleRate));
  }

  /** How many frames last {@code nanos} nanoseconds, rounded down. */
  public long nanosToFrames(long nanos) {
    return nanos < Long.MAX_VALUE / sampleRate
        ? nanos * sampleRate / 1_000_000_000L
        : (long) (nanos * (sampleRate / 1e9));
  }
}
