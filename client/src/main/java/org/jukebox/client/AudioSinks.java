package org.jukebox.client;

import java.util.Locale;
import java.util.logging.Logger;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.SourceDataLine;

/** Chooses where audio goes: the sound card when there is a usable one, else a real-time null sink. */
public final class AudioSinks {
  /** System property that overrides the choice: {@code javasound} or {@code null}. */
  public static final String PROPERTY = "jukebox.audio";

  private static final Logger LOG = Logger.getLogger(AudioSinks.class.getName());

  private AudioSinks() {}

  /**
   * The sound card if javax.sound can open a 44.1 kHz stereo line now, otherwise a
   * {@link NullAudioSink}; the {@value #PROPERTY} system property forces one or the other.
   *
   * @throws IllegalArgumentException if the property has another value
   */
  public static AudioSink best() {
    String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    switch (forced) {
      case "":
        break;
      case "javasound":
        return JavaSoundSink.create();
      case "null":
        return NullAudioSink.create();
      default:
        throw new IllegalArgumentException(PROPERTY + " is neither javasound nor null: " + forced);
    }
    if (javaSoundAvailable()) {
      return JavaSoundSink.create();
    }
    LOG.info("no usable audio line; playing into a real-time null sink");
    return NullAudioSink.create();
  }

  /** Whether javax.sound can open a 16-bit 44.1 kHz stereo output line right now. */
  public static boolean javaSoundAvailable() {
    try {
      var format = JavaSoundSink.toAudioFormat(new PcmFormat(44_100, 2));
      SourceDataLine line = AudioSystem.getSourceDataLine(format);
      line.open(format);
      line.close();
      return true;
    } catch (Exception | LinkageError e) {
      return false;
    }
  }
}
