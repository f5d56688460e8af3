package org.jukebox.soundsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.rmi.RemoteException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jukebox.api.Beacon;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.soundsmith.internal.Beaconer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Beaconing to a MusicDirectory, driven by a manual scheduler and a mutable clock: no sleeping. */
class BeaconingTest {
  private final MutableClock clock = new MutableClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final FakeDirectory directory = new FakeDirectory(Duration.ofSeconds(20), "lease-1");
  private InMemorySoundSmith server;

  private InMemorySoundSmith newServer() {
    server = new InMemorySoundSmith(
        SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice").clock(clock).build(), scheduler);
    return server;
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void beaconingRenewsAtHalfLeaseAndAfterChanges() throws IOException {
    newServer().joinDirectory(directory, Duration.ofMinutes(1));
    server.start();
    Instant t0 = clock.instant();
    assertEquals(1, scheduler.runDue());
    Beacon first = directory.beacons().get(0);
    assertEquals(server.stub(), first.soundSmith());
    assertEquals(new SoundSmithInfo(new SoundSmithId("alice"), "Alice", "memory", 0, 0), first.info());
    // granted 20 s of the 60 asked: renew at 10 s
    assertEquals(t0.plusSeconds(10), scheduler.nextDue().orElseThrow());
    clock.advance(Duration.ofSeconds(9));
    assertEquals(0, scheduler.runDue());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, scheduler.runDue());
    assertEquals(2, directory.beacons().size());

    // a change is announced, but not sooner than one second after the last beacon
    server.putBytes(server.song("a", "A", "Artist", "Album", 1, 1, 1), new byte[] {1});
    assertEquals(0, scheduler.runDue());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, scheduler.runDue());
    assertEquals(1, directory.beacons().get(2).info().catalogVersion());
    assertEquals(1, directory.beacons().get(2).info().songCount());

    // a burst of changes makes one beacon carrying the last version
    for (int i = 0; i < 5; i++) {
      server.putBytes(server.song("b" + i, "B" + i, "Artist", "Album", 1, 2 + i, 1), new byte[] {2});
    }
    assertEquals(1, scheduler.pending());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, scheduler.runDue());
    assertEquals(4, directory.beacons().size());
    assertEquals(6, directory.beacons().get(3).info().catalogVersion());
    // and then renewal resumes at half the lease
    assertEquals(clock.instant().plusSeconds(10), scheduler.nextDue().orElseThrow());
  }

  @Test
  void noOpChangeDoesNotBeacon() throws IOException {
    newServer().joinDirectory(directory, Duration.ofSeconds(20));
    var song = server.song("a", "A", "Artist", "Album", 1, 1, 1);
    server.putBytes(song, new byte[] {1});
    server.start();
    scheduler.runDue();
    Instant renewal = scheduler.nextDue().orElseThrow();
    server.putBytes(song, new byte[] {9}); // same song: only the source changes
    server.removeSong(server.id("missing"));
    assertEquals(renewal, scheduler.nextDue().orElseThrow());
  }

  @Test
  void directoryOutageIsSurvived() throws IOException {
    AtomicInteger lookups = new AtomicInteger();
    newServer().joinDirectory(() -> {
      lookups.incrementAndGet();
      return directory;
    }, Duration.ofSeconds(20));
    List<LogRecord> warnings = new ArrayList<>();
    Logger log = Logger.getLogger(Beaconer.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          synchronized (warnings) {
            warnings.add(r);
          }
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(capture);
    try {
      server.start();
      scheduler.runDue();
      assertEquals(1, directory.beacons().size());

      directory.setDown(true);
      clock.advance(Duration.ofSeconds(10));
      scheduler.runDue();
      Beaconer b = server.beaconer();
      assertTrue(b.isDown());
      // retries back off: 1 s, 2 s, 4 s
      for (long wait : new long[] {1, 2, 4}) {
        assertEquals(clock.instant().plusSeconds(wait), scheduler.nextDue().orElseThrow());
        clock.advance(Duration.ofSeconds(wait));
        assertEquals(1, scheduler.runDue());
      }
      assertEquals(1, warnings.size(), "logged once per outage");
      // changes during the outage wait for the next retry
      server.putBytes(server.song("a", "A", "Artist", "Album", 1, 1, 1), new byte[] {1});
      assertEquals(1, scheduler.pending());

      directory.setDown(false); // for example a restarted directory: it just gets a new beacon
      clock.advance(Duration.ofSeconds(8));
      assertEquals(1, scheduler.runDue());
      assertFalse(b.isDown());
      assertEquals(2, directory.beacons().size());
      assertEquals(1, directory.beacons().get(1).info().catalogVersion());
      assertTrue(lookups.get() >= 2, "looked the directory up again after failures: " + lookups.get());
      assertEquals(clock.instant().plusSeconds(10), scheduler.nextDue().orElseThrow());
      // the backoff starts over after recovery
      directory.setDown(true);
      clock.advance(Duration.ofSeconds(10));
      scheduler.runDue();
      assertEquals(clock.instant().plusSeconds(1), scheduler.nextDue().orElseThrow());
      assertEquals(2, warnings.size(), "a new outage is logged again");
    } finally {
      log.removeHandler(capture);
    }
  }

  @Test
  void closeCancelsTheLeaseAndStopsBeaconing() throws IOException {
    newServer().joinDirectory(directory, Duration.ofSeconds(20));
    server.start();
    scheduler.runDue();
    server.close();
    assertEquals(List.of(new LeaseId("lease-1")), directory.cancelled());
    assertEquals(0, scheduler.pending());
    server.close();
    assertEquals(1, directory.cancelled().size());
  }

  @Test
  void closeIsBoundedWhenTheDirectoryHangs() throws IOException {
    CountDownLatch never = new CountDownLatch(1);
    FakeDirectory hanging = new FakeDirectory(Duration.ofSeconds(20), "lease-2") {
      @Override
      public void cancel(LeaseId lease) {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    newServer().joinDirectory(hanging, Duration.ofSeconds(20));
    server.start();
    scheduler.runDue();
    long t = System.nanoTime();
    server.close();
    long ms = (System.nanoTime() - t) / 1_000_000;
    assertTrue(ms < 5_000, "close took " + ms + " ms");
    never.countDown();
  }

  @Test
  void joiningAfterStartBeaconsAtOnce() throws IOException {
    newServer().start();
    server.joinDirectory(directory, Duration.ofSeconds(20));
    assertEquals(1, scheduler.runDue());
    assertEquals(1, directory.beacons().size());
  }

  @Test
  void joinDirectoryIsValidated() throws IOException {
    newServer();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> server.joinDirectory(directory, Duration.ZERO));
    assertEquals("requestedLease <= 0: PT0S", e.getMessage());
    server.joinDirectory(directory, Duration.ofSeconds(5));
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> server.joinDirectory(directory, Duration.ofSeconds(5)));
    assertEquals("already joined a directory", twice.getMessage());
    server.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class,
        () -> new InMemorySoundSmith(server.config()).joinDirectoryAfterClose(directory));
    assertEquals("closed", closed.getMessage());
  }

  @Test
  void realSchedulerBeaconsWithoutHelp() throws Exception {
    CountDownLatch beaconed = new CountDownLatch(1);
    FakeDirectory signalling = new FakeDirectory(Duration.ofSeconds(20), "lease-3") {
      @Override
      public synchronized Lease beacon(Beacon beacon, Duration requested) throws RemoteException {
        Lease l = super.beacon(beacon, requested);
        beaconed.countDown();
        return l;
      }
    };
    server = new InMemorySoundSmith(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice").build());
    server.joinDirectory(signalling, Duration.ofSeconds(20));
    server.start();
    assertTrue(beaconed.await(10, java.util.concurrent.TimeUnit.SECONDS));
    server.close();
    assertEquals(List.of(new LeaseId("lease-3")), signalling.cancelled());
  }
}
