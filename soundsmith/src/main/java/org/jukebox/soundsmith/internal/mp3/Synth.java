package org.jukebox.soundsmith.internal.mp3;

import java.util.SplittableRandom;

/**
 * A tiny synthesizer for the sample library and tests: oscillators with envelopes mixed into a
 * mono buffer, and a generative composer (chord progression, bass, a seeded melody, light drums)
 * so every song is different and none is copied from anywhere. Stateless and thread-safe.
 */
public final class Synth {
  /** Oscillator shapes. Square and saw are softened by a one-pole low-pass to tame aliasing. */
  public enum Waveform { SINE, TRIANGLE, SQUARE, SAW }

  /** Attack, decay and release in seconds; sustain as a fraction of the peak. */
  public record Envelope(double attack, double decay, double sustain, double release) {
    public static final Envelope PLUCK = new Envelope(0.003, 0.35, 0.0, 0.05);
    public static final Envelope LEAD = new Envelope(0.01, 0.12, 0.6, 0.08);
    public static final Envelope PAD = new Envelope(0.3, 0.4, 0.8, 0.4);
    public static final Envelope BASS = new Envelope(0.005, 0.2, 0.5, 0.06);
    public static final Envelope FLAT = new Envelope(0.01, 0.0, 1.0, 0.01);
  }

  /**
   * How a generated song sounds.
   *
   * @param seed picks the melody and the progression
   * @param bpm tempo
   * @param rootMidi MIDI note of the key's tonic, for example 57 (A3)
   * @param minor minor or major scale
   * @param lead waveform of the melody
   * @param leadEnvelope envelope of the melody
   * @param pad waveform of the chords
   * @param drums whether to add kick and hats
   */
  public record Style(long seed, double bpm, int rootMidi, boolean minor, Waveform lead, Envelope leadEnvelope,
      Waveform pad, boolean drums) {}

  private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
  private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
  private static final int[][] PROGRESSIONS = {{0, 4, 5, 3}, {0, 5, 3, 4}, {0, 3, 4, 4}, {5, 3, 0, 4}, {0, 2, 3, 4}};

  private Synth() {}

  /** A steady tone: the cheapest audio that is still real audio. */
  public static short[] tone(double frequencyHz, double seconds, int sampleRate) {
    float[] mix = new float[samples(seconds, sampleRate)];
    add(mix, sampleRate, 0, seconds, frequencyHz, 0.5, Waveform.SINE, Envelope.FLAT);
    return toPcm(mix);
  }

  /** A song in the given style, {@code seconds} long, fading out at the end. */
  public static short[] song(Style style, double seconds, int sampleRate) {
    SplittableRandom random = new SplittableRandom(style.seed());
    float[] mix = new float[samples(seconds, sampleRate)];
    int[] scale = style.minor() ? MINOR : MAJOR;
    int[] progression = PROGRESSIONS[random.nextInt(PROGRESSIONS.length)];
    double beat = 60.0 / style.bpm();
    double bar = 4 * beat;
    int degree = 0;
    for (int b = 0; b * bar < seconds; b++) {
      double t0 = b * bar;
      int chord = progression[b % progression.length];
      for (int voice = 0; voice < 3; voice++) {
        add(mix, sampleRate, t0, bar, freq(style.rootMidi(), scale, chord + 2 * voice), 0.07, style.pad(), Envelope.PAD);
      }
      for (int beatInBar = 0; beatInBar < 4; beatInBar += 2) {
        add(mix, sampleRate, t0 + beatInBar * beat, beat * 1.5, freq(style.rootMidi() - 12, scale, chord), 0.18,
            Waveform.TRIANGLE, Envelope.BASS);
      }
      for (int step = 0; step < 8; step++) {
        double t = t0 + step * beat / 2;
        if (random.nextInt(5) == 0) {
          continue; // a rest now and then
        }
        if (step % 2 == 0 && random.nextInt(2) == 0) {
          degree = chord + 2 * random.nextInt(3); // land on a chord tone on the beat
        } else {
          degree += random.nextInt(5) - 2;
        }
        degree = Math.max(-2, Math.min(9, degree));
        double length = beat / 2 * (random.nextInt(3) == 0 ? 2 : 1);
        add(mix, sampleRate, t, length, freq(style.rootMidi() + 12, scale, degree), 0.16, style.lead(),
            style.leadEnvelope());
      }
      if (style.drums()) {
        for (int beatInBar = 0; beatInBar < 4; beatInBar++) {
          if (beatInBar % 2 == 0) {
            kick(mix, sampleRate, t0 + beatInBar * beat);
          }
          hat(mix, sampleRate, t0 + beatInBar * beat + beat / 2, random);
        }
      }
    }
    fade(mix, sampleRate, Math.min(1.5, seconds / 4));
    return toPcm(mix);
  }

