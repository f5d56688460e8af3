package org.jukebox.session.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jukebox.api.SessionCharter;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionOptions;
import org.jukebox.api.SessionSong;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;

/**
 * Sessions in a JDBC database (embedded Derby by default): each session's charter, options and
 * timeline in one row, its playlist in another table. Every change is committed before it is
 * pushed to listeners, so a server that restarts on the same store continues each session where
 * its listeners last heard it. Creates its schema on first use and records its version.
 *
 * <p>Thread-safe: one connection, used under this object's lock (writes are short and the
 * session's own lock already orders them).
 */
public final class SessionStore implements AutoCloseable {
  /** The schema version this code writes. */
  static final int SCHEMA_VERSION = 2;

  private final String url;
  private final Connection connection;
  /** The server whose sessions these are: several servers may share one database. */
  private final String owner;

  private SessionStore(String url, Connection connection, String owner) {
    this.url = url;
    this.connection = connection;
    this.owner = owner;
  }

  /**
   * Opens (creating if needed) the store at a JDBC URL for the server {@code owner}: it loads only
   * that server's sessions, and marks what it saves as that server's, so several servers can
   * share one database without running each other's sessions.
   *
   * @throws SQLException if the database cannot be opened or its schema is newer than this code
   */
  public static SessionStore open(String jdbcUrl, String owner) throws SQLException {
    java.util.Objects.requireNonNull(owner, "owner");
    Connection c = DriverManager.getConnection(jdbcUrl);
    try {
      migrate(c);
      c.setAutoCommit(false);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return new SessionStore(jdbcUrl, c, owner);
  }

  private static void migrate(Connection c) throws SQLException {
    c.setAutoCommit(true);
    DatabaseMetaData md = c.getMetaData();
    boolean fresh;
    try (ResultSet rs = md.getTables(null, null, "SESSION_SCHEMA", null)) {
      fresh = !rs.next();
    }
    try (Statement s = c.createStatement()) {
      if (fresh) {
        s.executeUpdate("CREATE TABLE SESSION_SCHEMA (VERSION INT NOT NULL)");
        s.executeUpdate("INSERT INTO SESSION_SCHEMA VALUES (0)");
      }
      int version;
      try (ResultSet rs = s.executeQuery("SELECT VERSION FROM SESSION_SCHEMA")) {
        rs.next();
        version = rs.getInt(1);
      }
      if (version > SCHEMA_VERSION) {
        throw new SQLException("session store schema version " + version + " is newer than this server's "
            + SCHEMA_VERSION);
      }
      if (version < 1) {
        s.executeUpdate("CREATE TABLE SESSIONS (ID VARCHAR(64) PRIMARY KEY, HOST VARCHAR(512) NOT NULL,"
            + " ACL VARCHAR(32000) NOT NULL, GUESTS_ADD BOOLEAN NOT NULL, VOTE_SKIP BOOLEAN NOT NULL,"
            + " CURRENT_INDEX INT NOT NULL, PLAYING BOOLEAN NOT NULL, POSITION_MICROS BIGINT NOT NULL,"
            + " STAMP_MICROS BIGINT NOT NULL, SEQ BIGINT NOT NULL, NEXT_ENTRY BIGINT NOT NULL)");
        s.executeUpdate("CREATE TABLE SESSION_SONGS (SESSION_ID VARCHAR(64) NOT NULL, ENTRY BIGINT NOT NULL,"
            + " SONG_ID VARCHAR(200) NOT NULL, TITLE VARCHAR(2000) NOT NULL, ARTIST VARCHAR(2000) NOT NULL,"
            + " ALBUM VARCHAR(2000) NOT NULL, TRACK INT NOT NULL, DISC INT NOT NULL, YR INT NOT NULL,"
            + " GENRE VARCHAR(500) NOT NULL, DURATION_MICROS BIGINT NOT NULL, BITRATE INT NOT NULL,"
            + " SAMPLE_RATE INT NOT NULL, HAS_COVER BOOLEAN NOT NULL, SIZE_BYTES BIGINT NOT NULL,"
            + " CONTENT_TYPE VARCHAR(200) NOT NULL, ADDED_BY VARCHAR(512) NOT NULL, UPLOADED BOOLEAN NOT NULL,"
            + " PRIMARY KEY (SESSION_ID, ENTRY))");
        s.executeUpdate("UPDATE SESSION_SCHEMA SET VERSION = 1");
      }
      if (version < 2) {
        // Version 2: which server runs each session (rows from version 1 belong to whoever opens them first).
        s.executeUpdate("ALTER TABLE SESSIONS ADD COLUMN OWNER VARCHAR(64) NOT NULL DEFAULT ''");
        s.executeUpdate("UPDATE SESSION_SCHEMA SET VERSION = 2");
      }
    }
  }

  /** The JDBC URL it was opened with. */
  public String url() {
    return url;
  }

  /** One session as stored. */
  public record Saved(SessionCharter charter, SessionOptions options, List<SessionSong> playlist, int current,
      boolean playing, long positionMicros, long stampMicros, long sequence, long nextEntry) {}

  /** The scalar state of a session to write: everything but the playlist. */
  public record State(SessionCharter charter, SessionOptions options, int current, boolean playing,
      long positionMicros, long stampMicros, long sequence, long nextEntry) {}

  /**
   * Writes a session's state, adding {@code added} to and removing {@code removedEntry} (if
   * positive) from its playlist, in one transaction. Inserts the session if it is new.
   */
  public synchronized void save(State st, SessionSong added, long removedEntry) {
    try {
      String id = st.charter().id().value();
      int n;
      try (PreparedStatement p = connection.prepareStatement("UPDATE SESSIONS SET HOST = ?, ACL = ?, GUESTS_ADD = ?,"
          + " VOTE_SKIP = ?, CURRENT_INDEX = ?, PLAYING = ?, POSITION_MICROS = ?, STAMP_MICROS = ?, SEQ = ?,"
          + " NEXT_ENTRY = ?, OWNER = ? WHERE ID = ?")) {
        bindState(p, st);
        p.setString(11, owner);
        p.setString(12, id);
        n = p.executeUpdate();
      }
      if (n == 0) {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO SESSIONS (HOST, ACL, GUESTS_ADD,"
            + " VOTE_SKIP, CURRENT_INDEX, PLAYING, POSITION_MICROS, STAMP_MICROS, SEQ, NEXT_ENTRY, OWNER, ID)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          bindState(p, st);
          p.setString(11, owner);
          p.setString(12, id);
          p.executeUpdate();
        }
      }
      if (added != null) {
        insertSong(id, added);
      }
      if (removedEntry > 0) {
        try (PreparedStatement p = connection.prepareStatement(
            "DELETE FROM SESSION_SONGS WHERE SESSION_ID = ? AND ENTRY = ?")) {
          p.setString(1, id);
          p.setLong(2, removedEntry);
          p.executeUpdate();
        }
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw new IllegalStateException("cannot save session " + st.charter().id() + ": " + e.getMessage(), e);
    }
  }

  private static void bindState(PreparedStatement p, State st) throws SQLException {
    p.setString(1, st.charter().host());
    p.setString(2, String.join("\n", st.charter().acl()));
    p.setBoolean(3, st.options().guestsMayAdd());
    p.setBoolean(4, st.options().voteSkip());
    p.setInt(5, st.current());
    p.setBoolean(6, st.playing());
    p.setLong(7, st.positionMicros());
    p.setLong(8, st.stampMicros());
    p.setLong(9, st.sequence());
    p.setLong(10, st.nextEntry());
  }

  private void insertSong(String id, SessionSong e) throws SQLException {
    Song s = e.song();
    try (PreparedStatement p = connection.prepareStatement("INSERT INTO SESSION_SONGS (SESSION_ID, ENTRY, SONG_ID,"
        + " TITLE, ARTIST, ALBUM, TRACK, DISC, YR, GENRE, DURATION_MICROS, BITRATE, SAMPLE_RATE, HAS_COVER,"
        + " SIZE_BYTES, CONTENT_TYPE, ADDED_BY, UPLOADED) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, id);
      p.setLong(2, e.entry());
      p.setString(3, s.id().value());
      p.setString(4, s.title());
      p.setString(5, s.artist());
      p.setString(6, s.album());
      p.setInt(7, s.track());
      p.setInt(8, s.disc());
      p.setInt(9, s.year());
      p.setString(10, s.genre());
      p.setLong(11, Micros.of(s.duration()));
      p.setInt(12, s.bitrateKbps());
      p.setInt(13, s.sampleRateHz());
      p.setBoolean(14, s.hasCoverArt());
      p.setLong(15, s.sizeBytes());
      p.setString(16, s.contentType());
      p.setString(17, e.addedBy());
      p.setBoolean(18, e.uploaded());
      p.executeUpdate();
    }
  }

  /** Deletes a session and its playlist. */
  public synchronized void delete(SessionId id) {
    try {
      for (String sql : List.of("DELETE FROM SESSION_SONGS WHERE SESSION_ID = ?", "DELETE FROM SESSIONS WHERE ID = ?")) {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
          p.setString(1, id.value());
          p.executeUpdate();
        }
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw new IllegalStateException("cannot delete session " + id + ": " + e.getMessage(), e);
    }
  }

  /** Every session stored as this server's (or as nobody's), in id order. */
  public synchronized List<Saved> loadAll() throws SQLException {
    return load("OWNER = ? OR OWNER = ''", owner);
  }

  /**
   * One session as stored, whoever ran it, or null: for taking over the session of a server that
   * is gone (the next save marks it as this server's).
   */
  public synchronized Saved load(SessionId id) throws SQLException {
    List<Saved> found = load("ID = ?", id.value());
    return found.isEmpty() ? null : found.get(0);
  }

  private List<Saved> load(String where, String value) throws SQLException {
    Map<String, List<SessionSong>> songs = new LinkedHashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT SESSION_ID, ENTRY, SONG_ID, TITLE, ARTIST, ALBUM, TRACK, DISC, YR,"
            + " GENRE, DURATION_MICROS, BITRATE, SAMPLE_RATE, HAS_COVER, SIZE_BYTES, CONTENT_TYPE, ADDED_BY, UPLOADED"
            + " FROM SESSION_SONGS ORDER BY SESSION_ID, ENTRY")) {
      // Songs of other servers' sessions are read and dropped: simpler than a join, and rare.
      while (rs.next()) {
        Song song = new Song(new SongId(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getString(10), Duration.ofNanos(rs.getLong(11) * 1000),
            rs.getInt(12), rs.getInt(13), rs.getBoolean(14), rs.getLong(15), rs.getString(16));
        songs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
            .add(new SessionSong(rs.getLong(2), song, rs.getString(17), rs.getBoolean(18)));
      }
    }
    List<Saved> result = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT ID, HOST, ACL, GUESTS_ADD, VOTE_SKIP,"
        + " CURRENT_INDEX, PLAYING, POSITION_MICROS, STAMP_MICROS, SEQ, NEXT_ENTRY FROM SESSIONS WHERE " + where
        + " ORDER BY ID")) {
      for (int i = 1; i <= s.getParameterMetaData().getParameterCount(); i++) {
        s.setString(i, value);
      }
      ResultSet rs = s.executeQuery();
      while (rs.next()) {
        String id = rs.getString(1);
        String acl = rs.getString(3);
        Set<String> users = acl.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(acl.split("\n")));
        List<SessionSong> playlist = songs.getOrDefault(id, List.of());
        int current = Math.min(rs.getInt(6), playlist.size());
        result.add(new Saved(new SessionCharter(new SessionId(id), rs.getString(2), users),
            new SessionOptions(rs.getBoolean(4), rs.getBoolean(5)), playlist, current,
            rs.getBoolean(7) && current < playlist.size(), rs.getLong(8), rs.getLong(9), rs.getLong(10),
            rs.getLong(11)));
      }
    }
    connection.commit();
    return result;
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; the next call reports it.
    }
  }

  /** Closes the connection (an embedded database stays booted until the JVM or Derby shuts it down). */
  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing: nothing to do about it.
    }
  }

  /** The embedded Derby URL of a store under {@code dir}, created if missing. */
  public static String embeddedUrl(java.nio.file.Path dir) {
    return "jdbc:derby:" + dir.toAbsolutePath().resolve("sessions") + ";create=true";
  }

  /** Shuts an embedded Derby database down so that its files can be reopened or deleted; quiet. */
  public static void shutdownEmbedded(String url) {
    if (!url.startsWith("jdbc:derby:") || url.startsWith("jdbc:derby://")) {
      return;
    }
    String base = url.contains(";") ? url.substring(0, url.indexOf(';')) : url;
    try {
      DriverManager.getConnection(base + ";shutdown=true").close();
    } catch (SQLException expected) {
      // Derby reports a successful shutdown as SQLState 08006.
    }
  }
}
