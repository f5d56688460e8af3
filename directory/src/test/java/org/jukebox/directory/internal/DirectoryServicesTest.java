package org.jukebox.directory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.rmi.AccessException;
import java.rmi.Remote;
import java.time.Duration;
import java.util.List;
import org.jukebox.api.Lease;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.ServiceId;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.directory.MutableClock;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DJs and session servers announce themselves to the directory as leased service entries. */
class DirectoryServicesTest {
  private static final Duration MAX = Duration.ofSeconds(30);
  private static final Duration TEN_S = Duration.ofSeconds(10);

  private final MutableClock clock = MutableClock.atEpochPlusOneDay();
  private final DirectoryService directory = new DirectoryService(clock, MAX);

  @AfterEach
  void closeDirectory() {
    directory.close();
  }

  private static ServiceBeacon beacon(String id, String kind) {
    return new ServiceBeacon(new ServiceId(id), kind, "service " + id, new Remote() {});
  }

  private List<String> listed(String kind) {
    return directory.services(kind).stream().map(b -> b.id().value()).toList();
  }

  @Test
  void servicesAreListedByKindInIdOrder() throws Exception {
    directory.announce(beacon("dj-2", "dj"), TEN_S);
    directory.announce(beacon("dj-1", "dj"), TEN_S);
    directory.announce(beacon("sessions-1", "session"), TEN_S);

    assertEquals(List.of("dj-1", "dj-2"), listed("dj"));
    assertEquals(List.of("sessions-1"), listed("session"));
    assertEquals(List.of(), listed("other"));
  }

  @Test
  void aServiceDisappearsWhenItsLeaseRunsOutUnlessReannounced() throws Exception {
    Lease first = directory.announce(beacon("dj-1", "dj"), TEN_S);
    directory.announce(beacon("dj-2", "dj"), TEN_S);
    clock.advance(Duration.ofSeconds(6));
    Lease again = directory.announce(beacon("dj-1", "dj"), TEN_S);
    clock.advance(Duration.ofSeconds(6));

    assertEquals(first.id(), again.id());
    assertEquals(List.of("dj-1"), listed("dj"));
    directory.sweep();
    assertEquals(List.of("dj-1"), listed("dj"));
  }

  @Test
  void theGrantIsCappedAtTheMaximumLease() throws Exception {
    assertEquals(MAX, directory.announce(beacon("dj-1", "dj"), Duration.ofHours(1)).duration());
  }

  @Test
  void cancelRemovesAServiceAndItsLeaseCannotBeCancelledTwice() throws Exception {
    Lease lease = directory.announce(beacon("dj-1", "dj"), TEN_S);

    directory.cancel(lease.id());

    assertEquals(List.of(), listed("dj"));
    UnknownLeaseException e = assertThrows(UnknownLeaseException.class, () -> directory.cancel(lease.id()));
    assertEquals("no live lease " + lease.id() + " (it ran out, was cancelled or was never granted)", e.getMessage());
  }

  @Test
  void aServiceLeaseIsRenewedByAnnouncingNotByRenew() throws Exception {
    Lease lease = directory.announce(beacon("dj-1", "dj"), TEN_S);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> directory.renew(lease.id(), TEN_S));
    assertEquals("lease " + lease.id() + " is a service entry's: renew it by announcing", e.getMessage());
  }

  @Test
  void anotherPrincipalCanNeitherTakeOverNorCancelALiveService() throws Exception {
    JukeboxPrincipal alice = JukeboxPrincipal.user("alice", "signature");
    JukeboxPrincipal mallory = JukeboxPrincipal.user("mallory", "signature");
    Lease lease = Caller.callAs(alice, () -> directory.announce(beacon("dj-1", "dj"), TEN_S));

    AccessException takeOver = assertThrows(AccessException.class,
        () -> Caller.callAs(mallory, () -> directory.announce(beacon("dj-1", "dj"), TEN_S)));
    AccessException cancel = assertThrows(AccessException.class,
        () -> Caller.callAs(mallory, () -> {
          directory.cancel(lease.id());
          return null;
        }));

    assertEquals("mallory may not announce service dj-1: it is announced by alice until its lease runs out",
        takeOver.getMessage());
    assertEquals("mallory may not cancel the lease of service dj-1: it is announced by alice", cancel.getMessage());
    assertEquals(List.of("dj-1"), listed("dj"));
  }

  @Test
  void anExpiredServiceMayBeAnnouncedByAnyoneWithANewLease() throws Exception {
    JukeboxPrincipal alice = JukeboxPrincipal.user("alice", "signature");
    JukeboxPrincipal bob = JukeboxPrincipal.user("bob", "signature");
    Lease old = Caller.callAs(alice, () -> directory.announce(beacon("dj-1", "dj"), TEN_S));
    clock.advance(TEN_S);

    Lease fresh = Caller.callAs(bob, () -> directory.announce(beacon("dj-1", "dj"), TEN_S));

    assertEquals(List.of("dj-1"), listed("dj"));
    assertEquals(false, old.id().equals(fresh.id()));
  }
}
