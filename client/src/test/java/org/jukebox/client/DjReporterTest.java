package org.jukebox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jukebox.api.EventKind;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.junit.jupiter.api.Test;

/** What the player's callbacks become, in order. */
class DjReporterTest {
  private static final Duration LEN = Duration.ofMinutes(3);
  private final MutableClock clock = new MutableClock();
  private final List<ListeningEvent> events = new ArrayList<>();
  private final DjReporter reporter = new DjReporter(events::add, clock);

  private static Song song(String id) {
    return new Song(new SongId(id), "T " + id, "A", "B", 1, 1, 2026, "Test", LEN, 128, 44_100, false, 1000,
        "audio/mpeg");
  }

  @Test
  void aSongPlayedToTheEndIsStartedThenFinished() {
    Song a = song("a");
    reporter.songStarted(a);
    reporter.songEnded(a, SongEnd.COMPLETED, LEN);
    assertEquals(List.of(ListeningEvent.of(a.id(), EventKind.STARTED, LEN), ListeningEvent.of(a.id(), EventKind.FINISHED, LEN)),
        events);
  }

  @Test
  void nextAndStopAreSkipsAtThePositionAndFailuresAreNotReported() {
    Song a = song("a");
    Song b = song("b");
    reporter.songStarted(a);
    reporter.songEnded(a, SongEnd.SKIPPED, Duration.ofSeconds(12));
    reporter.songStarted(b);
    reporter.songEnded(b, SongEnd.STOPPED, Duration.ofMinutes(4)); // past the end: clamped
    reporter.songStarted(a);
    reporter.songEnded(a, SongEnd.FAILED, Duration.ofSeconds(1));
    assertEquals(List.of(
        ListeningEvent.of(a.id(), EventKind.STARTED, LEN),
        ListeningEvent.at(a.id(), EventKind.SKIPPED, Duration.ofSeconds(12), LEN),
        ListeningEvent.of(b.id(), EventKind.STARTED, LEN),
        ListeningEvent.at(b.id(), EventKind.SKIPPED, LEN, LEN),
        ListeningEvent.of(a.id(), EventKind.STARTED, LEN)), events);
  }

  @Test
  void aJumpForwardIsAFastForwardFromWhereItWasAndPlayingIsNot() {
    Song a = song("a");
    reporter.songStarted(a);
    clock.advance(Duration.ofMillis(500));
    reporter.positionChanged(a, Duration.ofMillis(500));
    clock.advance(Duration.ofSeconds(2));
    reporter.positionChanged(a, Duration.ofMillis(2500)); // just playing
    clock.advance(Duration.ofMillis(100));
    reporter.positionChanged(a, Duration.ofSeconds(90)); // the user sought
    clock.advance(Duration.ofMillis(100));
    reporter.positionChanged(a, Duration.ofMillis(50_000)); // back: not reported
    assertEquals(List.of(ListeningEvent.of(a.id(), EventKind.STARTED, LEN),
        ListeningEvent.at(a.id(), EventKind.FAST_FORWARDED, Duration.ofMillis(2500), LEN)), events);
  }

  @Test
  void aPauseIsReportedOnceWithThePositionAndTheWaitIsNoSeek() {
    Song a = song("a");
    reporter.songStarted(a);
    clock.advance(Duration.ofSeconds(10));
    reporter.positionChanged(a, Duration.ofSeconds(10));
    reporter.stateChanged(PlayerState.PAUSED);
    reporter.stateChanged(PlayerState.PAUSED);
    clock.advance(Duration.ofMinutes(30));
    reporter.stateChanged(PlayerState.PLAYING);
    clock.advance(Duration.ofSeconds(1));
    reporter.positionChanged(a, Duration.ofSeconds(11));
    assertEquals(List.of(ListeningEvent.of(a.id(), EventKind.STARTED, LEN),
        ListeningEvent.at(a.id(), EventKind.PAUSED, Duration.ofSeconds(10), LEN)), events);
  }
}
