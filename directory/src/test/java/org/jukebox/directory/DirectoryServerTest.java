package org.jukebox.directory;

import static org.jukebox.directory.FakeSoundSmith.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InvalidClassException;
import java.io.Serializable;
import java.net.ServerSocket;
import java.rmi.RemoteException;
import java.rmi.ServerException;
import java.rmi.UnmarshalException;
import java.rmi.server.ExportException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jukebox.api.Beacon;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.RemoteLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The directory over real RMI on 127.0.0.1, as SoundSmiths and clients in other JVMs see it. */
class DirectoryServerTest {
  private static final Duration TEN_S = Duration.ofSeconds(10);

  private final MutableClock clock = MutableClock.atEpochPlusOneDay();
  private final RemoteExporter peers = RemoteExporter.anyPort();
  private DirectoryServer server;

  @AfterEach
  void closeAll() {
    peers.close();
    if (server != null) {
      server.close();
    }
  }

  private DirectoryServer startServer() throws RemoteException {
    server = DirectoryServer.builder().port(0).clock(clock).maxLease(Duration.ofSeconds(30)).build().start();
    return server;
  }

  private HostPort address() {
    return HostPort.of("127.0.0.1", server.port());
  }

  @Test
  void soundSmithBeaconsIsListedAndWatchersHearItOverRealRmi() throws Exception {
    startServer();
    MusicDirectory directory = RemoteLookup.directory(address());

    RecordingListener heard = new RecordingListener();
    Lease watching = directory.watch(peers.export(heard), Duration.ofMinutes(1));
    assertEquals(Duration.ofSeconds(30), watching.duration());

    SoundSmithInfo info = info("alice", 7, 42);
    SoundSmith smith = peers.export(new FakeSoundSmith(info));
    Lease lease = directory.beacon(new Beacon(info, smith), TEN_S);
    assertEquals(TEN_S, lease.duration());
    heard.expect("arrived alice v7 n42");

    List<SoundSmithEntry> listed = directory.soundSmiths();
    assertEquals(1, listed.size());
    assertEquals(info, listed.get(0).info());
    assertEquals(TEN_S, listed.get(0).leaseRemaining());
    // The reference the directory hands out reaches the SoundSmith itself.
    assertEquals(info, listed.get(0).soundSmith().info());

    assertEquals(lease.id(), directory.beacon(new Beacon(info("alice", 8, 43), smith), TEN_S).id());
    heard.expect("changed alice v8 n43");

    directory.cancel(lease.id());
    heard.expect("departed alice CANCELLED");
    assertEquals(List.of(), directory.soundSmiths());

    UnknownLeaseException unknown = assertThrows(UnknownLeaseException.class, () -> directory.cancel(lease.id()));
    assertEquals(lease.id(), unknown.leaseId());

    directory.beacon(new Beacon(info, smith), TEN_S);
    heard.expect("arrived alice v7 n42");
    clock.advance(TEN_S);
    assertEquals(1, server.sweep());
    heard.expect("departed alice EXPIRED");

    directory.renew(watching.id(), Duration.ofMinutes(1));
    directory.cancel(watching.id());
  }

  @Test
  void registryAndDirectoryShareOnePort() throws Exception {
    startServer();
    MusicDirectory directory = RemoteLookup.directory(address());
    // The stub names the endpoint it calls; it must be the registry's port.
    String stub = directory.toString();
    assertTrue(stub.contains(":" + server.port() + "]"), stub);
  }

  /** Serializable, not exported, and not an api class: RMI sends it by value, and must not. */
  static final class SmuggledSoundSmith extends FakeSoundSmith implements Serializable {
    SmuggledSoundSmith(SoundSmithInfo info) {
      super(info);
    }
  }

  @Test
  void serialFilterRejectsANonApiClassSentToTheDirectory() throws Exception {
    startServer();
    MusicDirectory directory = RemoteLookup.directory(address());
    SoundSmithInfo info = info("mallory", 1, 1);
    // RMI reports a failure to read the arguments as a ServerException around an UnmarshalException.
    ServerException refused = assertThrows(ServerException.class,
        () -> directory.beacon(new Beacon(info, new SmuggledSoundSmith(info)), TEN_S));
    Throwable cause = refused;
    while (cause != null && !(cause instanceof InvalidClassException)) {
      cause = cause.getCause();
    }
    assertTrue(refused.getCause() instanceof UnmarshalException, String.valueOf(refused));
    assertTrue(cause != null && cause.getMessage().contains("REJECTED"), String.valueOf(refused));
    assertEquals(List.of(), directory.soundSmiths());
  }

