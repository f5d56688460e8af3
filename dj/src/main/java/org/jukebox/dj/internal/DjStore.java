package org.jukebox.dj.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jukebox.api.EventKind;

/**
 * The DJ's durable store: every accepted event, as reported, and who published their profile.
 * Preferences are not stored; they are computed from the events at start (so a change of rules
 * applies to the whole history). One JDBC connection; every write is one transaction committed
 * before the call returns.
 *
 * <p>The schema is the service's own: {@code dj_schema_version} holds the version, and
 * {@link #MIGRATIONS} bring any older database up to date in order, each in its own transaction.
 * A database newer than this code is refused, never changed.
 *
 * <p>Thread-safe (calls are serialised on the connection).
 */
public final class DjStore implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DjStore.class.getName());

  /** Schema migrations; index i brings version i to version i + 1. Append only. */
  static final List<List<String>> MIGRATIONS = List.of(
      List.of("CREATE TABLE dj_events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
          + " user_name VARCHAR(512) NOT NULL, song VARCHAR(200) NOT NULL, kind VARCHAR(16) NOT NULL,"
          + " position_ms BIGINT NOT NULL, length_ms BIGINT NOT NULL, score SMALLINT NOT NULL,"
          + " at_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL)"),
      List.of("CREATE TABLE dj_profiles (user_name VARCHAR(512) NOT NULL PRIMARY KEY, published SMALLINT NOT NULL,"
          + " changed_ms BIGINT NOT NULL)"));

  /** One stored event. */
  public record StoredEvent(String user, String song, EventKind kind, long positionMs, long lengthMs, int score,
      long atMs) {}

  private final String where;
  private final Connection connection;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String shutdownUrl;
  private boolean closed;

  private DjStore(String url, String where, Connection connection, FileChannel lockChannel, FileLock lock,
      String shutdownUrl) {
    this.where = where;
    this.connection = connection;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.shutdownUrl = shutdownUrl;
  }

  /**
   * Opens (creating on first use) the embedded Derby database under {@code dataDir}: the
   * database in {@code dataDir/db}, a lock file {@code dataDir/dj.lock} held while open.
   *
   * @throws IllegalStateException naming the path and the cause if the directory is in use by
   *     another DJ, or the database cannot be opened (corrupt, locked by another process, newer)
   */
  public static DjStore openEmbedded(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the DJ data directory " + dir + ": " + e, e);
    }
    Path lockFile = dir.resolve("dj.lock");
    FileChannel channel;
    FileLock lock;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the DJ lock file " + lockFile + ": " + e, e);
    }
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      lock = null;
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new IllegalStateException("the DJ database at " + dir.resolve("db")
          + " is in use by another DJ (its lock file " + lockFile + " is held); stop that DJ or use another data directory");
    }
    Path db = dir.resolve("db");
    // Never create over something that exists: a damaged database must fail, not be replaced.
    boolean exists = Files.exists(db);
    String url = "jdbc:derby:" + db + (exists ? "" : ";create=true");
    try {
      DerbyLog.install();
      return open(url, db.toString(), channel, lock, "jdbc:derby:" + db + ";shutdown=true");
    } catch (RuntimeException e) {
      releaseQuietly(lock, channel);
      throw e;
    }
  }

  /**
   * Opens the database at a JDBC URL (a Derby Network Server, another database whose driver is on
   * the class path), migrating its schema.
   *
   * @throws IllegalStateException naming the URL and the cause if it cannot be opened
   */
  public static DjStore openUrl(String jdbcUrl) {
    DerbyLog.install();
    return open(jdbcUrl, jdbcUrl, null, null, null);
  }

  private static DjStore open(String url, String where, FileChannel channel, FileLock lock, String shutdownUrl) {
    Connection c;
    try {
      c = DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the DJ database at " + where + ": " + describe(e), e);
    }
    DjStore store = new DjStore(url, where, c, channel, lock, shutdownUrl);
    try {
      c.setAutoCommit(false);
      store.migrate();
      return store;
    } catch (SQLException | RuntimeException e) {
      store.close();
      if (e instanceof IllegalStateException ise) {
        throw ise;
      }
      throw new IllegalStateException("cannot open the DJ database at " + where + ": "
          + (e instanceof SQLException sql ? describe(sql) : e.toString()), e);
    }
  }

  /** The database's message, its SQL state, and the deepest cause's message. */
  static String describe(SQLException e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    if (e.getSQLState() != null) {
      sb.append(" (SQL state ").append(e.getSQLState()).append(')');
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !sb.toString().contains(root.getMessage())) {
      sb.append("; caused by: ").append(root.getMessage());
    }
    return sb.toString();
  }

  private void migrate() throws SQLException {
    int version = schemaVersion();
    if (version > MIGRATIONS.size()) {
      throw new IllegalStateException("the DJ database at " + where + " has schema version " + version
          + ", newer than this DJ knows (" + MIGRATIONS.size() + "); refusing to touch it");
    }
    for (int v = version; v < MIGRATIONS.size(); v++) {
      try (Statement s = connection.createStatement()) {
        for (String sql : MIGRATIONS.get(v)) {
          s.execute(sql);
        }
        s.executeUpdate("UPDATE dj_schema_version SET version = " + (v + 1));
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
      int to = v + 1;
      LOG.log(System.Logger.Level.INFO, () -> "DJ database at " + where + " migrated to schema version " + to);
    }
  }

  /** The current version, creating the version table (version 0) in a new database. */
  private int schemaVersion() throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    boolean has;
    try (ResultSet rs = meta.getTables(null, null, "DJ_SCHEMA_VERSION", null)) {
      has = rs.next();
    }
    if (!has) {
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE dj_schema_version (version INT NOT NULL)");
        s.executeUpdate("INSERT INTO dj_schema_version VALUES (0)");
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
      return 0;
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM dj_schema_version")) {
      if (!rs.next()) {
        throw new IllegalStateException("the DJ database at " + where + " has an empty dj_schema_version table");
      }
      return rs.getInt(1);
    }
  }

  /** The schema version now (test seam). */
  synchronized int version() throws SQLException {
    return schemaVersion();
  }

  /**
   * Appends events in one transaction, committed (durable) when this returns.
   *
   * @throws SQLException if the database refuses; nothing of the batch is stored then
   */
  public synchronized void append(List<StoredEvent> events, long receivedMs) throws SQLException {
    checkOpen();
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO dj_events"
        + " (user_name, song, kind, position_ms, length_ms, score, at_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (StoredEvent e : events) {
        ps.setString(1, e.user());
        ps.setString(2, e.song());
        ps.setString(3, e.kind().name());
        ps.setLong(4, e.positionMs());
        ps.setLong(5, e.lengthMs());
        ps.setShort(6, (short) e.score());
        ps.setLong(7, e.atMs());
        ps.setLong(8, receivedMs);
        ps.addBatch();
      }
      ps.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    }
  }

  /** Records whether {@code user}'s profile is published, committed when this returns. */
  public synchronized void setPublished(String user, boolean published, long nowMs) throws SQLException {
    checkOpen();
    try (PreparedStatement up = connection.prepareStatement(
        "UPDATE dj_profiles SET published = ?, changed_ms = ? WHERE user_name = ?")) {
      up.setShort(1, (short) (published ? 1 : 0));
      up.setLong(2, nowMs);
      up.setString(3, user);
      if (up.executeUpdate() == 0) {
        try (PreparedStatement in = connection.prepareStatement(
            "INSERT INTO dj_profiles (user_name, published, changed_ms) VALUES (?, ?, ?)")) {
          in.setString(1, user);
          in.setShort(2, (short) (published ? 1 : 0));
          in.setLong(3, nowMs);
          in.executeUpdate();
        }
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    }
  }

  /** Every stored event in the order it was stored. */
  public synchronized long replay(Consumer<StoredEvent> sink) throws SQLException {
    checkOpen();
    long n = 0;
    try (Statement s = connection.createStatement()) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery("SELECT user_name, song, kind, position_ms, length_ms, score, at_ms"
          + " FROM dj_events ORDER BY id")) {
        while (rs.next()) {
          sink.accept(new StoredEvent(rs.getString(1), rs.getString(2), EventKind.valueOf(rs.getString(3)),
              rs.getLong(4), rs.getLong(5), rs.getShort(6), rs.getLong(7)));
          n++;
        }
      }
      connection.commit();
    }
    return n;
  }

  /** Who has a profile setting, and whether it is published. */
  public synchronized Map<String, Boolean> profiles() throws SQLException {
    checkOpen();
    Map<String, Boolean> out = new TreeMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT user_name, published FROM dj_profiles")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getShort(2) != 0);
      }
    }
    connection.commit();
    return out;
  }

  /** Events stored (test seam). */
  public synchronized long count() throws SQLException {
    checkOpen();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dj_events")) {
      rs.next();
      long n = rs.getLong(1);
      connection.commit();
      return n;
    }
  }

  /** Where the data lives, for messages. */
  public String where() {
    return where;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the DJ store is closed");
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "rollback failed on " + where + ": " + e.getMessage());
    }
  }

  /** Closes the connection, shuts an embedded database down and releases the lock. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      connection.rollback();
      connection.close();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing " + where + ": " + e.getMessage());
    }
    if (shutdownUrl != null) {
      try {
        DriverManager.getConnection(shutdownUrl).close();
      } catch (SQLException e) {
        // 08006 is Derby's normal answer to a database shutdown.
        if (!"08006".equals(e.getSQLState())) {
          LOG.log(System.Logger.Level.WARNING, "shutting down " + where + ": " + describe(e));
        }
      }
    }
    releaseQuietly(lock, lockChannel);
  }

  private static void releaseQuietly(FileLock lock, FileChannel channel) {
    if (lock != null) {
      try {
        lock.release();
      } catch (IOException e) {
        // the channel close below releases it anyway
      }
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to do
      }
    }
  }

  @Override
  public String toString() {
    return "DjStore[" + where + "]";
  }
}
