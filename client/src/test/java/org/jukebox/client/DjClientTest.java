package org.jukebox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.rmi.ConnectException;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.EventKind;
import org.jukebox.api.InvalidEventException;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.Pick;
import org.jukebox.api.ProfileView;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.ServiceId;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reporting in the background against a recording DJ. */
class DjClientTest {
  private static final SongId S1 = new SongId("s1");
  private final MutableClock clock = new MutableClock();
  private final RecordingDj dj = new RecordingDj();
  private DjClient client;

  @AfterEach
  void close() {
    dj.release.countDown();
    if (client != null) {
      client.close();
    }
  }

  @Test
  void eventsAreSentInBatchesWithTheirAgeAtSendingTime() throws Exception {
    client = DjClient.builder(DjClient.of(dj)).clock(clock).batchSize(2).interval(Duration.ofMinutes(10)).build();
    client.like(S1);
    clock.advance(Duration.ofSeconds(7));
    client.rate(S1, 2); // second event fills the batch: sent at once
    Await.until("a batch sent", () -> client.sent() == 2);
    assertEquals(List.of(List.of(ListeningEvent.of(S1, EventKind.LIKED, Duration.ZERO).ago(Duration.ofSeconds(7)),
        ListeningEvent.rated(S1, 2))), dj.batches());
    client.dislike(S1);
    assertTrue(client.flush(Duration.ofSeconds(5)));
    assertEquals(ListeningEvent.of(S1, EventKind.DISLIKED, Duration.ZERO), dj.batches().get(1).get(0));
  }

  @Test
  void aSlowDjNeverBlocksTheReporterAndAFullQueueDropsTheNewest() throws Exception {
    dj.block = true;
    client = DjClient.builder(DjClient.of(dj)).clock(clock).capacity(3).batchSize(1)
        .interval(Duration.ofMillis(1)).build();
    client.like(S1);
    Await.until("the DJ is busy with the first", () -> dj.calls.get() == 1);
    long t0 = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      client.rate(S1, 1 + i % 5);
    }
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "report must not wait for the DJ");
    assertEquals(3, client.queued());
    assertEquals(7, client.dropped());
    dj.release.countDown();
    assertTrue(client.flush(Duration.ofSeconds(5)));
    assertEquals(4, client.sent());
  }

  @Test
  void anUnreachableDjIsLookedUpAgainAndNothingIsLost() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    client = DjClient.builder(() -> {
      if (lookups.incrementAndGet() < 3) {
        throw new ConnectException("DJ down");
      }
      return dj;
    }).clock(clock).interval(Duration.ofMillis(5)).build();
    client.like(S1);
    client.rate(S1, 4);
    Await.until("sent after the DJ came back", () -> client.sent() == 2);
    assertEquals(3, lookups.get());
    assertEquals(1, dj.batches().size());
  }

  @Test
  void aBatchTheDjRefusesIsDroppedNotRetriedForever() throws Exception {
    dj.refuse = true;
    client = DjClient.builder(DjClient.of(dj)).clock(clock).interval(Duration.ofMillis(5)).build();
    client.like(S1);
    assertTrue(client.flush(Duration.ofSeconds(5)));
    assertEquals(1, client.refused());
    assertEquals(0, client.queued());
  }

  @Test
  void closeSendsWhatIsQueued() throws Exception {
    client = DjClient.builder(DjClient.of(dj)).clock(clock).interval(Duration.ofHours(1)).build();
    client.like(S1);
    client.close();
    assertEquals(1, dj.batches().size());
    client.like(S1);
    assertEquals(1, client.dropped(), "after close");
  }

  @Test
  void theDirectoryNamesTheDj() throws Exception {
    MusicDirectory directory = (MusicDirectory) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MusicDirectory.class}, (p, m, args) -> {
          if (m.getName().equals("services") && DiscJockey.SERVICE_KIND.equals(args[0])) {
            return List.of(new ServiceBeacon(new ServiceId("dj-1"), DiscJockey.SERVICE_KIND, "DJ", dj));
          }
          if (m.getName().equals("services")) {
            return List.of();
          }
          throw new UnsupportedOperationException(m.getName());
        });
    assertSame(dj, DjClient.viaDirectory(() -> directory).lookup());
    MusicDirectory empty = (MusicDirectory) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MusicDirectory.class}, (p, m, args) -> List.of());
    assertEquals("the directory lists no DJ",
        assertThrows(NotBoundException.class, () -> DjClient.viaDirectory(() -> empty).lookup()).getMessage());
  }

  @Test
  void nextSongsAsksForTheCatalogSongs() throws Exception {
    client = DjClient.builder(DjClient.of(dj)).clock(clock).build();
    List<Pick> picks = client.nextSongs(Taste.own(), List.of(S1), 3);
    assertEquals(List.of(new Pick(S1, 1, Pick.Reason.RANDOM, List.of())), picks);
  }

  @Test
  void queuedEventsReachTheDjBeforeItIsAskedForNextSongs() throws Exception {
    client = DjClient.builder(DjClient.of(dj)).clock(clock).interval(Duration.ofMinutes(10)).build();
    client.report(ListeningEvent.of(S1, EventKind.STARTED, Duration.ofMinutes(3)));

    client.nextSongs(Taste.own(), List.of(S1), 1);

    // The recording DJ saw the report before the question: it would not pick S1 again.
    assertEquals(List.of(List.of(ListeningEvent.of(S1, EventKind.STARTED, Duration.ofMinutes(3)))), dj.batches());
    assertEquals(0, client.queued());
  }

  @Test
  void builderRefusesNonsense() {
    DjClient.Builder b = DjClient.builder(DjClient.of(dj));
    assertEquals("capacity < 1: 0", assertThrows(IllegalArgumentException.class, () -> b.capacity(0)).getMessage());
    assertEquals("batchSize not in 1..1000: 1001",
        assertThrows(IllegalArgumentException.class, () -> b.batchSize(1001)).getMessage());
    assertEquals("interval <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.interval(Duration.ZERO)).getMessage());
  }

  /** Records reports; can block (until released) or refuse them. */
  static final class RecordingDj implements DiscJockey {
    private final List<List<ListeningEvent>> batches = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean block;
    volatile boolean refuse;

    synchronized List<List<ListeningEvent>> batches() {
      return new ArrayList<>(batches);
    }

    @Override
    public void report(List<ListeningEvent> events) throws JukeboxException {
      calls.incrementAndGet();
      if (block) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (refuse) {
        throw new InvalidEventException("no");
      }
      synchronized (this) {
        batches.add(List.copyOf(events));
      }
    }

    @Override
    public List<Pick> nextSongs(Taste taste, List<SongId> available, int n) {
      return available.stream().limit(n).map(s -> new Pick(s, 1, Pick.Reason.RANDOM, List.of())).toList();
    }

    @Override
    public ProfileView profile(String user, int top) {
      return new ProfileView(user, false, List.of());
    }

    @Override
    public void publish(boolean published) {}

    @Override
    public List<String> publishedProfiles() throws RemoteException {
      return List.of();
    }
  }
}
