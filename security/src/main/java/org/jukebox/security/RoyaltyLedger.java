package org.jukebox.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.jukebox.api.SongId;

/**
 * The royalties a pay-per-use SoundSmith has earned: one entry per paid play (song, coin, time),
 * kept in an append-only file so that a crash loses no acknowledged entry, and totals per song.
 * A coin pays for one play only: recording a coin twice is refused.
 *
 * <p>File format (UTF-8 text): a header line {@value #HEADER}, then one line per play:
 * {@code EPOCH_MILLIS SONG_ID COIN CRC32} where {@code COIN} is the coin id URL-encoded and
 * {@code CRC32} (8 hex digits) covers the three fields before it. Every entry is forced to disk
 * ({@link FileChannel#force}) before {@link #record} returns. On open, an incomplete or corrupt
 * last line (a write the crash interrupted, so never acknowledged) is cut off with a warning;
 * a corrupt line before the last is refused with an {@link IOException}, because dropping
 * acknowledged royalties silently would be worse than not starting.
 *
 * <p>The file is locked while open, so two processes never append to one ledger. Thread-safe.
 */
public final class RoyaltyLedger implements AutoCloseable {
  /** The first line of every ledger file. */
  public static final String HEADER = "jukebox-royalties 1";
  private static final System.Logger LOG = System.getLogger(RoyaltyLedger.class.getName());

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Map<SongId, Long> totals = new HashMap<>();
  private final Set<String> coins = new HashSet<>();
  private long entries;
  private boolean closed;

