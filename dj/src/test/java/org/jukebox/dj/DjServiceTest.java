package org.jukebox.dj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.EventKind;
import org.jukebox.api.InvalidEventException;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Pick;
import org.jukebox.api.Preference;
import org.jukebox.api.ProfileView;
import org.jukebox.api.RateLimitedException;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service in-process on real Derby: who may do what, what is refused and how. */
class DjServiceTest {
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final JukeboxPrincipal ALICE = JukeboxPrincipal.user("alice", "signature");
  private static final JukeboxPrincipal BOB = JukeboxPrincipal.user("bob", "signature");
  private static final SongId S1 = new SongId("s1");
  private static final SongId S2 = new SongId("s2");
  private static final Duration THREE_MIN = Duration.ofMinutes(3);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private DjServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private DiscJockey start() throws Exception {
    server = DjServer.builder().listen(false).dataDir(dir).clock(clock).random(new Random(1)).build().start();
    return server.local();
  }

  private static <T> T as(JukeboxPrincipal who, java.util.concurrent.Callable<T> work) throws Exception {
    return Caller.callAs(who, work);
  }

  private static void report(DiscJockey dj, JukeboxPrincipal who, ListeningEvent... events) throws Exception {
    as(who, () -> {
      dj.report(List.of(events));
      return null;
    });
  }

  @Test
  void anonymousMayNotReportOrPublish() throws Exception {
    DiscJockey dj = start();
    assertEquals("anonymous may not report events", assertThrows(AccessDeniedException.class,
        () -> dj.report(List.of(ListeningEvent.of(S1, EventKind.FINISHED, THREE_MIN)))).getMessage());
    assertEquals("anonymous may not publish a profile",
        assertThrows(AccessDeniedException.class, () -> dj.publish(true)).getMessage());
  }

  @Test
  void reportedEventsBecomeTheCallersPreferencesAndSurviveARestart() throws Exception {
    DiscJockey dj = start();
    report(dj, ALICE, ListeningEvent.of(S1, EventKind.FINISHED, THREE_MIN), ListeningEvent.rated(S1, 5),
        ListeningEvent.at(S2, EventKind.SKIPPED, Duration.ofSeconds(10), THREE_MIN));
    ProfileView view = as(ALICE, () -> dj.profile("alice", 10));
    List<Preference> expected = List.of(new Preference(S1, 4.0, 2), new Preference(S2, -1.0, 1));
    assertEquals(new ProfileView("alice", false, expected), view);
    assertEquals(List.of(), as(BOB, () -> dj.profile("bob", 10)).preferences(), "bob's own is empty");

    server.close();
    DiscJockey again = start();
    assertEquals(view, as(ALICE, () -> again.profile("alice", 10)));
  }

  @Test
  void aPrivateProfileAndAMissingOneAreRefusedAlike() throws Exception {
    DiscJockey dj = start();
    report(dj, ALICE, ListeningEvent.rated(S1, 5));

    assertEquals("bob may not read the profile of alice: it is not published",
        assertThrows(AccessDeniedException.class, () -> as(BOB, () -> dj.profile("alice", 5))).getMessage());
    assertEquals("bob may not read the profile of nobody: it is not published",
        assertThrows(AccessDeniedException.class, () -> as(BOB, () -> dj.profile("nobody", 5))).getMessage());
    assertEquals("bob may not use the profile of alice: it is not published",
        assertThrows(AccessDeniedException.class,
            () -> as(BOB, () -> dj.nextSongs(Taste.of("alice"), List.of(S1), 1))).getMessage());
    assertEquals("bob may not use the profile of nobody: it is not published",
        assertThrows(AccessDeniedException.class, () -> as(BOB,
            () -> dj.nextSongs(Taste.blend(Taste.Blend.ALL_LIKE, List.of("bob", "nobody")), List.of(S1), 1)))
            .getMessage());
    assertEquals(List.of(), dj.publishedProfiles());
  }

