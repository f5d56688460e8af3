package org.jukebox.swing.controller;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.jukebox.client.AudioSink;
import org.jukebox.client.PcmFormat;
import org.junit.jupiter.api.Test;

class GainSinkTest {
  /** Keeps what is written. */
  static final class Recording implements AudioSink {
    final List<short[]> writes = new ArrayList<>();

    @Override
    public void open(PcmFormat format) {}

    @Override
    public void write(short[] samples, int offset, int length) {
      short[] copy = new short[length];
      System.arraycopy(samples, offset, copy, 0, length);
      writes.add(copy);
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void flush() {}

    @Override
    public void drain() {}

    @Override
    public void close() {}
  }

  @Test
  void samplesAreScaledOnASquaredCurveAndPassUntouchedAtFullVolume() {
    Recording out = new Recording();
    GainSink sink = GainSink.wrap(out);
    short[] pcm = {0, 1000, -1000, 32767, -32768};
    sink.write(pcm, 1, 3);
    sink.setLevel(0.5);
    sink.write(pcm, 0, 5);
    sink.setLevel(0);
    sink.write(pcm, 0, 2);
    assertArrayEquals(new short[] {1000, -1000, 32767}, out.writes.get(0));
    assertArrayEquals(new short[] {0, 250, -250, 8192, -8192}, out.writes.get(1));
    assertArrayEquals(new short[] {0, 0}, out.writes.get(2));
    assertArrayEquals(new short[] {0, 1000, -1000, 32767, -32768}, pcm, "the caller's buffer is left alone");
  }

  @Test
  void levelsOutsideZeroToOneAreRefused() {
    GainSink sink = GainSink.wrap(new Recording());
    assertEquals("volume not in 0..1: 1.5",
        assertThrows(IllegalArgumentException.class, () -> sink.setLevel(1.5)).getMessage());
    assertEquals("volume not in 0..1: NaN",
        assertThrows(IllegalArgumentException.class, () -> sink.setLevel(Double.NaN)).getMessage());
  }
}
