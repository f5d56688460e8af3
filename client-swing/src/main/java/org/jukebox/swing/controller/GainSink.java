package org.jukebox.swing.controller;

import java.io.IOException;
import java.util.Objects;
import org.jukebox.client.AudioSink;
import org.jukebox.client.PcmFormat;

/**
 * An {@link AudioSink} that scales the samples it passes on by a volume, for players whose sound
 * card line offers no gain control. The volume is a level from 0 (silent) to 1 (as decoded),
 * applied on a perceptual (squared) curve; changing it takes effect with the next write.
 *
 * <p>Thread-safe as {@link AudioSink} requires: the volume may be set from any thread.
 */
public final class GainSink implements AudioSink {
  private final AudioSink target;
  private volatile double level = 1.0;
  private short[] scratch = new short[0];

  private GainSink(AudioSink target) {
    this.target = target;
  }

  /** A sink that writes to {@code target} at full volume. */
  public static GainSink wrap(AudioSink target) {
    return new GainSink(Objects.requireNonNull(target, "target"));
  }

  /**
   * Sets the volume.
   *
   * @throws IllegalArgumentException if {@code level} is not in 0..1
   */
  public void setLevel(double level) {
    if (!(level >= 0 && level <= 1)) {
      throw new IllegalArgumentException("volume not in 0..1: " + level);
    }
    this.level = level;
  }

  /** The volume, 0..1. */
  public double level() {
    return level;
  }

  @Override
  public void open(PcmFormat format) throws IOException {
    target.open(format);
  }

  @Override
  public void write(short[] samples, int offset, int length) {
    double l = level;
    if (l >= 1.0) {
      target.write(samples, offset, length);
      return;
    }
    double gain = l * l;
    if (scratch.length < length) {
      scratch = new short[length];
    }
    for (int i = 0; i < length; i++) {
      scratch[i] = (short) Math.round(samples[offset + i] * gain);
    }
    target.write(scratch, 0, length);
  }

  @Override
  public void pause() {
    target.pause();
  }

  @Override
  public void resume() {
    target.resume();
  }

  @Override
  public void flush() {
    target.flush();
  }

  @Override
  public void drain() {
    target.drain();
  }

  @Override
  public long bufferedFrames() {
    return target.bufferedFrames();
  }

  @Override
  public void close() {
    target.close();
  }
}
