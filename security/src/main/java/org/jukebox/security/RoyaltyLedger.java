package org.jukebox.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jukebox.api.SongId;
import org.jukebox.security.internal.CheckedLineLog;

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
  // An unterminated first line that starts with HEADER counts as a header cut short, whatever
  // its length (SpentCoins is stricter): kept so that the ledger behaves as it always has.
  private static final CheckedLineLog.Format FORMAT = new CheckedLineLog.Format(HEADER, 3, true);
  private static final CheckedLineLog.Wording WORDING = new CheckedLineLog.Wording(LOG, "royalty ledger",
      "ledger", "a write interrupted before it was acknowledged");

  private final Map<SongId, Long> totals = new HashMap<>();
  private final Set<String> coins = new HashSet<>();
  private final CheckedLineLog log;
  private long entries;

  private RoyaltyLedger(Path file) throws IOException {
    // Loading fills totals and coins, which are initialised by now.
    this.log = CheckedLineLog.open(file, FORMAT, WORDING, this::load);
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
    return new RoyaltyLedger(file.toAbsolutePath());
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
    log.checkOpen();
    if (coins.contains(coinId)) {
      return false;
    }
    log.append(at.toEpochMilli() + " " + song.value() + " " + URLEncoder.encode(coinId, StandardCharsets.UTF_8));
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
    return log.file();
  }

  /** Unlocks and closes the file. Idempotent. */
  @Override
  public synchronized void close() {
    log.close();
  }

  @Override
  public String toString() {
    return "RoyaltyLedger[" + log.file() + "]";
  }

  /** Applies one entry ({@code EPOCH_MILLIS SONG_ID COIN}) to the totals; returns what is wrong with it, or null. */
  private String load(String[] f) {
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
}
