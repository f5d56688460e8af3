package org.jukebox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NullAudioSinkTest {
  private static final long MS = 1_000_000L;

  /** Fake time that moves only when the sink asks to wait. */
  private final AtomicLong nanos = new AtomicLong(5_000 * MS);
  private final List<Long> waits = new ArrayList<>();
  private final NullAudioSink sink = new NullAudioSink(nanos::get, n -> {
    waits.add(n);
    nanos.addAndGet(n);
  }, Duration.ofMillis(100));

  /** Writes {@code chunks} chunks of 10 ms of 44.1 kHz stereo. */
  private void writeTenMillisChunks(int chunks) {
    short[] chunk = new short[441 * 2];
    for (int i = 0; i < chunks; i++) {
      sink.write(chunk, 0, chunk.length);
    }
  }

  private long waited() {
    return waits.stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void nullSinkPacesInRealTime() {
    long start = nanos.get();
    sink.open(new PcmFormat(44_100, 2));

    writeTenMillisChunks(10);
    assertEquals(List.of(), waits, "the first 100 ms fill the buffer without waiting");

    writeTenMillisChunks(90);
    assertEquals(900 * MS, waited(), "one second of audio written: 900 ms waited, 100 ms still buffered");
    assertTrue(waits.stream().allMatch(w -> w <= 10 * MS), "never waits longer than one chunk: " + waits);
    assertEquals(4410, sink.bufferedFrames());

    sink.drain();
    assertEquals(1000 * MS, nanos.get() - start, "draining plays out the buffer: 1 s of audio took 1 s");
    assertEquals(0, sink.bufferedFrames());
  }

  @Test
  void pauseStopsTheClockAndKeepsWhatIsBuffered() {
    long start = nanos.get();
    sink.open(new PcmFormat(44_100, 2));
    writeTenMillisChunks(50);
    assertEquals(400 * MS, nanos.get() - start);

    sink.pause();
    nanos.addAndGet(10_000 * MS); // ten seconds of pause go by
    assertEquals(4410, sink.bufferedFrames(), "a paused device keeps its buffer");
    sink.resume();
    writeTenMillisChunks(50);
    sink.drain();

    assertEquals(11_000 * MS, nanos.get() - start, "1 s of audio plus 10 s of pause, nothing played twice or skipped");
  }

  @Test
  void flushDropsTheBufferAndRestartsTheClock() {
    sink.open(new PcmFormat(44_100, 2));
    writeTenMillisChunks(50);
    long afterWrites = nanos.get();

    sink.flush();
    assertEquals(0, sink.bufferedFrames());
    sink.drain();

    assertEquals(afterWrites, nanos.get(), "nothing left to play after a flush");
  }

  @Test
  void writingToAClosedSinkIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sink.write(new short[2], 0, 2));
    assertEquals("sink is not open", e.getMessage());
  }

  @Test
  void aNegativeBufferIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NullAudioSink(System::nanoTime, n -> {}, Duration.ofMillis(-1)));
    assertEquals("buffer < 0: PT-0.001S", e.getMessage());
  }

  @Test
  void bestSinkHonoursTheOverrideProperty() {
    String old = System.getProperty(AudioSinks.PROPERTY);
    try {
      System.setProperty(AudioSinks.PROPERTY, "null");
      assertTrue(AudioSinks.best() instanceof NullAudioSink);
      System.setProperty(AudioSinks.PROPERTY, "javasound");
      assertTrue(AudioSinks.best() instanceof JavaSoundSink);
      System.setProperty(AudioSinks.PROPERTY, "speakers");
      assertEquals("jukebox.audio is neither javasound nor null: speakers",
          assertThrows(IllegalArgumentException.class, AudioSinks::best).getMessage());
      System.clearProperty(AudioSinks.PROPERTY);
      AudioSink auto = AudioSinks.best();
      assertEquals(AudioSinks.javaSoundAvailable() ? JavaSoundSink.class : NullAudioSink.class, auto.getClass());
    } finally {
      if (old == null) {
        System.clearProperty(AudioSinks.PROPERTY);
      } else {
        System.setProperty(AudioSinks.PROPERTY, old);
      }
    }
  }
}
