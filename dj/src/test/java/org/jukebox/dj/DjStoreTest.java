package org.jukebox.dj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jukebox.api.EventKind;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Preference;
import org.jukebox.api.SongId;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Derby store: schema versions, and databases that must not be opened. */
class DjStoreTest {
  private static final JukeboxPrincipal ALICE = JukeboxPrincipal.user("alice", "signature");
  private static final SongId S1 = new SongId("s1");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
  private DjServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private DjServer build() {
    return DjServer.builder().listen(false).dataDir(dir).clock(clock).build();
  }

  private void reportOne() throws Exception {
    Caller.callAs(ALICE, () -> {
      server.local().report(List.of(ListeningEvent.rated(S1, 4)));
      return null;
    });
  }

  private Path db() {
    return dir.toAbsolutePath().normalize().resolve("db");
  }

  @Test
  void aSecondDjOnTheSameDirectoryIsRefusedWithThePath() throws Exception {
    server = build().start();
    DjServer second = build();
    IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
    assertEquals("the DJ database at " + db() + " is in use by another DJ (its lock file "
        + dir.toAbsolutePath().normalize().resolve("dj.lock") + " is held); stop that DJ or use another data directory",
        e.getMessage());
    second.close();
    reportOne(); // the first one is unharmed
  }

  @Test
  void garbageInTheDatabaseFilesIsAnErrorAtStartNotANewDatabase() throws Exception {
    server = build().start();
    reportOne();
    server.close();
    byte[] garbage = "this is not a Derby page".repeat(500).getBytes(StandardCharsets.US_ASCII);
    List<Path> files;
    try (Stream<Path> s = Stream.concat(Files.list(db().resolve("seg0")), Files.list(db().resolve("log")))) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      Files.write(f, garbage);
    }

    server = build();
    IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
    assertTrue(e.getMessage().startsWith("cannot open the DJ database at " + db() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("SQL state"), e.getMessage());
    for (Path f : files) {
      assertArrayEquals(garbage, Files.readAllBytes(f), "left as it was: " + f);
    }
    // And the directory is free again for whoever repairs it.
    server = build();
    assertThrows(IllegalStateException.class, server::start);
  }

  @Test
  void aMissingDatabaseDirectoryContentIsNotSilentlyRecreated() throws Exception {
    server = build().start();
    reportOne();
    server.close();
    Files.delete(db().resolve("service.properties"));

    server = build();
    IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
    assertTrue(e.getMessage().startsWith("cannot open the DJ database at " + db() + ": "), e.getMessage());
    assertTrue(Files.isDirectory(db().resolve("seg0")));
  }

  @Test
  void aDatabaseOfAnOlderSchemaIsMigratedKeepingItsEvents() throws Exception {
    // Version 1 as an earlier DJ left it: events, no profiles table.
    try (Connection c = DriverManager.getConnection("jdbc:derby:" + db() + ";create=true");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE dj_schema_version (version INT NOT NULL)");
      s.execute("INSERT INTO dj_schema_version VALUES (1)");
      s.execute("CREATE TABLE dj_events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
          + " user_name VARCHAR(512) NOT NULL, song VARCHAR(200) NOT NULL, kind VARCHAR(16) NOT NULL,"
          + " position_ms BIGINT NOT NULL, length_ms BIGINT NOT NULL, score SMALLINT NOT NULL,"
          + " at_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL)");
      s.execute("INSERT INTO dj_events (user_name, song, kind, position_ms, length_ms, score, at_ms, received_ms)"
          + " VALUES ('alice', 's1', 'LIKED', 0, 0, 0, " + clock.millis() + ", " + clock.millis() + ")");
    }
    shutdown();

    server = build().start();
    assertEquals(List.of(new Preference(S1, 3.0, 1)), server.engine().profile("alice", 5));
    Caller.callAs(ALICE, () -> {
      server.local().publish(true);
      return null;
    });
    assertEquals(List.of("alice"), server.local().publishedProfiles());
    server.close();
    try (Connection c = DriverManager.getConnection("jdbc:derby:" + db());
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT version FROM dj_schema_version")) {
      rs.next();
      assertEquals(2, rs.getInt(1));
    }
    shutdown();
  }

  @Test
  void aDatabaseFromANewerDjIsRefusedUntouched() throws Exception {
    server = build().start();
    server.close();
    try (Connection c = DriverManager.getConnection("jdbc:derby:" + db()); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE dj_schema_version SET version = 99");
    }
    shutdown();

    server = build();
    IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
    assertEquals("the DJ database at " + db() + " has schema version 99, newer than this DJ knows (2);"
        + " refusing to touch it", e.getMessage());
  }

  @Test
  void eventsAreStoredWithTheirComputedTime() throws Exception {
    server = build().start();
    Caller.callAs(ALICE, () -> {
      server.local().report(List.of(ListeningEvent.of(S1, EventKind.LIKED, Duration.ZERO).ago(Duration.ofMinutes(5))));
      return null;
    });
    server.close();
    try (Connection c = DriverManager.getConnection("jdbc:derby:" + db());
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT user_name, song, kind, at_ms, received_ms FROM dj_events")) {
      rs.next();
      assertEquals("alice", rs.getString(1));
      assertEquals("s1", rs.getString(2));
      assertEquals("LIKED", rs.getString(3));
      assertEquals(clock.millis() - 300_000, rs.getLong(4));
      assertEquals(clock.millis(), rs.getLong(5));
    }
    shutdown();
  }

  private void shutdown() {
    try {
      DriverManager.getConnection("jdbc:derby:" + db() + ";shutdown=true").close();
    } catch (SQLException expected) {
      // 08006: shut down
    }
  }
}
