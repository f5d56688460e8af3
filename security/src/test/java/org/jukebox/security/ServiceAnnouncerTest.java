package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.rmi.ConnectException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.ServiceId;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.UnknownLeaseException;
import org.junit.jupiter.api.Test;

/** The announcer's schedule, driven by hand: a manual scheduler and a clock moved by the test. */
class ServiceAnnouncerTest {
  private static final ServiceBeacon BEACON = new ServiceBeacon(new ServiceId("dj-1"), "dj", "DJ one", new Remote() {});

  private final ManualTime time = new ManualTime();
  private final FakeDirectory directory = new FakeDirectory();
  private boolean reachable = true;
  private int lookups;

  private ServiceAnnouncer announcer() {
    return ServiceAnnouncer.builder(() -> {
      lookups++;
      if (!reachable) {
        throw new ConnectException("no directory");
      }
      return directory;
    }, () -> BEACON).lease(Duration.ofSeconds(30)).clock(time).scheduler(time)
        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)).build();
  }

  @Test
  void announcesAtOnceThenAtHalfTheGrantedLease() {
    directory.grant = Duration.ofSeconds(10); // less than asked
    ServiceAnnouncer a = announcer();
    a.start();
    time.runDue();
    assertEquals(List.of(BEACON), directory.announced);
    assertEquals(Duration.ofSeconds(30), directory.asked.get(0));
    assertEquals(time.instant().plusSeconds(5), a.nextAnnouncementAt());

    time.advance(Duration.ofSeconds(4));
    time.runDue();
    assertEquals(1, directory.announced.size());
    time.advance(Duration.ofSeconds(1));
    time.runDue();
    assertEquals(2, directory.announced.size());
    assertEquals(2, a.announcements());
  }

  @Test
  void unreachableDirectoryIsRetriedWithDoublingBackoffAndLookedUpAgain() {
    reachable = false;
    ServiceAnnouncer a = announcer();
    a.start();
    time.runDue();
    assertTrue(a.isDown());
    Instant failedAt = time.instant();
    assertEquals(failedAt.plusSeconds(1), a.nextAnnouncementAt());
    time.advance(Duration.ofSeconds(1));
    time.runDue();
    assertEquals(time.instant().plusSeconds(2), a.nextAnnouncementAt());
    time.advance(Duration.ofSeconds(2));
    time.runDue();
    assertEquals(time.instant().plusSeconds(4), a.nextAnnouncementAt());
    time.advance(Duration.ofSeconds(4));
    time.runDue();
    assertEquals(time.instant().plusSeconds(4), a.nextAnnouncementAt(), "capped at the max backoff");
    assertEquals(4, lookups);

    reachable = true;
    time.advance(Duration.ofSeconds(4));
    time.runDue();
    assertFalse(a.isDown());
    assertEquals(1, directory.announced.size());
    assertEquals(time.instant().plusSeconds(15), a.nextAnnouncementAt());
  }

  @Test
  void closeCancelsTheLeaseAndStopsAnnouncing() {
    ServiceAnnouncer a = announcer();
    a.start();
    time.runDue();
    LeaseId lease = a.lease();

    a.close();
    a.close();
    assertEquals(List.of(lease), directory.cancelled);
    assertNull(a.nextAnnouncementAt());
    time.advance(Duration.ofMinutes(5));
    time.runDue();
    assertEquals(1, directory.announced.size());
  }

  @Test
  void startTwiceIsRefused() {
    ServiceAnnouncer a = announcer();
    a.start();
    assertEquals("already started", assertThrows(IllegalStateException.class, a::start).getMessage());
    a.close();
    assertEquals("closed", assertThrows(IllegalStateException.class, a::start).getMessage());
  }

  @Test
  void builderRefusesNonsense() {
    ServiceAnnouncer.Builder b = ServiceAnnouncer.builder(() -> directory, () -> BEACON);
    assertEquals("lease <= 0: PT0S", assertThrows(IllegalArgumentException.class, () -> b.lease(Duration.ZERO)).getMessage());
    assertEquals("max backoff PT1S < first backoff PT2S", assertThrows(IllegalArgumentException.class,
        () -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).getMessage());
    assertEquals("no scheduler: call scheduler(...)", assertThrows(IllegalStateException.class, b::build).getMessage());
  }

  /** A clock and a scheduler in one: tasks run when the test says, if due. */
  private static final class ManualTime extends Clock implements ServiceAnnouncer.Scheduler {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Object[]> tasks = new ArrayList<>();

    void advance(Duration d) {
      now = now.plus(d);
    }

    void runDue() {
      for (int guard = 0; guard < 100; guard++) {
        Object[] due = null;
        for (Object[] t : tasks) {
          if (!((Instant) t[0]).isAfter(now)) {
            due = t;
            break;
          }
        }
        if (due == null) {
          return;
        }
        tasks.remove(due);
        ((Runnable) due[1]).run();
      }
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
      Object[] t = {now.plus(delay), task};
      tasks.add(t);
      return () -> tasks.remove(t);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Records announcements and cancels. */
  private static final class FakeDirectory implements MusicDirectory {
    final List<ServiceBeacon> announced = new ArrayList<>();
    final List<Duration> asked = new ArrayList<>();
    final List<LeaseId> cancelled = new ArrayList<>();
    Duration grant;

    @Override
    public Lease announce(ServiceBeacon beacon, Duration requested) {
      announced.add(beacon);
      asked.add(requested);
      return new Lease(new LeaseId("lease-1"), grant == null ? requested : grant);
    }

    @Override
    public void cancel(LeaseId lease) throws UnknownLeaseException {
      cancelled.add(lease);
    }

    @Override
    public Lease beacon(org.jukebox.api.Beacon beacon, Duration requested) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ServiceBeacon> services(String kind) {
      return List.of();
    }

    @Override
    public List<SoundSmithEntry> soundSmiths() {
      return List.of();
    }

    @Override
    public Lease watch(DirectoryListener listener, Duration requested) throws RemoteException {
      throw new UnsupportedOperationException();
    }

    @Override
    public Lease renew(LeaseId lease, Duration requested) {
      throw new UnsupportedOperationException();
    }
  }
}
