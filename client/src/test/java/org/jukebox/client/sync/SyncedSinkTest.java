package org.jukebox.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyncedSinkTest {
  private static final long SONG = 240L * 44_100; // four minutes, in frames
  private static final long FRAME_MICROS = 23;

  private final SimWorld world = new SimWorld();
  private final SimPlayer player = new SimPlayer(world, Map.of(1L, SONG, 2L, SONG, 3L, 10L * 44_100));
  private SimDevice device;
  private SyncController controller;
  private SyncedSink sink;

  /** A listener whose clock is 1.5 s ahead and 50 ppm fast, whose sound card runs {@code cardPpm} off. */
  private void listener(double cardPpm, Duration latency) throws IOException {
    MicrosClock local = world.clock(1_500_000, 50);
    controller = SyncController.builder(world.exactServer(1_500_000, 50), local, player).build();
    device = new SimDevice(world, cardPpm, 8_820);
    sink = SyncedSink.wrap(device, controller).outputLatency(latency).build();
    sink.open(SimPlayer.FORMAT);
    player.sink = sink;
    player.controller = controller;
  }

  /** Heard position minus where the session is now, µs (NaN in silence). */
  private double error() {
    SyncTarget t = controller.target();
    return device.heardMicros() - t.positionAt(world.now);
  }

  /** The largest |error| from {@code from} until {@code until} (absolute world times), failing on silence. */
  private double worstError(long from, long until) {
    double[] worst = {0};
    player.runUntil(until, () -> {
      if (world.now >= from) {
        double e = error();
        assertTrue(!Double.isNaN(e), "silence at " + (world.now - world.start) + " µs");
        worst[0] = Math.max(worst[0], Math.abs(e));
      }
    });
    return worst[0];
  }

  @Test
  void joiningMidSongStartsExactlyAtTheTargetPosition() throws IOException {
    listener(0, Duration.ZERO);
    controller.update(SyncTarget.playing(1, 60_000_000, world.now - 5_000_000));
    SyncDecision.Seek seek = assertInstanceOf(SyncDecision.Seek.class, player.decisions.get(0));
    assertEquals(1, seek.entry());
    assertEquals(64_900_000, seek.positionMicros(), 5);
    assertEquals("joining", seek.reason());
    double worst = worstError(world.now + 200_000, world.now + 3_000_000);
    assertTrue(worst <= FRAME_MICROS, "off by " + worst + " µs");
    assertTrue(sink.stats().framesTrimmed() > 0.14 * 44_100, sink.stats().toString());
    assertEquals(1, player.decisions.size(), player.decisions.toString());
  }

  @Test
  void aSeekThatLandsLateIsPaddedWithSilenceToTheExactPosition() throws IOException {
    listener(0, Duration.ZERO);
    player.seekLandsOffMicros = +300_000; // 200 ms past the target, after the 100 ms margin
    controller.update(SyncTarget.playing(1, 60_000_000, world.now));
    double worst = worstError(world.now + 400_000, world.now + 3_000_000);
    assertTrue(worst <= FRAME_MICROS, "off by " + worst + " µs");
    assertTrue(sink.stats().framesPadded() > 0.15 * 44_100, sink.stats().toString());
  }

  @Test
  void aCueFarBehindAsksForAnotherSeekInsteadOfDecodingSecondsOnlyToDropThem() throws IOException {
    listener(0, Duration.ZERO);
    player.seekLandsOffMicros = -12_000_000;
    controller.update(SyncTarget.playing(1, 60_000_000, world.now));
    player.runUntil(world.now + 200_000, () -> player.seekLandsOffMicros = -7_000);
    assertEquals(2, controller.seeks());
    SyncDecision.Seek again = assertInstanceOf(SyncDecision.Seek.class, player.decisions.get(1));
    assertEquals("behind by 12140.0 ms", again.reason(), "12 s short, plus the 100 ms margin and the 40 ms the seek took");
    assertEquals(1, sink.stats().seeksAsked());
    double worst = worstError(world.now + 300_000, world.now + 2_000_000);
    assertTrue(worst <= FRAME_MICROS, "off by " + worst + " µs");
  }

  @Test
  void joiningAPausedSessionWaitsForPlay() throws IOException {
    listener(0, Duration.ZERO);
    controller.update(SyncTarget.paused(1, 30_000_000, world.now - 60_000_000));
    player.runUntil(world.now + 2_000_000, () -> {});
    assertEquals(List.of(new SyncDecision.WaitForPlay(1)), player.decisions);
    assertEquals(0, device.written());

    controller.update(SyncTarget.playing(1, 30_000_000, world.now));
    assertInstanceOf(SyncDecision.Seek.class, player.decisions.get(1));
    double worst = worstError(world.now + 300_000, world.now + 3_000_000);
    assertTrue(worst <= FRAME_MICROS, "off by " + worst + " µs");
  }

  @Test
  void aSoundCard100ppmFastIsHeldWithinAMillisecondByRepeatingSingleFrames() throws IOException {
    listener(100, Duration.ZERO);
    controller.update(SyncTarget.playing(1, 0, world.now));
    long start = world.now;
    double worst = worstError(start + 2_000_000, start + 200_000_000);
    assertTrue(worst <= 1_000, "off by " + worst + " µs");
    // Settled, it stays within a few frames.
    double settled = worstError(world.now, world.now + 30_000_000);
    assertTrue(settled <= 100, "off by " + settled + " µs once settled");
    SyncStats s = sink.stats();
    // 100 ppm of 230 s at 44.1 kHz is about 1,014 frames to repeat.
    assertEquals(1_014, s.framesRepeated() - s.framesDropped(), 60, s.toString());
    assertEquals(1, controller.seeks(), "only the joining seek");
  }

  @Test
  void aSoundCard100ppmSlowIsHeldByDroppingSingleFrames() throws IOException {
    listener(-100, Duration.ZERO);
    controller.update(SyncTarget.playing(1, 0, world.now));
    double worst = worstError(world.now + 2_000_000, world.now + 100_000_000);
    assertTrue(worst <= 1_000, "off by " + worst + " µs");
    assertTrue(sink.stats().framesDropped() > 400, sink.stats().toString());
  }

  @Test
  void singleFrameCorrectionsAreAtLeastTenMillisecondsApart() throws IOException {
    listener(0, Duration.ZERO);
    controller.update(SyncTarget.playing(1, 0, world.now));
    player.runUntil(world.now + 1_000_000, () -> {});
    // The host nudges 20 ms: below the seek threshold, so it is slewed.
    SyncTarget t = controller.target();
    controller.update(SyncTarget.playing(1, t.positionMicros() + 20_000, t.stampMicros()));
    int before = device.splices.size();
    player.runUntil(world.now + 12_000_000, () -> {});
    List<Long> splices = device.splices.subList(before, device.splices.size());
    assertTrue(splices.size() >= 870, "20 ms at 22.7 µs a frame is 882 drops: " + splices.size());
    for (int i = 1; i < splices.size(); i++) {
      assertTrue(splices.get(i) - splices.get(i - 1) >= 440, "splices " + splices.get(i - 1) + ", " + splices.get(i));
    }
    assertEquals(1, controller.seeks());
    assertTrue(Math.abs(error()) <= 100, "off by " + error());
  }

  @Test
  void anErrorOf300msAsksForASeekAndLandsAgain() throws IOException {
    listener(0, Duration.ZERO);
    controller.update(SyncTarget.playing(1, 0, world.now));
    player.runUntil(world.now + 2_000_000, () -> {});
    SyncTarget t = controller.target();
    controller.update(SyncTarget.playing(1, t.positionMicros() + 300_000, t.stampMicros()));
    player.runUntil(world.now + 100_000, () -> {});
    assertEquals(2, controller.seeks());
    SyncDecision.Seek seek = assertInstanceOf(SyncDecision.Seek.class, player.decisions.get(1));
    assertTrue(seek.reason().startsWith("behind by 3"), seek.reason());
    double worst = worstError(world.now + 500_000, world.now + 3_000_000);
    assertTrue(worst <= FRAME_MICROS, "off by " + worst + " µs");
  }

  @Test
  void outputLatencyShiftsTheAchievedPositionByExactlyThatMuch() throws IOException {
    listener(0, Duration.ofMillis(150));
    controller.update(SyncTarget.playing(1, 10_000_000, world.now));
    player.runUntil(world.now + 2_000_000, () -> {});
    // The card plays 150 ms ahead, so the ear, 150 ms later, hears the session's position.
    assertEquals(150_000, error(), FRAME_MICROS);
    sink.outputLatency(Duration.ofMillis(170));
    player.runUntil(world.now + 15_000_000, () -> {});
    assertEquals(170_000, error(), 60, "within the dead band once slewed");
  }

  @Test
  void aListenerAheadWaitsAtTheEndForTheHostsNext() throws IOException {
    listener(0, Duration.ZERO);
    controller.update(SyncTarget.playing(3, 0, world.now)); // entry 3 lasts 10 s
    player.runUntil(world.now + 10_500_000, () -> {});
    assertEquals(new SyncDecision.WaitForNext(3), player.decisions.get(player.decisions.size() - 1));
    long written = device.written();
    player.runUntil(world.now + 1_000_000, () -> {});
    assertEquals(written, device.written(), "nothing more is played while waiting");
    // The host's next, stamped 30 ms ago.
    controller.update(SyncTarget.playing(1, 0, world.now - 30_000));
    SyncDecision.Seek seek = assertInstanceOf(SyncDecision.Seek.class, player.decisions.get(player.decisions.size() - 1));
    assertEquals(1, seek.entry());
    assertEquals(0, seek.positionMicros());
    double worst = worstError(world.now + 300_000, world.now + 2_000_000);
    assertTrue(worst <= FRAME_MICROS, "off by " + worst + " µs");
  }

  @Test
  void aListenerBehindMovesOnAsSoonAsTheNextArrives() throws IOException {
    listener(0, Duration.ZERO);
    controller.update(SyncTarget.playing(1, 0, world.now));
    player.runUntil(world.now + 5_000_000, () -> {});
    controller.update(SyncTarget.playing(2, 0, world.now - 10_000));
    SyncDecision.Seek seek = assertInstanceOf(SyncDecision.Seek.class, player.decisions.get(player.decisions.size() - 1));
    assertEquals(2, seek.entry());
    assertEquals("the session moved to entry 2", seek.reason());
    double worst = worstError(world.now + 300_000, world.now + 2_000_000);
    assertTrue(worst <= FRAME_MICROS, "off by " + worst + " µs");
  }

  @Test
  void pauseAndPlayFollowTheSession() throws IOException {
    listener(0, Duration.ZERO);
    controller.update(SyncTarget.playing(1, 0, world.now));
    player.runUntil(world.now + 3_000_000, () -> {});
    SyncTarget t = controller.target();
    long pausedAt = t.positionAt(world.now);
    controller.update(SyncTarget.paused(1, pausedAt, world.now));
    assertEquals(new SyncDecision.Pause(1), player.decisions.get(player.decisions.size() - 1));
    player.runUntil(world.now + 5_000_000, () -> {});
    // The play message arrives 45 ms after the server stamped it.
    controller.update(SyncTarget.playing(1, pausedAt, world.now - 45_000));
    SyncDecision.Seek seek = assertInstanceOf(SyncDecision.Seek.class, player.decisions.get(player.decisions.size() - 1));
    assertEquals("the session plays again", seek.reason());
    double worst = worstError(world.now + 300_000, world.now + 10_000_000);
    assertTrue(worst <= FRAME_MICROS, "off by " + worst + " µs");
  }

  @Test
  void aSessionWithNothingToPlayStopsTheListener() throws IOException {
    listener(0, Duration.ZERO);
    controller.update(SyncTarget.playing(1, 0, world.now));
    player.runUntil(world.now + 1_000_000, () -> {});
    controller.update(SyncTarget.idle(world.now));
    assertEquals(new SyncDecision.Stop(1), player.decisions.get(player.decisions.size() - 1));
  }

  @Test
  void withoutACueEverythingPassesThroughUnchanged() throws IOException {
    listener(0, Duration.ZERO);
    short[] buf = new short[2 * 1152];
    for (int i = 0; i < 1152; i++) {
      SimDevice.encode(buf, i, 5_000 + i);
    }
    sink.write(buf, 0, buf.length);
    sink.write(buf, 0, 1152); // half a buffer: frames 5000..5575
    assertEquals(1152 + 576, device.written());
    assertEquals(new SyncStats(0, 0, 0, 0, 0, 0, false), sink.stats());
  }

  @Test
  void theRealEstimatorOverAJitteryNetworkKeepsAListenerWithinAMillisecond() throws IOException {
    Random r = new Random(42);
    MicrosClock local = world.clock(-2_000_000, -100);
    ClockOffsetEstimator clock = ClockOffsetEstimator.builder(
            world.server(SimWorld.uniform(r, 20_000, 24_000), SimWorld.uniform(r, 20_000, 24_000)), local)
        .scheduler(world.scheduler()).build();
    clock.refresh();
    controller = SyncController.builder(clock, local, player).build();
    device = new SimDevice(world, 100, 8_820);
    sink = SyncedSink.wrap(device, controller).build();
    sink.open(SimPlayer.FORMAT);
    player.sink = sink;
    player.controller = controller;
    clock.start();
    controller.update(SyncTarget.playing(1, 12_000_000, world.now - 1_000_000));
    long joined = world.now;
    double[] worst = {0, 0};
    player.runUntil(joined + 200_000_000, () -> {
      world.runUntil(world.now);
      if (world.now >= joined + 2_000_000 && Math.abs(error()) > worst[0]) {
        worst[0] = Math.abs(error());
        worst[1] = world.now - joined;
      }
    });
    assertTrue(worst[0] <= 1_000, "off by " + worst[0] + " µs at " + worst[1] / 1e6 + " s; " + clock + " " + sink.stats());
  }

  /** A card 100 ppm fast that only counts, so that nothing but the sync engine can allocate. */
  private static final class CountingCard implements org.jukebox.client.AudioSink {
    final long[] now;
    long written;

    CountingCard(long[] now) {
      this.now = now;
    }

    @Override
    public void open(org.jukebox.client.PcmFormat format) {}

    @Override
    public void write(short[] samples, int offset, int length) {
      written += length / 2;
    }

    @Override
    public long bufferedFrames() {
      return Math.max(0, written - (long) (now[0] * 0.0441 * (1 + 100e-6)));
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
  void correctingAllocatesNothingPerBuffer() throws IOException {
    long[] now = {0};
    ServerClock exact = l -> l;
    SyncController c = SyncController.builder(exact, () -> now[0], d -> {}).build();
    CountingCard card = new CountingCard(now);
    SyncedSink s = SyncedSink.wrap(card, c).build();
    s.open(SimPlayer.FORMAT);
    c.update(SyncTarget.playing(1, 0, 0));
    s.cue(1, 0);
    short[] buf = new short[2 * 1152];
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = 0;
    for (int i = 0; i < 60_000; i++) {
      if (i == 20_000) {
        before = threads.getThreadAllocatedBytes(id);
      }
      // The writer keeps the card about 100 ms ahead, like a player blocked on a full line.
      now[0] = (long) (card.written / 0.0441 / (1 + 100e-6)) - 100_000;
      s.write(buf, 0, buf.length);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    SyncStats st = s.stats();
    assertTrue(st.framesRepeated() > 100, st.toString());
    assertTrue(allocated < 4_096, allocated + " bytes for 40,000 buffers (" + st + ")");
  }

  @Test
  void misuseIsRefusedWithExactMessages() throws IOException {
    listener(0, Duration.ZERO);
    assertEquals("entry <= 0: 0", assertThrows(IllegalArgumentException.class, () -> sink.cue(0, 5)).getMessage());
    assertEquals("positionMicros < 0: -5",
        assertThrows(IllegalArgumentException.class, () -> sink.cue(1, -5)).getMessage());
    assertEquals("outputLatency not in 0..5s: PT-0.001S",
        assertThrows(IllegalArgumentException.class, () -> sink.outputLatency(Duration.ofMillis(-1))).getMessage());
    var b = SyncedSink.wrap(device, controller);
    assertEquals("minCorrectionInterval < 1ms: PT0.0005S",
        assertThrows(IllegalArgumentException.class, () -> b.minCorrectionInterval(Duration.ofNanos(500_000))).getMessage());
    assertEquals("seekThreshold < 1ms: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.seekThreshold(Duration.ZERO)).getMessage());
    assertEquals("deadband < 0: PT-1S",
        assertThrows(IllegalArgumentException.class, () -> b.deadband(Duration.ofSeconds(-1))).getMessage());
    SyncedSink closed = SyncedSink.wrap(new SimDevice(world, 0, 100), controller).build();
    assertEquals("sink is not open",
        assertThrows(IllegalStateException.class, () -> closed.write(new short[4], 0, 4)).getMessage());
  }
}
