package org.jukebox.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jukebox.api.ClockReading;
import org.jukebox.api.SessionServer;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's builder and life cycle, over plain RMI without a directory. */
class SessionServerDaemonTest {
  @TempDir Path data;

  @Test
  void builderRefusesBadSettingsWithExactMessages() {
    SessionServerDaemon.Builder b = SessionServerDaemon.builder(data);
    assertEquals("port < 0: -3", assertThrows(IllegalArgumentException.class, () -> b.port(-3)).getMessage());
    assertEquals("port > 65535: 70000", assertThrows(IllegalArgumentException.class, () -> b.httpPort(70000)).getMessage());
    assertEquals("callbackTimeout <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.callbackTimeout(Duration.ZERO)).getMessage());
    assertEquals("listenerQueue < 1: 0", assertThrows(IllegalArgumentException.class, () -> b.listenerQueue(0)).getMessage());
    assertEquals("burst < 1: 0", assertThrows(IllegalArgumentException.class, () -> b.rateLimit(0, 1)).getMessage());
    assertEquals("maxUploadBytes < 1: 0", assertThrows(IllegalArgumentException.class, () -> b.maxUploadBytes(0)).getMessage());
    assertEquals("jdbcUrl is blank", assertThrows(IllegalArgumentException.class, () -> b.jdbcUrl(" ")).getMessage());
  }

  @Test
  void startsOnAFixedPortAnswersTheClockAndClosesIdempotently() throws Exception {
    java.time.Instant at = java.time.Instant.parse("2026-11-25T12:00:00.000123Z");
    MutableClock clock = new MutableClock(at);
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    SessionServerDaemon server = SessionServerDaemon.builder(data).port(port).clock(clock)
        .httpBindAddress("127.0.0.1").build().start();
    try {
      assertEquals("already started", assertThrows(IllegalStateException.class, server::start).getMessage());
      SessionServer stub = RemoteLookup.lookup(HostPort.of("127.0.0.1", port), SessionServer.REGISTRY_NAME,
          SessionServer.class);
      ClockReading r = stub.time();
      assertEquals(at.getEpochSecond() * 1_000_000 + 123, r.receivedAtMicros(), "micros of the server's clock");
      assertEquals(r.receivedAtMicros(), r.sentAtMicros());
      assertTrue(Files.exists(data.resolve("server-id")));
    } finally {
      server.close();
      server.close();
    }
    assertEquals("closed", assertThrows(IllegalStateException.class, server::port).getMessage());
  }
}
