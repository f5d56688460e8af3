package org.jukebox.dj;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.EventKind;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.SongId;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;

/**
 * Runs a DJ in its own JVM for {@link CrashTest}: reports the deterministic event sequence
 * {@link #event} in batches and prints {@code ACK n} after each report returns, until killed.
 */
public final class CrashChild {
  static final Instant T = Instant.parse("2026-04-01T08:00:00Z");
  static final int BATCH = 25;
  static final int USERS = 5;

  private CrashChild() {}

  static DjRules rules() {
    return DjRules.defaults().withRateLimit(1_000_000, 1_000_000);
  }

  static Clock clock() {
    return Clock.fixed(T, ZoneOffset.UTC);
  }

  static String user(int i) {
    return "user" + (i % USERS);
  }

  /** The i-th event of the sequence (reported by {@link #user(int)}). */
  static ListeningEvent event(int i) {
    SongId song = new SongId("song" + (i * 7 % 41));
    Duration len = Duration.ofMinutes(3);
    return switch (i % 6) {
      case 0 -> ListeningEvent.of(song, EventKind.FINISHED, len);
      case 1 -> ListeningEvent.at(song, EventKind.SKIPPED, Duration.ofSeconds(10 + i % 150), len);
      case 2 -> ListeningEvent.rated(song, 1 + i % 5);
      case 3 -> ListeningEvent.of(song, EventKind.LIKED, len).ago(Duration.ofDays(i % 200));
      case 4 -> ListeningEvent.of(song, EventKind.STARTED, len);
      default -> ListeningEvent.of(song, EventKind.DISLIKED, len).ago(Duration.ofHours(i % 1000));
    };
  }

  public static void main(String[] args) throws Exception {
    DjServer server = DjServer.builder().listen(false).dataDir(Path.of(args[0])).clock(clock()).rules(rules())
        .build().start();
    DiscJockey dj = server.local();
    System.out.println("READY");
    System.out.flush();
    for (int b = 0; ; b++) {
      // One batch = BATCH consecutive events of the sequence, all by one user, in one report.
      List<ListeningEvent> batch = new ArrayList<>(BATCH);
      for (int k = 0; k < BATCH; k++) {
        batch.add(event(b * BATCH + k));
      }
      Caller.callAs(JukeboxPrincipal.user(user(b), "signature"), () -> {
        dj.report(batch);
        return null;
      });
      System.out.println("ACK " + (b + 1) * BATCH);
      System.out.flush();
    }
  }
}
