package org.jukebox.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncControllerTest {
  private final long[] now = {1_000_000_000};
  private final MicrosClock local = () -> now[0];
  private final List<SyncDecision> decisions = new ArrayList<>();
  /** Server clock exactly 2 s behind the local one, once known. */
  private boolean known = true;
  private final ServerClock server = l -> known ? l - 2_000_000 : ServerClock.UNKNOWN;
  private final SyncController c = SyncController.builder(server, local, decisions::add).build();

  @Test
  void aJoiningListenerIsAskedToSeekALittleBehindTheTarget() {
    c.update(SyncTarget.playing(4, 10_000_000, now[0] - 2_000_000 - 3_000_000));
    assertEquals(List.of(new SyncDecision.Seek(4, 12_900_000, "joining")), decisions);
  }

  @Test
  void withoutAClockEstimateNothingIsDecidedUntilATickAfterOne() {
    known = false;
    c.update(SyncTarget.playing(4, 0, 0));
    assertEquals(List.of(), decisions);
    assertEquals(SyncController.NO_AIM, c.aimMicros(4, now[0]));
    known = true;
    c.tick();
    assertEquals(1, decisions.size());
  }

  @Test
  void aSeekThatIsNeverCuedIsAskedAgainAfterTheTimeout() {
    c.update(SyncTarget.playing(4, 0, now[0] - 2_000_000));
    now[0] += 2_999_000;
    c.tick();
    assertEquals(1, decisions.size());
    now[0] += 2_000;
    c.tick();
    assertEquals(new SyncDecision.Seek(4, 2_901_000, "seek not done in time"), decisions.get(1));
  }

  @Test
  void whileSeekingTheSinkHasNoAimAndACueGivesItOne() {
    c.update(SyncTarget.playing(4, 0, now[0] - 2_000_000));
    assertEquals(SyncController.NO_AIM, c.aimMicros(4, now[0]));
    c.cued(4, 0);
    assertEquals(1_000, c.aimMicros(4, now[0] + 1_000));
    assertEquals(SyncController.NO_AIM, c.aimMicros(5, now[0]));
  }

  @Test
  void aHostSeekDuringOurSeekAsksForTheNewPosition() {
    c.update(SyncTarget.playing(4, 0, now[0] - 2_000_000));
    c.update(SyncTarget.playing(4, 60_000_000, now[0] - 2_000_000));
    assertEquals(new SyncDecision.Seek(4, 59_900_000, "the session moved during the seek"), decisions.get(1));
  }

  @Test
  void theSinkAsksForASeekOnlyWhilePlayingTheTargetEntry() {
    c.update(SyncTarget.playing(4, 0, now[0] - 2_000_000));
    c.seekNeeded(4, "behind by 300.0 ms");
    assertEquals(1, decisions.size(), "a seek is under way");
    c.cued(4, 0);
    c.seekNeeded(3, "ahead by 50.0 ms");
    assertEquals(1, decisions.size(), "not the target's entry");
    c.seekNeeded(4, "behind by 300.0 ms");
    assertEquals(new SyncDecision.Seek(4, 0, "behind by 300.0 ms"), decisions.get(1));
    assertEquals(2, c.seeks());
  }

  @Test
  void endingAfterTheHostMovedOnSeeksInsteadOfWaiting() {
    c.update(SyncTarget.playing(4, 0, now[0] - 2_000_000));
    c.cued(4, 0);
    c.update(SyncTarget.playing(4, 1_000_000, now[0] - 2_000_000)); // host nudged
    c.ended(4);
    assertEquals(new SyncDecision.WaitForNext(4), decisions.get(1));
    c.ended(4);
    c.update(SyncTarget.playing(4, 0, now[0] - 2_000_000)); // host went back to the start
    assertEquals(new SyncDecision.Seek(4, 0, "the session moved on"), decisions.get(2));
  }

  @Test
  void aPausedTargetOnAnotherEntryStopsWhatPlaysAndWaitsForPlayOnce() {
    c.update(SyncTarget.playing(4, 0, now[0] - 2_000_000));
    c.cued(4, 0);
    c.update(SyncTarget.paused(5, 0, now[0]));
    c.update(SyncTarget.paused(5, 0, now[0] + 1));
    assertEquals(List.of(new SyncDecision.Seek(4, 0, "joining"), new SyncDecision.WaitForPlay(5)), decisions);
  }

  @Test
  void targetsAndBuildersRefuseNonsenseWithExactMessages() {
    assertEquals("entry < 0: -1", assertThrows(IllegalArgumentException.class, () -> SyncTarget.playing(-1, 0, 0)).getMessage());
    assertEquals("positionMicros < 0: -2", assertThrows(IllegalArgumentException.class, () -> SyncTarget.paused(1, -2, 0)).getMessage());
    assertEquals("playing without an entry", assertThrows(IllegalArgumentException.class, () -> SyncTarget.playing(0, 0, 0)).getMessage());
    var b = SyncController.builder(server, local, decisions::add);
    assertEquals("seekMargin not in 0..10s: PT11S",
        assertThrows(IllegalArgumentException.class, () -> b.seekMargin(Duration.ofSeconds(11))).getMessage());
    assertEquals("seekTimeout <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.seekTimeout(Duration.ZERO)).getMessage());
    assertThrows(NullPointerException.class, () -> c.update(null));
  }

  @Test
  void aTargetsPositionRunsWithTheServerClockOnlyWhilePlaying() {
    assertEquals(7_500_000, SyncTarget.playing(1, 5_000_000, 100).positionAt(2_500_100));
    assertEquals(-100, SyncTarget.playing(1, 0, 200).positionAt(100));
    assertEquals(5_000_000, SyncTarget.paused(1, 5_000_000, 100).positionAt(9_999_999));
    assertEquals(false, SyncTarget.idle(5).hasEntry());
  }
}
