package org.jukebox.soundsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.Beacon;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.SoundSmithId;
import org.junit.jupiter.api.Test;

/** A SoundSmith closed while its first beacon is in flight must not stay listed. */
class CloseDuringBeaconTest {
  @Test
  void leaseGrantedToABeaconInFlightAtCloseIsCancelled() throws Exception {
    MutableClock clock = new MutableClock();
    ManualScheduler scheduler = new ManualScheduler(clock);
    CountDownLatch inBeacon = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // Records like any fake directory, but holds the first beacon until the test lets it go.
    FakeDirectory slow = new FakeDirectory(Duration.ofSeconds(20), "lease-1") {
      @Override
      public Lease beacon(Beacon beacon, Duration requested) throws RemoteException {
        inBeacon.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.beacon(beacon, requested);
      }
    };
    InMemorySoundSmith server = new InMemorySoundSmith(
        SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice").clock(clock).build(), scheduler);
    server.joinDirectory(slow, Duration.ofSeconds(20));
    server.start();
    ExecutorService beaconThread = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> first = beaconThread.submit(scheduler::runDue);
      assertTrue(inBeacon.await(10, TimeUnit.SECONDS), "the first beacon never reached the directory");

      server.close();
      assertEquals(List.of(), slow.cancelled(), "close had no lease to cancel yet");
      release.countDown();
      first.get(10, TimeUnit.SECONDS);

      assertEquals(List.of(new LeaseId("lease-1")), slow.cancelled());
    } finally {
      release.countDown();
      beaconThread.shutdownNow();
      server.close();
    }
  }
}