  @Test
  void listenerThatCannotBeReachedIsDropped() throws Exception {
    startServer();
    MusicDirectory directory = RemoteLookup.directory(address());
    RecordingListener gone = new RecordingListener();
    Lease goneLease = directory.watch(peers.export(gone), Duration.ofMinutes(1));
    RecordingListener alive = new RecordingListener();
    directory.watch(peers.export(alive), Duration.ofMinutes(1));
    peers.unexport(gone);

    SoundSmithInfo info = info("bob", 1, 1);
    directory.beacon(new Beacon(info, peers.export(new FakeSoundSmith(info))), TEN_S);
    alive.expect("arrived bob v1 n1");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.directory().isWatching(goneLease.id())) {
      assertTrue(System.nanoTime() < deadline, "unreachable listener still registered");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    assertThrows(UnknownLeaseException.class, () -> directory.renew(goneLease.id(), TEN_S));
  }

  @Test
  void lookupAfterCloseFailsNamingTheAddress() throws Exception {
    startServer();
    HostPort address = address();
    server.close();
    // Usually "connection refused"; but the freed port may already serve someone else's RMI.
    RemoteException e = assertThrows(RemoteException.class, () -> RemoteLookup.directory(address));
    assertTrue(e.getMessage().contains(" at 127.0.0.1:" + address.port()), e.getMessage());
  }

  @Test
  void closeIsBoundedAndIdempotent() throws Exception {
    startServer();
    MusicDirectory directory = RemoteLookup.directory(address());
    DirectoryListener listener = peers.export(new RecordingListener());
    directory.watch(listener, Duration.ofMinutes(1));
    long started = System.nanoTime();
    server.close();
    server.close();
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
    IllegalStateException closed = assertThrows(IllegalStateException.class, server::port);
    assertEquals("closed", closed.getMessage());
    assertThrows(RemoteException.class, directory::soundSmiths);
    IllegalStateException restart = assertThrows(IllegalStateException.class, server::start);
    assertEquals("closed", restart.getMessage());
  }

  @Test
  void startIsRefusedTwiceAndPortBeforeStart() throws Exception {
    DirectoryServer unstarted = DirectoryServer.builder().port(0).build();
    assertEquals("not started", assertThrows(IllegalStateException.class, unstarted::port).getMessage());
    unstarted.close();
    startServer();
    assertEquals("already started", assertThrows(IllegalStateException.class, server::start).getMessage());
  }

  @Test
  void takenPortIsReportedAndLeavesNothingBehind() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      DirectoryServer s = DirectoryServer.builder().port(taken.getLocalPort()).build();
      assertThrows(ExportException.class, s::start);
      assertEquals("closed", assertThrows(IllegalStateException.class, s::port).getMessage());
    }
  }

  @Test
  void sweeperRunsOnTheGivenScheduler() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      server = DirectoryServer.builder().port(0).clock(clock).sweepInterval(Duration.ofMillis(10))
          .scheduler(scheduler).build().start();
      MusicDirectory directory = RemoteLookup.directory(address());
      RecordingListener heard = new RecordingListener();
      directory.watch(peers.export(heard), Duration.ofSeconds(30));
      SoundSmithInfo info = info("carol", 1, 1);
      directory.beacon(new Beacon(info, peers.export(new FakeSoundSmith(info))), TEN_S);
      heard.expect("arrived carol v1 n1");
      clock.advance(TEN_S);
      heard.expect("departed carol EXPIRED");
      server.close();
      assertTrue(!scheduler.isShutdown(), "the server shut down a scheduler it does not own");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void ownSweeperExpiresEntriesAndEndsWithTheServer() throws Exception {
    server = DirectoryServer.builder().port(0).clock(clock).sweepInterval(Duration.ofMillis(10)).build().start();
    MusicDirectory directory = RemoteLookup.directory(address());
    RecordingListener heard = new RecordingListener();
    directory.watch(peers.export(heard), Duration.ofSeconds(30));
    SoundSmithInfo info = info("dave", 1, 1);
    directory.beacon(new Beacon(info, peers.export(new FakeSoundSmith(info))), TEN_S);
    heard.expect("arrived dave v1 n1");
    clock.advance(TEN_S);
    heard.expect("departed dave EXPIRED");

    server.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("jukebox-directory-"))) {
      assertTrue(System.nanoTime() < deadline, "directory threads still running after close");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @Test
  void shutdownHookIsRegisteredOnceAndRemovedOnClose() throws Exception {
    startServer();
    assertSame(server, server.closeOnShutdown());
    Thread hook = server.shutdownHook();
    server.closeOnShutdown();
    assertSame(hook, server.shutdownHook());
    server.close();
    // Already removed by close, so removing it again finds nothing.
    assertFalse(Runtime.getRuntime().removeShutdownHook(hook));
  }

  @Test
  void builderRejectsBadValuesWithExactMessages() {
    DirectoryServer.Builder b = DirectoryServer.builder();
    assertEquals("port < 0: -3", assertThrows(IllegalArgumentException.class, () -> b.port(-3)).getMessage());
    assertEquals("port > 65535: 70000",
        assertThrows(IllegalArgumentException.class, () -> b.port(70000)).getMessage());
    assertEquals("maxLease <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.maxLease(Duration.ZERO)).getMessage());
    assertEquals("sweepInterval <= 0: PT-1S",
        assertThrows(IllegalArgumentException.class, () -> b.sweepInterval(Duration.ofSeconds(-1))).getMessage());
  }
}
