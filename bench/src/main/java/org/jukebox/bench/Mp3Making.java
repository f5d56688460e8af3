package org.jukebox.bench;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * Real MP3 audio for the benchmarks, encoded with jump3r (a Java port of LAME) from a
 * synthesized signal: a slowly changing chord with a little noise, so the encoder has real
 * work and the stream real content. Thread-safe: each call uses its own encoder.
 */
final class Mp3Making {
  static final int SAMPLE_RATE = 44_100;

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
    byte[] pcm = new byte[frames * 4];
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
      putSample(pcm, 4 * f, left);
      putSample(pcm, 4 * f + 2, right);
    }
    return encode(pcm, 2, bitrateKbps);
  }

  /** Encodes {@code seconds} of a mono tone at {@code bitrateKbps} CBR; small and quick, for many files. */
  static byte[] encodeMono(double frequencyHz, double seconds, int bitrateKbps) {
    if (!(seconds > 0) || seconds > 3600) {
      throw new IllegalArgumentException("seconds not in (0, 3600]: " + seconds);
    }
    int frames = (int) Math.round(seconds * SAMPLE_RATE);
    byte[] pcm = new byte[frames * 2];
    for (int f = 0; f < frames; f++) {
      double t = (double) f / SAMPLE_RATE;
      putSample(pcm, 2 * f, 0.3 * Math.sin(2 * Math.PI * frequencyHz * t) * Math.min(1, 20 * t));
    }
    return encode(pcm, 1, bitrateKbps);
  }

  private static void putSample(byte[] pcm, int at, double value) {
    int s = (int) Math.round(Math.max(-1, Math.min(1, value)) * 32767);
    pcm[at] = (byte) s;
    pcm[at + 1] = (byte) (s >> 8);
  }

  private static byte[] encode(byte[] pcm, int channels, int bitrateKbps) {
    AudioFormat format = new AudioFormat(SAMPLE_RATE, 16, channels, true, false);
    LameEncoder encoder = new LameEncoder(format, bitrateKbps,
        channels == 1 ? LameEncoder.CHANNEL_MODE_MONO : LameEncoder.CHANNEL_MODE_JOINT_STEREO,
        LameEncoder.QUALITY_LOW, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream(pcm.length / 6 + 4096);
    try {
      byte[] buffer = new byte[encoder.getMP3BufferSize()];
      int chunk = encoder.getPCMBufferSize();
      for (int p = 0; p < pcm.length; p += chunk) {
        int n = encoder.encodeBuffer(pcm, p, Math.min(chunk, pcm.length - p), buffer);
        out.write(buffer, 0, n);
      }
      out.write(buffer, 0, encoder.encodeFinish(buffer));
    } finally {
      encoder.close();
    }
    return out.toByteArray();
  }
}
