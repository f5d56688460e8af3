package org.jukebox.client.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jukebox.client.PcmFormat;

/**
 * Stands in for the player integration: decodes "songs" whose samples carry their own
 * positions, writes 1152-frame buffers (an MP3 frame) to a {@link SyncedSink}, and carries out
 * the controller's decisions on its own thread, queued like the real player's commands.
 */
final class SimPlayer implements SyncDecision.Listener {
  static final PcmFormat FORMAT = new PcmFormat(44_100, 2);
  private static final int BUFFER = 1152;

  private final SimWorld world;
  private final Map<Long, Long> songFrames;
  private final short[] buf = new short[BUFFER * 2];
  private final ArrayDeque<SyncDecision> queued = new ArrayDeque<>();
  final List<SyncDecision> decisions = new ArrayList<>();
  SyncedSink sink;
  SyncController controller;
  /** Where a seek really lands, relative to where it was asked to, in µs. */
  long seekLandsOffMicros = -7_000;
  /** How long opening a stream at a position takes. */
  long seekTakesMicros = 40_000;
  long entry;
  long next;
  boolean playing;

  SimPlayer(SimWorld world, Map<Long, Long> songFrames) {
    this.world = world;
    this.songFrames = songFrames;
  }

  @Override
  public void decided(SyncDecision d) {
    decisions.add(d);
    queued.add(d);
  }

  /** Carries out queued decisions, then writes one buffer, or idles 5 ms when not playing. */
  void step() {
    for (SyncDecision d; (d = queued.poll()) != null; ) {
      apply(d);
    }
    if (!playing) {
      world.now += 5_000;
      return;
    }
    long end = songFrames.get(entry);
    int n = (int) Math.min(BUFFER, end - next);
    for (int i = 0; i < n; i++) {
      SimDevice.encode(buf, i, next + i);
    }
    sink.write(buf, 0, n * 2);
    next += n;
    if (next >= end) {
      playing = false;
      controller.ended(entry);
    }
  }

  private void apply(SyncDecision d) {
    if (d instanceof SyncDecision.Seek s) {
      sink.flush();
      sink.resume();
      world.now += seekTakesMicros;
      long landed = Math.max(0, s.positionMicros() + seekLandsOffMicros);
      entry = s.entry();
      next = landed * FORMAT.sampleRate() / 1_000_000;
      sink.cue(entry, FORMAT.framesToNanos(next) / 1_000);
      playing = true;
    } else if (d instanceof SyncDecision.Pause) {
      sink.pause();
      playing = false;
    } else if (d instanceof SyncDecision.Stop) {
      sink.flush();
      playing = false;
    } else {
      playing = false; // WaitForPlay, WaitForNext
    }
  }

  /** Runs steps until the world's time reaches {@code until}, calling {@code each} after every step. */
  void runUntil(long until, Runnable each) {
    while (world.now < until) {
      step();
      each.run();
    }
  }
}
