package org.jukebox.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The durable list of coins a {@link PayPerUseVerifier} has accepted, so that no coin is accepted
 * twice, across restarts included. Services that accept the same bank's coins must share one
 * list (one verifier process, or one data folder); two lists would each accept a coin once.
 *
 * <p>Kept in {@value #FILE_NAME} in a data folder, an append-only UTF-8 file: a header line
 * {@value #HEADER}, then one line per coin, {@code BANK_ID SERIAL_HEX EPOCH_MILLIS CRC32}, where
 * the CRC32 (8 hex digits) covers the three fields before it. {@link #markSpent} forces the line
 * to disk before it returns, and the verifier accepts a coin only after that, so a crash loses no
 * accepted coin. On open, an incomplete or corrupt last line (a write the crash interrupted,
 * whose coin was therefore never accepted) is cut off with a warning; a corrupt line before the
 * last is refused with an {@link IOException}, since forgetting spent coins would let them be
 * spent again.
 *
 * <p>The file is locked while open, so two processes never share it. Thread-safe.
 */
public final class SpentCoins implements AutoCloseable {
  /** The file's name in its data folder. */
  public static final String FILE_NAME = "spent-coins";
  /** The first line of the file. */
  public static final String HEADER = "jukebox-spent-coins 1";
  private static final System.Logger LOG = System.getLogger(SpentCoins.class.getName());

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Clock clock;
  private final Set<String> spent = new HashSet<>();
  private boolean closed;

  private SpentCoins(Path file, FileChannel channel, FileLock lock, Clock clock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.clock = clock;
  }

  /** {@link #open(Path, Clock)} with the system clock. */
  public static SpentCoins open(Path dataDir) throws IOException {
    return open(dataDir, Clock.systemUTC());
  }

  /**
   * Opens the spent-coin list in {@code dataDir} (creating the folder and file if missing) and
   * reloads every coin in it.
   *
   * @param clock stamps each entry (for people reading the file; not used for decisions)
   * @throws IOException if it cannot be created or read; another process has it open
   *     ({@code "spent-coin list FILE is in use by another process"}); it is not a spent-coin
   *     list ({@code "FILE is not a spent-coin list (first line is not jukebox-spent-coins 1)"});
   *     or a line before the last is corrupt ({@code "spent-coin list FILE line 7 is corrupt: bad
   *     checksum"})
   */
  public static SpentCoins open(Path dataDir, Clock clock) throws IOException {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    Path dir = dataDir.toAbsolutePath();
    Files.createDirectories(dir);
    Path abs = dir.resolve(FILE_NAME);
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
        throw new IOException("spent-coin list " + abs + " is in use by another process");
      }
      SpentCoins list = new SpentCoins(abs, ch, lock, clock);
      list.load();
      if (created) {
        forceDirectory(dir);
      }
      return list;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Records {@code coin} as spent, durably: when this returns true the entry is on disk.
   *
   * @return true if recorded now; false if it was spent already (nothing written)
   * @throws IOException if the entry cannot be written and forced to disk (then nothing is
   *     recorded, the file is cut back to where it was, and the coin must not be accepted)
   * @throws IllegalStateException {@code "spent-coin list closed"}
   */
  public synchronized boolean markSpent(Coin coin) throws IOException {
    Objects.requireNonNull(coin, "coin");
    checkOpen();
    String key = key(coin.bankId(), coin.serialHex());
    if (spent.contains(key)) {
      return false;
    }
    String fields = key + " " + clock.millis();
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
    spent.add(key);
    return true;
  }

  /** Whether {@code coin} is recorded as spent. */
  public synchronized boolean isSpent(Coin coin) {
    Objects.requireNonNull(coin, "coin");
    return spent.contains(key(coin.bankId(), coin.serialHex()));
  }

  /** How many coins are recorded. */
  public synchronized int size() {
    return spent.size();
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
      LOG.log(System.Logger.Level.DEBUG, "releasing spent-coin lock: " + e);
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing spent-coin list " + file + ": " + e);
    }
  }

  @Override
  public String toString() {
    return "SpentCoins[" + file + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("spent-coin list closed");
    }
  }

  private void load() throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException("spent-coin list " + file + " is too large to load: " + size + " bytes");
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
      byte[] h = HEADER.getBytes(StandardCharsets.UTF_8);
      if (size > h.length || !new String(h, 0, (int) size, StandardCharsets.UTF_8)
          .equals(new String(bytes, StandardCharsets.UTF_8))) {
        throw notAList();
      }
      writeHeader();
      return;
    }
    if (!new String(bytes, 0, headerEnd, StandardCharsets.UTF_8).equals(HEADER)) {
      throw notAList();
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
          throw new IOException("spent-coin list " + file + " line " + lineNo + " is corrupt: " + problem);
        }
        LOG.log(System.Logger.Level.WARNING, "spent-coin list " + file + ": cutting off line " + lineNo
            + " (" + problem + "), a write interrupted before its coin was accepted");
        channel.truncate(start);
        channel.force(false);
        return;
      }
      start = end + 1;
    }
  }

  /** Adds one line's coin; returns what is wrong with the line, or null. */
  private String parse(String line) {
    String[] f = line.split(" ", -1);
    if (f.length != 4) {
      return "expected 4 fields, found " + f.length;
    }
    String fields = f[0] + " " + f[1] + " " + f[2];
    if (!crc(fields).equals(f[3])) {
      return "bad checksum";
    }
    if (!f[1].matches("[0-9a-f]{32}")) {
      return "serial is not 32 hex digits";
    }
    spent.add(key(f[0], f[1]));
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

  private IOException notAList() {
    return new IOException(file + " is not a spent-coin list (first line is not " + HEADER + ")");
  }

  private static String key(String bankId, String serialHex) {
    return bankId + " " + serialHex;
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

  /** Makes the new file's directory entry durable too; not every platform allows it. */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot force directory " + dir + ": " + e);
    }
  }
}