  @Test
  void publishingMakesAProfileReadableNeverWritableAndUnpublishingTakesItBack() throws Exception {
    DiscJockey dj = start();
    report(dj, ALICE, ListeningEvent.rated(S1, 5));
    as(ALICE, () -> {
      dj.publish(true);
      return null;
    });
    assertEquals(List.of("alice"), dj.publishedProfiles());
    assertEquals(List.of(new Preference(S1, 3.0, 1)), as(BOB, () -> dj.profile("alice", 5)).preferences());
    List<Pick> picks = as(BOB, () -> dj.nextSongs(Taste.of("alice"), List.of(S2, S1), 1));
    assertEquals(List.of(new Pick(S1, 3.0, Pick.Reason.FAVOURITE, List.of())), picks);

    // Bob's events only ever reach bob's profile.
    report(dj, BOB, ListeningEvent.of(S1, EventKind.DISLIKED, THREE_MIN));
    assertEquals(List.of(new Preference(S1, 3.0, 1)), as(BOB, () -> dj.profile("alice", 5)).preferences());
    assertEquals(List.of(new Preference(S1, -3.0, 1)), as(BOB, () -> dj.profile("bob", 5)).preferences());

    as(ALICE, () -> {
      dj.publish(false);
      return null;
    });
    assertThrows(AccessDeniedException.class, () -> as(BOB, () -> dj.profile("alice", 5)));
    assertEquals(List.of(), dj.publishedProfiles());
    server.close();
    DiscJockey again = start();
    assertEquals(List.of(), again.publishedProfiles(), "the setting is stored");
  }

  @Test
  void nonsenseEventsAreRefusedWholeWithExactMessages() throws Exception {
    DiscJockey dj = start();
    ListeningEvent ok = ListeningEvent.of(S1, EventKind.FINISHED, THREE_MIN);
    assertRefused(dj, "event from the future: event 2 of 2 (FINISHED s1) is dated PT5S after the report",
        ok, ok.ago(Duration.ofSeconds(-5)));
    assertRefused(dj, "negative position: event 1 of 1 (SKIPPED s2) at PT-1S",
        ListeningEvent.at(S2, EventKind.SKIPPED, Duration.ofSeconds(-1), THREE_MIN));
    assertRefused(dj, "position past the end: event 1 of 1 (FAST_FORWARDED s2) at PT3M6S of a song PT3M long",
        ListeningEvent.at(S2, EventKind.FAST_FORWARDED, Duration.ofSeconds(186), THREE_MIN));
    assertRefused(dj, "negative length: event 1 of 1 (FINISHED s1) of a song PT-3M long",
        ListeningEvent.of(S1, EventKind.FINISHED, THREE_MIN.negated()));
    assertRefused(dj, "event too old: event 1 of 1 (FINISHED s1) happened PT87601H ago; at most PT87600H is believed",
        ok.ago(Duration.ofHours(87601)));
    List<ListeningEvent> tooMany = Collections.nCopies(1001, ok);
    assertEquals("a batch of 1001 events; at most 1000 per call", assertThrows(InvalidEventException.class,
        () -> as(ALICE, () -> {
          dj.report(tooMany);
          return null;
        })).getMessage());
    // Within the slack (5 s) is fine: clients round.
    report(dj, ALICE, ListeningEvent.at(S2, EventKind.SKIPPED, Duration.ofSeconds(184), THREE_MIN));
    assertEquals(List.of(new Preference(S2, 0.25, 1)), as(ALICE, () -> dj.profile("alice", 5)).preferences(),
        "only the accepted batch counted");
  }

