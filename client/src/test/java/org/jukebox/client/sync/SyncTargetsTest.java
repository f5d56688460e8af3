package org.jukebox.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import org.jukebox.api.ClockReading;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionSong;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.client.session.TimelineState;
import org.junit.jupiter.api.Test;

class SyncTargetsTest {
  private static final SessionId SESSION = new SessionId("s-1");

  private static SessionSong entry(long n) {
    Song song = new Song(new SongId("song-" + n), "Title " + n, "", "", 0, 0, 0, "", Duration.ofMinutes(3), 128, 44_100,
        false, 1000, "audio/mpeg");
    return new SessionSong(n, song, "alice", false);
  }

  @Test
  void aTimelineStateBecomesTheTargetOfItsEntry() {
    assertEquals(SyncTarget.playing(7, 1_500_000, 99),
        SyncTargets.from(new TimelineState(SESSION, 3, entry(7), null, true, 1_500_000, 99, true, false)));
    assertEquals(SyncTarget.paused(7, 1_500_000, 99),
        SyncTargets.from(new TimelineState(SESSION, 3, entry(7), entry(8), false, 1_500_000, 99, false, false)));
    assertEquals(SyncTarget.idle(99), SyncTargets.from(new TimelineState(SESSION, 3, null, null, false, 0, 99, true, false)));
    assertEquals(SyncTarget.idle(99),
        SyncTargets.from(new TimelineState(SESSION, 3, entry(7), null, true, 5, 99, true, true)));
  }

  @Test
  void theSessionClientsClockSourceIsATimeSource() throws IOException {
    TimeSource t = SyncTargets.timeSource(() -> new ClockReading(5, 6));
    assertEquals(new ClockReading(5, 6), t.time());
  }
}
