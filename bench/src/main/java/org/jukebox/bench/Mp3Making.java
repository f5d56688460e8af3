package org.jukebox.bench;

import org.jukebox.soundsmith.SampleLibrary;

/**
 * Real MP3 audio for the benchmarks, encoded with jump3r (a Java port of LAME, through
 * {@link SampleLibrary#encodePcm}) from a synthesized signal: a slowly changing chord with a little noise, so the encoder has real
 * work and the stream real content. Thread-safe: each call uses its own encoder.
 */
final class Mp3Making {
  static final int SAMPLE_RATE = SampleLibrary.SAMPLE_RATE;

  private Mp3Making() {}

  /**
   * Encodes {@code seconds} of stereo audio at {@code bitrateKbps} CBR, 44.1 kHz, MPEG-1 Layer III.
   *
   * @throws IllegalArgumentException if seconds is not in (0, 3600] or the bit rate not in 32..320
   */
  static byte[] encodeStereo(double seconds, int bitrateKbps, long seed) {
    if (!(seconds > 0) || seconds > 3600) {
      throw new IllegalArgumentException("seconds not in (0, 3600]: " + seconds);
    }
    Bench.inRange("bitrateKbps", bitrateKbps, 32, 320);
    int frames = (int) Math.round(seconds * SAMPLE_RATE);
    short[] pcm = new short[frames * 2];
    java.util.SplittableRandom noise = new java.util.SplittableRandom(seed);
    double[] chord = {220.0, 277.18, 329.63, 440.0};
    for (int f = 0; f < frames; f++) {
      double t = (double) f / SAMPLE_RATE;
      int bar = (int) (t / 2.0);
      double root = 1.0 + 0.125 * ((bar + seed) % 4);
      double left = 0;
      double right = 0;
      for (int k = 0; k < chord.length; k++) {
        double v = Math.sin(2 * Math.PI * chord[k] * root * t + k);
        double pan = (k + 1) / (chord.length + 1.0);
        left += v * (1 - pan);
        right += v * pan;
      }
      double envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 0.25 * t);
      left = 0.18 * envelope * left + 0.02 * (noise.nextDouble() - 0.5);
      right = 0.18 * envelope * right + 0.02 * (noise.nextDouble() - 0.5);
      pcm[2 * f] = sample(left);
      pcm[2 * f + 1] = sample(right);
    }
    return SampleLibrary.encodePcm(pcm, 2, bitrateKbps);
  }

  private static short sample(double value) {
    return (short) Math.round(Math.max(-1, Math.min(1, value)) * 32767);
  }
}