  private static void assertRefused(DiscJockey dj, String message, ListeningEvent... events) {
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> report(dj, ALICE, events));
    assertEquals(message, e.getMessage());
  }

  @Test
  void eventsReportedOutOfOrderAreDatedByTheirAgo() throws Exception {
    DiscJockey dj = start();
    // Reported late: the like 90 days ago counts half; the finish just now counts whole.
    report(dj, ALICE, ListeningEvent.of(S1, EventKind.FINISHED, THREE_MIN),
        ListeningEvent.of(S1, EventKind.LIKED, THREE_MIN).ago(Duration.ofDays(90)));
    Preference p = as(ALICE, () -> dj.profile("alice", 1)).preferences().get(0);
    assertEquals(2.5, p.score(), 1e-9);
  }

  @Test
  void aFloodFromOnePrincipalIsRateLimitedAndTheOthersAreNot() throws Exception {
    DiscJockey dj = start();
    List<ListeningEvent> batch = Collections.nCopies(1000, ListeningEvent.of(S1, EventKind.PAUSED, THREE_MIN));
    for (int i = 0; i < 2; i++) {
      as(ALICE, () -> {
        dj.report(batch);
        return null;
      });
    }
    RateLimitedException e = assertThrows(RateLimitedException.class, () -> report(dj, ALICE,
        ListeningEvent.of(S1, EventKind.PAUSED, THREE_MIN)));
    assertEquals("alice may report at most 200 events a second (bursts of 2000); try again in 5 ms", e.getMessage());
    report(dj, BOB, ListeningEvent.of(S1, EventKind.FINISHED, THREE_MIN));

    clock.advance(Duration.ofSeconds(1));
    List<ListeningEvent> twoHundred = new ArrayList<>(Collections.nCopies(200,
        ListeningEvent.of(S1, EventKind.PAUSED, THREE_MIN)));
    as(ALICE, () -> {
      dj.report(twoHundred);
      return null;
    });
    assertEquals(2200, as(ALICE, () -> dj.profile("alice", 1)).preferences().get(0).evidence());
    assertTrue(assertThrows(RateLimitedException.class, () -> report(dj, ALICE,
        ListeningEvent.of(S1, EventKind.PAUSED, THREE_MIN))).getMessage().startsWith("alice may report"));
  }

  @Test
  void enoughNewEventsRetrainInTheBackgroundAndOwnEventsCountAtOnce() throws Exception {
    server = DjServer.builder().listen(false).dataDir(dir).clock(clock).random(new Random(1))
        .rules(DjRules.defaults().withRetrain(4, Duration.ofHours(1))).build().start();
    DiscJockey dj = server.local();
    SongId a = new SongId("a");
    SongId b = new SongId("b");
    SongId c = new SongId("c");
    SongId d = new SongId("d");
    report(dj, BOB, ListeningEvent.of(a, EventKind.FINISHED, THREE_MIN), ListeningEvent.of(b, EventKind.FINISHED, THREE_MIN),
        ListeningEvent.of(c, EventKind.FINISHED, THREE_MIN), ListeningEvent.of(d, EventKind.FINISHED, THREE_MIN));
    Poll.until("a background training after 4 events", () -> server.engine().stats().contains("trained"));
    report(dj, ALICE, ListeningEvent.of(a, EventKind.LIKED, THREE_MIN));

    // Alice's like counts at once (her row is live): b, c and d are discoveries because of a.
    List<Pick> picks = as(ALICE, () -> dj.nextSongs(Taste.own(), List.of(a, b, c, d), 4));
    assertEquals(Pick.Reason.FAVOURITE, picks.get(0).reason());
    assertEquals(List.of(Pick.Reason.DISCOVERY), picks.subList(1, 4).stream().map(Pick::reason).distinct().toList());
    assertEquals(List.of(a), picks.get(1).because());
  }

  @Test
  void localMisuseIsRefusedWithExactMessages() throws Exception {
    DiscJockey dj = start();
    assertEquals("n < 0: -1", assertThrows(IllegalArgumentException.class,
        () -> dj.nextSongs(Taste.own(), List.of(S1), -1)).getMessage());
    assertEquals("top < 0: -2", assertThrows(IllegalArgumentException.class,
        () -> as(ALICE, () -> dj.profile("alice", -2))).getMessage());
    assertEquals("no store: call dataDir(DIR) or jdbcUrl(URL)",
        assertThrows(IllegalStateException.class, () -> DjServer.builder().build()).getMessage());
    assertEquals("port < 0: -3",
        assertThrows(IllegalArgumentException.class, () -> DjServer.builder().port(-3)).getMessage());
    assertEquals("not a JDBC URL: derby:x",
        assertThrows(IllegalArgumentException.class, () -> DjServer.builder().jdbcUrl("derby:x")).getMessage());
  }
}
