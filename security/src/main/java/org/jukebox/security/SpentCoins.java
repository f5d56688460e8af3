package org.jukebox.security;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.jukebox.security.internal.CheckedLineLog;

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
  private static final CheckedLineLog.Format FORMAT = new CheckedLineLog.Format(HEADER, 3, false);
  private static final CheckedLineLog.Wording WORDING = new CheckedLineLog.Wording(LOG, "spent-coin list",
      "spent-coin", "a write interrupted before its coin was accepted");

  private final Clock clock;
  private final Set<String> spent = new HashSet<>();
  private final CheckedLineLog log;

  private SpentCoins(Path file, Clock clock) throws IOException {
    this.clock = clock;
    // Loading fills spent, which is initialised by now.
    this.log = CheckedLineLog.open(file, FORMAT, WORDING, this::load);
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
    return new SpentCoins(dataDir.toAbsolutePath().resolve(FILE_NAME), clock);
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
    log.checkOpen();
    String key = key(coin.bankId(), coin.serialHex());
    if (spent.contains(key)) {
      return false;
    }
    log.append(key + " " + clock.millis());
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
    return log.file();
  }

  /** Unlocks and closes the file. Idempotent. */
  @Override
  public synchronized void close() {
    log.close();
  }

  @Override
  public String toString() {
    return "SpentCoins[" + log.file() + "]";
  }

  /** Adds one entry's coin ({@code BANK_ID SERIAL_HEX EPOCH_MILLIS}); returns what is wrong with it, or null. */
  private String load(String[] f) {
    if (!f[1].matches("[0-9a-f]{32}")) {
      return "serial is not 32 hex digits";
    }
    spent.add(key(f[0], f[1]));
    return null;
  }

  private static String key(String bankId, String serialHex) {
    return bankId + " " + serialHex;
  }
}