  private RoyaltyLedger(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Opens the ledger in {@code file}, creating it (and its folder) if missing, and reloads every
   * entry in it.
   *
   * @throws IOException if it cannot be created or read, another process has it open
   *     ({@code "royalty ledger FILE is in use by another process"}), it is not a ledger
   *     ({@code "FILE is not a royalty ledger (first line is not jukebox-royalties 1)"}), or a
   *     line before the last is corrupt ({@code "royalty ledger FILE line 7 is corrupt: bad checksum"})
   */
  public static RoyaltyLedger open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    boolean created = !Files.exists(abs);
    FileChannel ch = FileChannel.open(abs, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException("royalty ledger " + abs + " is in use by another process");
      }
      RoyaltyLedger ledger = new RoyaltyLedger(abs, ch, lock);
      ledger.load();
      if (created && dir != null) {
        forceDirectory(dir);
      }
      return ledger;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Records one paid play of {@code song} with the coin {@code coinId}, durably: when this
   * returns true the entry is on disk.
   *
   * @return true if recorded; false if that coin has paid for a play already (nothing written)
   * @throws IOException if the entry cannot be written and forced to disk (then nothing is
   *     recorded, and the file is cut back to where it was)
   * @throws IllegalArgumentException if the coin id is blank: {@code "coinId is blank"}
   * @throws IllegalStateException if the ledger is closed: {@code "royalty ledger closed"}
   */
  public synchronized boolean record(SongId song, String coinId, Instant at) throws IOException {
    Objects.requireNonNull(song, "song");
    Objects.requireNonNull(coinId, "coinId");
    Objects.requireNonNull(at, "at");
    if (coinId.isBlank()) {
      throw new IllegalArgumentException("coinId is blank");
    }
    checkOpen();
    if (coins.contains(coinId)) {
      return false;
    }
    String fields = at.toEpochMilli() + " " + song.value() + " " + URLEncoder.encode(coinId, StandardCharsets.UTF_8);
    ByteBuffer line = ByteBuffer.wrap((fields + " " + crc(fields) + "\n").getBytes(StandardCharsets.UTF_8));
    long before = channel.size();
    try {
      channel.position(before);
      while (line.hasRemaining()) {
        channel.write(line);
      }
      channel.force(false);
    } catch (IOException e) {
      try {
        // A half-written line would make the next entry unreadable: cut it off.
        channel.truncate(before);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    coins.add(coinId);
    totals.merge(song, 1L, Long::sum);
    entries++;
    return true;
  }

  /** How many paid plays of {@code song} are recorded. */
  public synchronized long plays(SongId song) {
    Objects.requireNonNull(song, "song");
    return totals.getOrDefault(song, 0L);
  }

  /** Paid plays per song, ordered by song id; a copy. */
  public synchronized Map<SongId, Long> totals() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(totals));
  }

  /** Whether {@code coinId} has paid for a play already. */
  public synchronized boolean isSpent(String coinId) {
    Objects.requireNonNull(coinId, "coinId");
    return coins.contains(coinId);
  }

  /** How many entries the ledger holds. */
  public synchronized long entries() {
    return entries;
  }

  /** The file it is kept in (absolute). */
  public Path file() {
    return file;
  }

  /** Unlocks and closes the file. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "releasing ledger lock: " + e);
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing royalty ledger " + file + ": " + e);
    }
  }

  @Override
  public String toString() {
    return "RoyaltyLedger[" + file + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("royalty ledger closed");
    }
  }

  private void load() throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException("royalty ledger " + file + " is too large to load: " + size + " bytes");
    }
    ByteBuffer all = ByteBuffer.allocate((int) size);
    channel.position(0);
    while (all.hasRemaining() && channel.read(all) >= 0) {
      // read until full
    }
    byte[] bytes = all.array();
    int headerEnd = indexOf(bytes, 0);
    if (headerEnd < 0) {
      // Empty, or the header itself was cut short when the file was created: start it again.
      if (size > 0 && !startsWith(bytes, HEADER)) {
        throw notALedger();
      }
      writeHeader();
      return;
    }
    if (!new String(bytes, 0, headerEnd, StandardCharsets.UTF_8).equals(HEADER)) {
      throw notALedger();
    }
    int lineNo = 1;
    int start = headerEnd + 1;
    while (start < bytes.length) {
      lineNo++;
      int end = indexOf(bytes, start);
      boolean last = end < 0 || end == bytes.length - 1;
      String problem = end < 0 ? "incomplete" : parse(new String(bytes, start, end - start, StandardCharsets.UTF_8));
      if (problem != null) {
        if (!last) {
          throw new IOException("royalty ledger " + file + " line " + lineNo + " is corrupt: " + problem);
        }
        LOG.log(System.Logger.Level.WARNING, "royalty ledger " + file + ": cutting off line " + lineNo
            + " (" + problem + "), a write interrupted before it was acknowledged");
        channel.truncate(start);
        channel.force(false);
        return;
      }
      start = end + 1;
    }
  }

  /** Applies one line to the totals; returns what is wrong with it, or null. */
  private String parse(String line) {
    String[] f = line.split(" ", -1);
    if (f.length != 4) {
      return "expected 4 fields, found " + f.length;
    }
    String fields = f[0] + " " + f[1] + " " + f[2];
    if (!crc(fields).equals(f[3])) {
      return "bad checksum";
    }
    SongId song;
    String coin;
    try {
      Long.parseLong(f[0]);
      song = new SongId(f[1]);
      coin = URLDecoder.decode(f[2], StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (coins.add(coin)) {
      totals.merge(song, 1L, Long::sum);
      entries++;
    }
    return null;
  }

  private void writeHeader() throws IOException {
    channel.truncate(0);
    ByteBuffer h = ByteBuffer.wrap((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
    channel.position(0);
    while (h.hasRemaining()) {
      channel.write(h);
    }
    channel.force(true);
  }

  private IOException notALedger() {
    return new IOException(file + " is not a royalty ledger (first line is not " + HEADER + ")");
  }

  private static String crc(String fields) {
    CRC32 c = new CRC32();
    c.update(fields.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", c.getValue());
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] bytes, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(p.length, bytes.length);
    for (int i = 0; i < n; i++) {
      if (bytes[i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  // A new file's directory entry must reach the disk too, or a crash can lose the whole file.
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot force directory " + dir + ": " + e);
    }
  }
}
