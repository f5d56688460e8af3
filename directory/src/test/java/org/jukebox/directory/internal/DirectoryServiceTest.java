package org.jukebox.directory.internal;

import static org.jukebox.directory.FakeSoundSmith.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jukebox.api.Beacon;
import org.jukebox.api.DepartureReason;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.directory.FakeSoundSmith;
import org.jukebox.directory.MutableClock;
import org.jukebox.directory.RecordingListener;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectoryServiceTest {
  private static final Duration MAX = Duration.ofSeconds(30);
  private static final Duration TEN_S = Duration.ofSeconds(10);
  private static final Duration LONG = Duration.ofHours(1);

  private final MutableClock clock = MutableClock.atEpochPlusOneDay();
  private final DirectoryService directory = new DirectoryService(clock, MAX);

  @AfterEach
  void closeDirectory() {
    directory.close();
  }

  private static Beacon beaconOf(SoundSmithInfo info) {
    return new Beacon(info, new FakeSoundSmith(info));
  }

  /** One remote reference per id, as a real SoundSmith has: a new one is news for listeners. */
  private final Map<String, FakeSoundSmith> smithsById = new ConcurrentHashMap<>();

  private Lease beacon(String id, long version, int songs, Duration requested) {
    SoundSmithInfo info = info(id, version, songs);
    FakeSoundSmith smith = smithsById.computeIfAbsent(id, k -> new FakeSoundSmith(info));
    try {
      return directory.beacon(new Beacon(info, smith), requested);
    } catch (java.rmi.AccessException e) {
      throw new AssertionError("a plain beacon is everyone's: " + e.getMessage(), e);
    }
  }

  private List<String> listedIds() {
    return directory.soundSmiths().stream().map(e -> e.id().value()).toList();
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @Test
  void expiredLeaseRemovesSoundSmith() throws Exception {
    RecordingListener listener = new RecordingListener();
    directory.watch(listener, LONG);
    Lease lease = beacon("a", 1, 10, TEN_S);
    listener.expect("arrived a v1 n10");

    clock.advance(Duration.ofSeconds(9));
    assertEquals(0, directory.sweep());
    assertEquals(List.of("a"), listedIds());

    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, directory.sweep());
    assertEquals(List.of(), listedIds());
    listener.expect("departed a EXPIRED");
    assertThrows(UnknownLeaseException.class, () -> directory.cancel(lease.id()));
    assertEquals(0, directory.sweep());
  }

  @Test
  void grantIsNeverLongerThanAskedNorThanTheMaximum() throws Exception {
    assertEquals(TEN_S, beacon("a", 1, 1, TEN_S).duration());
    assertEquals(Duration.ofMillis(1), beacon("b", 1, 1, Duration.ofMillis(1)).duration());
    assertEquals(MAX, beacon("c", 1, 1, Duration.ofSeconds(31)).duration());
    assertEquals(MAX, beacon("c", 1, 1, Duration.ofDays(365)).duration());

    Lease watching = directory.watch(new RecordingListener(), Duration.ofMinutes(5));
    assertEquals(MAX, watching.duration());
    assertEquals(Duration.ofSeconds(5), directory.renew(watching.id(), Duration.ofSeconds(5)).duration());
    assertEquals(MAX, directory.renew(watching.id(), Duration.ofMinutes(2)).duration());

    // What is listed is what was granted, not what was asked.
    assertEquals(List.of(TEN_S, Duration.ofMillis(1), MAX),
        directory.soundSmiths().stream().map(SoundSmithEntry::leaseRemaining).toList());

    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> beacon("d", 1, 1, Duration.ZERO));
    assertEquals("requested lease <= 0: PT0S", zero.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> directory.watch(new RecordingListener(), Duration.ofSeconds(-1)));
    assertEquals("requested lease <= 0: PT-1S", negative.getMessage());
    IllegalArgumentException badMax = assertThrows(IllegalArgumentException.class,
        () -> new DirectoryService(clock, Duration.ZERO));
    assertEquals("maxLease <= 0: PT0S", badMax.getMessage());
  }

  @Test
  void onlyTheAnnouncingPrincipalMayRenewOrCancelWhileTheLeaseLives() throws Exception {
    JukeboxPrincipal alice = JukeboxPrincipal.user("alice", "signature");
    JukeboxPrincipal mallory = JukeboxPrincipal.user("mallory", "signature");
    FakeSoundSmith smith = new FakeSoundSmith(info("a", 1, 10));
    Lease lease = Caller.callAs(alice, () -> directory.beacon(new Beacon(info("a", 1, 10), smith), TEN_S));

    java.rmi.AccessException hijack = assertThrows(java.rmi.AccessException.class,
        () -> Caller.callAs(mallory, () -> directory.beacon(new Beacon(info("a", 2, 99), smith), TEN_S)));
    assertEquals("mallory may not beacon for SoundSmith a: it is announced by alice until its lease runs out",
        hijack.getMessage());
    java.rmi.AccessException cancel = assertThrows(java.rmi.AccessException.class,
        () -> Caller.callAs(mallory, () -> {
          directory.cancel(lease.id());
          return null;
        }));
    assertEquals("mallory may not cancel the lease of SoundSmith a: it is announced by alice", cancel.getMessage());
    assertEquals(1, directory.soundSmiths().get(0).info().catalogVersion(), "mallory changed nothing");

    // Once alice's lease has run out, the id is free again.
    clock.advance(TEN_S);
    Caller.callAs(mallory, () -> directory.beacon(new Beacon(info("a", 3, 5), smith), TEN_S));
    assertEquals(3, directory.soundSmiths().get(0).info().catalogVersion());
    Caller.callAs(alice, () -> {
      assertThrows(java.rmi.AccessException.class, () -> directory.beacon(new Beacon(info("a", 4, 5), smith), TEN_S));
      return null;
    });
  }

  @Test
  void renewingByBeaconKeepsTheEntryAndLeaseId() throws Exception {
    RecordingListener listener = new RecordingListener();
    directory.watch(listener, LONG);
    Lease first = beacon("a", 1, 10, TEN_S);
    listener.expect("arrived a v1 n10");
    clock.advance(Duration.ofSeconds(8));
    Lease second = beacon("a", 1, 10, TEN_S);
    assertEquals(first.id(), second.id());

    // Past the first grant, within the second.
    clock.advance(Duration.ofSeconds(8));
    assertEquals(0, directory.sweep());
    List<SoundSmithEntry> listed = directory.soundSmiths();
    assertEquals(1, listed.size());
    assertEquals(Duration.ofSeconds(2), listed.get(0).leaseRemaining());

    // No "changed": the renewal said nothing new, so the cancel's departure is next in line.
    directory.cancel(second.id());
    listener.expect("departed a CANCELLED");
  }

  @Test
  void cancelRemovesAndTellsListeners() throws Exception {
    RecordingListener listener = new RecordingListener();
    Lease watching = directory.watch(listener, LONG);
    // One at a time: a replay running while beacons come in may see them in either order.
    Lease a = beacon("a", 1, 10, TEN_S);
    listener.expect("arrived a v1 n10");
    beacon("b", 1, 10, TEN_S);
    listener.expect("arrived b v1 n10");

    directory.cancel(a.id());
    assertEquals(List.of("b"), listedIds());
    listener.expect("departed a CANCELLED");

    // Coming back after a cancel is a new arrival under a new lease.
    Lease again = beacon("a", 1, 10, TEN_S);
    assertNotEquals(a.id(), again.id());
    listener.expect("arrived a v1 n10");

    // Cancelling a listener's lease stops its callbacks: the next one it would hear never comes,
    // while a listener registered later hears it.
    directory.cancel(watching.id());
    assertFalse(directory.isWatching(watching.id()));
    RecordingListener later = new RecordingListener();
    directory.watch(later, LONG);
    later.expect("arrived a v1 n10", "arrived b v1 n10");
    beacon("c", 1, 1, TEN_S);
    later.expect("arrived c v1 n1");
    assertEquals(0, listener.pending());
  }

  @Test
  void unknownLeaseIsRefusedWithItsIdInTheMessage() throws Exception {
    LeaseId never = new LeaseId("never-granted-42");
    UnknownLeaseException cancel = assertThrows(UnknownLeaseException.class, () -> directory.cancel(never));
    assertEquals(never, cancel.leaseId());
    assertEquals("no live lease never-granted-42 (it ran out, was cancelled or was never granted)",
        cancel.getMessage());
    UnknownLeaseException renew = assertThrows(UnknownLeaseException.class,
        () -> directory.renew(never, TEN_S));
    assertTrue(renew.getMessage().contains("never-granted-42"), renew.getMessage());

    Lease a = beacon("a", 1, 1, TEN_S);
    directory.cancel(a.id());
    UnknownLeaseException twice = assertThrows(UnknownLeaseException.class, () -> directory.cancel(a.id()));
    assertTrue(twice.getMessage().contains(a.id().value()), twice.getMessage());

    Lease watching = directory.watch(new RecordingListener(), TEN_S);
    clock.advance(TEN_S);
    UnknownLeaseException ranOut = assertThrows(UnknownLeaseException.class,
        () -> directory.renew(watching.id(), TEN_S));
    assertEquals(watching.id(), ranOut.leaseId());

    // A SoundSmith entry's lease is known, but renewed by beaconing.
    Lease b = beacon("b", 1, 1, TEN_S);
    IllegalArgumentException entryLease = assertThrows(IllegalArgumentException.class,
        () -> directory.renew(b.id(), TEN_S));
    assertEquals("lease " + b.id() + " is a SoundSmith entry's: renew it by beaconing", entryLease.getMessage());
  }

  @Test
  void changedFiresOnlyWhenSomethingChanged() throws Exception {
    RecordingListener listener = new RecordingListener();
    directory.watch(listener, LONG);
    FakeSoundSmith smith = new FakeSoundSmith(info("a", 1, 10));
    SoundSmithId id = new SoundSmithId("a");
    directory.beacon(new Beacon(info("a", 1, 10), smith), TEN_S);
    listener.expect("arrived a v1 n10");

    // Each renewal that says nothing new is followed by one that does; callbacks come in order,
    // so a spurious "changed" would show up before the expected one.
    directory.beacon(new Beacon(info("a", 1, 10), smith), TEN_S);
    directory.beacon(new Beacon(info("a", 2, 10), smith), TEN_S);
    listener.expect("changed a v2 n10");

    directory.beacon(new Beacon(info("a", 2, 10), smith), TEN_S);
    directory.beacon(new Beacon(info("a", 2, 11), smith), TEN_S);
    listener.expect("changed a v2 n11");

    directory.beacon(new Beacon(new SoundSmithInfo(id, "Alice", "mp3", 2, 11), smith), TEN_S);
    listener.expect("changed a v2 n11 name=Alice");

    directory.beacon(new Beacon(new SoundSmithInfo(id, "Alice", "cd", 2, 11), smith), TEN_S);
    listener.expect("changed a v2 n11 name=Alice kind=cd");

    // A restarted SoundSmith (same id, new remote reference) must be called at its new address.
    FakeSoundSmith restarted = new FakeSoundSmith(info("a", 2, 11));
    directory.beacon(new Beacon(new SoundSmithInfo(id, "Alice", "cd", 2, 11), restarted), TEN_S);
    listener.expect("changed a v2 n11 name=Alice kind=cd");
    assertSame(restarted, directory.soundSmiths().get(0).soundSmith());

    directory.beacon(new Beacon(new SoundSmithInfo(id, "Alice", "cd", 2, 11), restarted), TEN_S);
    beacon("z", 1, 1, TEN_S);
    listener.expect("arrived z v1 n1");
    assertEquals(0, listener.pending());
  }

  @Test
  void listenerReplaysCurrentEntriesThenArrivalsAndDepartures() throws Exception {
    beacon("b", 1, 2, TEN_S);
    Lease a = beacon("a", 1, 1, TEN_S);
    beacon("c", 1, 3, Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5)); // c ran out, not yet swept: not replayed

    RecordingListener listener = new RecordingListener();
    directory.watch(listener, LONG);
    listener.expect("arrived a v1 n1", "arrived b v1 n2");

    beacon("d", 1, 4, TEN_S);
    listener.expect("arrived d v1 n4");
    directory.cancel(a.id());
    listener.expect("departed a CANCELLED");
    clock.advance(Duration.ofSeconds(5)); // b's lease (10 s) runs out now; d has 5 s left
    directory.sweep();
    listener.expect("departed b EXPIRED");
    assertEquals(List.of("d"), listedIds());
    // c expired before the listener registered: it never heard of it, so hears no departure.
    assertEquals(0, listener.pending());
  }

  @Test
  void deadListenerIsDroppedAndOthersStillHear() throws Exception {
    DirectoryListener dead = new RecordingListener() {
      @Override
      public void arrived(SoundSmithEntry entry) throws RemoteException {
        throw new java.rmi.ConnectException("Connection refused to host: 192.0.2.1");
      }
    };
    RecordingListener alive = new RecordingListener();
    Lease deadLease = directory.watch(dead, LONG);
    Lease aliveLease = directory.watch(alive, LONG);
    beacon("a", 1, 1, TEN_S);
    alive.expect("arrived a v1 n1");
    await(() -> !directory.isWatching(deadLease.id()), "dead listener dropped");

    assertThrows(UnknownLeaseException.class, () -> directory.renew(deadLease.id(), TEN_S));
    assertTrue(directory.isWatching(aliveLease.id()));
    assertEquals(1, directory.listenerCount());
    beacon("b", 1, 1, TEN_S);
    alive.expect("arrived b v1 n1");
  }

  @Test
  void slowListenerDoesNotDelayOthers() throws Exception {
    CountDownLatch slowEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingListener slow = new RecordingListener() {
      @Override
      public void arrived(SoundSmithEntry entry) throws RemoteException {
        slowEntered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.arrived(entry);
      }
    };
    RecordingListener fast = new RecordingListener();
    try {
      directory.watch(slow, LONG);
      directory.watch(fast, LONG);
      beacon("s000", 1, 1, TEN_S);
      assertTrue(slowEntered.await(10, TimeUnit.SECONDS), "slow listener got its first callback");
      // Both replays are done once each has heard of s000; from here on arrivals keep beacon order.
      assertEquals("arrived s000 v1 n1", fast.next());

      // The slow listener is stuck in its first callback; beacons and the fast listener carry on.
      for (int i = 1; i < 100; i++) {
        beacon(String.format("s%03d", i), 1, 1, TEN_S);
      }
      for (int i = 1; i < 100; i++) {
        assertEquals(String.format("arrived s%03d v1 n1", i), fast.next());
      }
      assertEquals(0, slow.pending());
    } finally {
      release.countDown();
    }
    // Released, the slow one catches up in order.
    for (int i = 0; i < 100; i++) {
      assertEquals(String.format("arrived s%03d v1 n1", i), slow.next());
    }
  }

  @Test
  void listingIgnoresEntriesPastTheirLeaseBeforeTheSweep() throws Exception {
    RecordingListener listener = new RecordingListener();
    directory.watch(listener, LONG);
    Lease a = beacon("a", 1, 1, TEN_S);
    listener.expect("arrived a v1 n1");
    beacon("b", 1, 1, Duration.ofSeconds(20));
    listener.expect("arrived b v1 n1");

    clock.advance(TEN_S);
    assertEquals(List.of("b"), listedIds());
    assertThrows(UnknownLeaseException.class, () -> directory.cancel(a.id()));
    listener.expect("departed a EXPIRED");

    // And one that ran out and beacons again before any sweep comes back as a new arrival.
    clock.advance(TEN_S);
    assertEquals(List.of(), listedIds());
    Lease b2 = beacon("b", 2, 1, TEN_S);
    listener.expect("departed b EXPIRED", "arrived b v2 n1");
    assertEquals(List.of("b"), listedIds());
    assertEquals(0, directory.sweep());
    assertNotEquals(a.id(), b2.id());
  }

  @Test
  void listingIsOrderedByIdWithTheRemainingLease() {
    beacon("m", 1, 1, TEN_S);
    clock.advance(Duration.ofSeconds(3));
    beacon("b", 1, 1, TEN_S);
    beacon("x", 1, 1, Duration.ofSeconds(4));
    List<SoundSmithEntry> listed = directory.soundSmiths();
    assertEquals(List.of("b", "m", "x"), listed.stream().map(e -> e.id().value()).toList());
    assertEquals(List.of(TEN_S, Duration.ofSeconds(7), Duration.ofSeconds(4)),
        listed.stream().map(SoundSmithEntry::leaseRemaining).toList());
  }

  @Test
  void leaseIdsAreDistinctUrlSafeAndLong() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String id = beacon("s" + i, 1, 1, TEN_S).id().value();
      assertTrue(id.matches("[A-Za-z0-9_-]{24}"), id);
      assertTrue(seen.add(id), "repeated lease id " + id);
    }
  }

  @Test
  void listenerLeaseRunsOutAndIsSweptWhileRenewedOnesStay() throws Exception {
    RecordingListener renewed = new RecordingListener();
    Lease keep = directory.watch(renewed, TEN_S);
    Lease lapse = directory.watch(new RecordingListener(), TEN_S);
    clock.advance(Duration.ofSeconds(9));
    directory.renew(keep.id(), TEN_S);
    clock.advance(Duration.ofSeconds(1));
    directory.sweep();
    assertFalse(directory.isWatching(lapse.id()));
    assertTrue(directory.isWatching(keep.id()));
    assertThrows(UnknownLeaseException.class, () -> directory.cancel(lapse.id()));
    beacon("a", 1, 1, TEN_S);
    renewed.expect("arrived a v1 n1");
  }

  @Test
  void listenerThatFallsTooFarBehindIsDropped() throws Exception {
    DirectoryService small = new DirectoryService(clock, MAX, 4);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    DirectoryListener stuck = new RecordingListener() {
      @Override
      public void arrived(SoundSmithEntry entry) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    try {
      Lease lease = small.watch(stuck, LONG);
      small.beacon(beaconOf(info("a", 1, 1)), TEN_S);
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 5; i++) {
        small.beacon(beaconOf(info("b" + i, 1, 1)), TEN_S);
      }
      assertFalse(small.isWatching(lease.id()));
    } finally {
      release.countDown();
      small.close();
    }
  }

  @Test
  void closedDirectoryRefusesCalls() {
    directory.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> beacon("a", 1, 1, TEN_S));
    assertEquals("directory is closed", e.getMessage());
    assertEquals(0, directory.sweep());
  }

  /** Keeps the view a listener builds from its callbacks, and any callback that breaks protocol. */
  static final class ViewListener implements DirectoryListener {
    final Map<SoundSmithId, SoundSmithInfo> view = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();

    @Override
    public void arrived(SoundSmithEntry entry) {
      if (view.put(entry.id(), entry.info()) != null) {
        violations.add("arrived twice: " + entry.id());
      }
    }

    @Override
    public void changed(SoundSmithEntry entry) {
      SoundSmithInfo was = view.put(entry.id(), entry.info());
      if (was == null) {
        violations.add("changed before arrived: " + entry.id());
      } else if (was.equals(entry.info())) {
        violations.add("changed with nothing new: " + entry.id());
      }
    }

    @Override
    public void departed(SoundSmithId id, DepartureReason reason) {
      if (view.remove(id) == null) {
        violations.add("departed before arrived: " + id);
      }
    }
  }

  @Test
  void listenersConvergeOnTheListingUnderConcurrentBeaconsAndCancels() throws Exception {
    ViewListener early = new ViewListener();
    directory.watch(early, LONG);
    int threads = 4;
    int opsPerThread = 3000;
    List<ViewListener> late = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        done.add(pool.submit(() -> {
          Random random = new Random(seed);
          for (int i = 0; i < opsPerThread; i++) {
            String id = "s" + random.nextInt(40);
            Lease lease = beacon(id, random.nextInt(3), 1, TEN_S);
            if (random.nextInt(4) == 0) {
              try {
                directory.cancel(lease.id());
              } catch (UnknownLeaseException raced) {
                // another thread cancelled the same entry first
              }
            }
            if (seed == 0 && i % 500 == 0) {
              ViewListener joiner = new ViewListener();
              late.add(joiner);
              directory.watch(joiner, LONG);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Map<SoundSmithId, SoundSmithInfo> listed = new HashMap<>();
    directory.soundSmiths().forEach(e -> listed.put(e.id(), e.info()));
    List<ViewListener> all = new ArrayList<>(late);
    all.add(early);
    for (ViewListener v : all) {
      await(() -> v.view.equals(listed), "a listener's view matches the listing");
      assertEquals(List.of(), v.violations);
    }
  }
}