  /** Adds one note to the mix. */
  public static void add(float[] mix, int rate, double start, double length, double hz, double gain,
      Waveform wave, Envelope env) {
    int from = (int) (start * rate);
    int noteSamples = (int) (length * rate);
    int releaseSamples = (int) (env.release() * rate);
    int to = Math.min(mix.length, from + noteSamples + releaseSamples);
    double phase = 0;
    double step = hz / rate;
    double smooth = 0;
    double alpha = Math.min(1.0, 2 * Math.PI * 4000.0 / rate);
    for (int i = from; i < to; i++) {
      int n = i - from;
      double level = level(env, n, noteSamples, rate);
      double raw = switch (wave) {
        case SINE -> Math.sin(2 * Math.PI * phase);
        case TRIANGLE -> 1 - 4 * Math.abs(phase - 0.5);
        case SQUARE -> phase < 0.5 ? 0.6 : -0.6;
        case SAW -> 0.8 * (2 * phase - 1);
      };
      smooth += alpha * (raw - smooth);
      mix[i] += (float) (gain * level * (wave == Waveform.SINE || wave == Waveform.TRIANGLE ? raw : smooth));
      phase += step;
      if (phase >= 1) {
        phase -= 1;
      }
    }
  }

  private static double level(Envelope env, int n, int noteSamples, int rate) {
    double t = (double) n / rate;
    double held;
    double attack = Math.max(env.attack(), 1e-4);
    double noteEnd = (double) noteSamples / rate;
    double at = Math.min(t, noteEnd);
    if (at < attack) {
      held = at / attack;
    } else if (at < attack + env.decay()) {
      held = 1 - (1 - env.sustain()) * (at - attack) / env.decay();
    } else {
      held = env.sustain();
    }
    if (t <= noteEnd) {
      return held;
    }
    double r = env.release() <= 0 ? 1 : (t - noteEnd) / env.release();
    return Math.max(0, held * (1 - r));
  }

  private static void kick(float[] mix, int rate, double start) {
    int from = (int) (start * rate);
    int to = Math.min(mix.length, from + rate / 6);
    double phase = 0;
    for (int i = from; i < to; i++) {
      double t = (double) (i - from) / rate;
      double hz = 45 + 90 * Math.exp(-t * 30);
      phase += hz / rate;
      mix[i] += (float) (0.35 * Math.exp(-t * 18) * Math.sin(2 * Math.PI * phase));
    }
  }

  private static void hat(float[] mix, int rate, double start, SplittableRandom random) {
    int from = (int) (start * rate);
    int to = Math.min(mix.length, from + rate / 25);
    double previous = 0;
    for (int i = from; i < to; i++) {
      double t = (double) (i - from) / rate;
      double noise = random.nextDouble() * 2 - 1;
      mix[i] += (float) (0.05 * Math.exp(-t * 90) * (noise - previous)); // a crude high-pass
      previous = noise;
    }
  }

  private static void fade(float[] mix, int rate, double seconds) {
    int n = Math.min(mix.length, (int) (seconds * rate));
    for (int i = 0; i < n; i++) {
      mix[mix.length - 1 - i] *= (float) i / n;
    }
    int in = Math.min(mix.length, rate / 50);
    for (int i = 0; i < in; i++) {
      mix[i] *= (float) i / in;
    }
  }

  private static double freq(int rootMidi, int[] scale, int degree) {
    int octave = Math.floorDiv(degree, scale.length);
    int index = Math.floorMod(degree, scale.length);
    int midi = rootMidi + 12 * octave + scale[index];
    return 440.0 * Math.pow(2, (midi - 69) / 12.0);
  }

  private static int samples(double seconds, int rate) {
    if (!(seconds > 0) || seconds > 3600) {
      throw new IllegalArgumentException("seconds not in (0, 3600]: " + seconds);
    }
    return (int) Math.ceil(seconds * rate);
  }

  /** Peak-normalizes to 80% of full scale and converts to 16-bit. */
  private static short[] toPcm(float[] mix) {
    float peak = 1e-6f;
    for (float v : mix) {
      peak = Math.max(peak, Math.abs(v));
    }
    float scale = 0.8f * 32767 / Math.max(peak, 0.25f);
    short[] pcm = new short[mix.length];
    for (int i = 0; i < mix.length; i++) {
      pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(mix[i] * scale)));
    }
    return pcm;
  }
}
