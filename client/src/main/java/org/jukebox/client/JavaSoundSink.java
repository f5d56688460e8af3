package org.jukebox.client;

import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * The sound card, through a javax.sound {@link SourceDataLine} with about a quarter of a second
 * of buffer. Writes block while the line is full, which paces the player at the real rate.
 *
 * <p>Used by the player thread only; {@link #close()} may come from any thread.
 */
public final class JavaSoundSink implements AudioSink {
  private static final int BUFFER_MILLIS = 250;

  private volatile SourceDataLine line;
  private PcmFormat format;
  private byte[] bytes = new byte[0];

  JavaSoundSink() {}

  /** A sink over the default mixer's line; opening fails later if there is none. */
  public static JavaSoundSink create() {
    return new JavaSoundSink();
  }

  static AudioFormat toAudioFormat(PcmFormat f) {
    return new AudioFormat(f.sampleRate(), 16, f.channels(), true, false);
  }

  @Override
  public void open(PcmFormat format) throws IOException {
    close();
    AudioFormat af = toAudioFormat(format);
    try {
      SourceDataLine l = AudioSystem.getSourceDataLine(af);
      int frameBytes = 2 * format.channels();
      l.open(af, Math.max(frameBytes * 1024, format.sampleRate() * BUFFER_MILLIS / 1000 * frameBytes));
      l.start();
      this.format = format;
      this.line = l;
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new IOException("no audio line for " + af + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(short[] samples, int offset, int length) {
    SourceDataLine l = line;
    if (l == null) {
      throw new IllegalStateException("sink is not open");
    }
    java.util.Objects.checkFromIndexSize(offset, length, samples.length);
    if (bytes.length < length * 2) {
      bytes = new byte[length * 2];
    }
    for (int i = 0; i < length; i++) {
      short s = samples[offset + i];
      bytes[2 * i] = (byte) s;
      bytes[2 * i + 1] = (byte) (s >> 8);
    }
    l.write(bytes, 0, length * 2);
  }

  @Override
  public void pause() {
    SourceDataLine l = line;
    if (l != null) {
      l.stop();
    }
  }

  @Override
  public void resume() {
    SourceDataLine l = line;
    if (l != null) {
      l.start();
    }
  }

  @Override
  public void flush() {
    SourceDataLine l = line;
    if (l != null) {
      l.flush();
    }
  }

  @Override
  public void drain() {
    SourceDataLine l = line;
    if (l != null && l.isRunning()) {
      l.drain();
    }
  }

  @Override
  public long bufferedFrames() {
    SourceDataLine l = line;
    PcmFormat f = format;
    if (l == null || f == null) {
      return 0;
    }
    return (l.getBufferSize() - l.available()) / (2L * f.channels());
  }

  @Override
  public void close() {
    SourceDataLine l = line;
    line = null;
    if (l != null) {
      l.close();
    }
  }

  @Override
  public String toString() {
    return "JavaSoundSink";
  }
}
