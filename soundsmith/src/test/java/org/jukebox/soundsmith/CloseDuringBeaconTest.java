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
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.LeaseId;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.UnknownLeaseException;
import org.junit.jupiter.api.Test;

/** A SoundSmith closed while its first beacon is in flight must not stay listed. */
class CloseDuringBeaconTest {
  @Test
  void leaseGrantedToABeaconInFlightAtCloseIsCancelled() throws Exception {
    MutableClock clock = new MutableClock();
    ManualScheduler scheduler = new ManualScheduler(clock);
    FakeDirectory recorder = new FakeDirectory(Duration.ofSeconds(20), "lease-1");
    CountDownLatch inBeacon = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MusicDirectory slow = new MusicDirectory() {
      @Override
      public Lease beacon(Beacon beacon, Duration requested) throws RemoteException {
        inBeacon.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return recorder.beacon(beacon, requested);
      }

      @Override
      public void cancel(LeaseId lease) throws RemoteException, UnknownLeaseException {
        recorder.cancel(lease);
      }

      @Override
      public List<SoundSmithEntry> soundSmiths() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Lease watch(DirectoryListener listener, Duration requested) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Lease renew(LeaseId lease, Duration requested) {
        throw new UnsupportedOperationException();
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
      assertEquals(List.of(), recorder.cancelled(), "close had no lease to cancel yet");
      release.countDown();
      first.get(10, TimeUnit.SECONDS);

      assertEquals(List.of(new LeaseId("lease-1")), recorder.cancelled());
    } finally {
      release.countDown();
      beaconThread.shutdownNow();
      server.close();
    }
  }
}
