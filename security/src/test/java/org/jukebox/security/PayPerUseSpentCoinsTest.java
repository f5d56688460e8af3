package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable spent-coin list behind the pay-per-use verifier. */
class PayPerUseSpentCoinsTest {
  private static final Bank BANK = Bank.generate("jukebox-bank");
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void coinIsSpentOnceAndStaysSpentAcrossReopen() throws Exception {
    Coin coin = BANK.mint(1).coin();
    try (SpentCoins list = SpentCoins.open(dir, CLOCK)) {
      assertFalse(list.isSpent(coin));
      assertTrue(list.markSpent(coin));
      assertFalse(list.markSpent(coin));
      assertEquals(1, list.size());
    }
    try (SpentCoins list = SpentCoins.open(dir, CLOCK)) {
      assertTrue(list.isSpent(coin));
      assertFalse(list.markSpent(coin));
      assertEquals(1, list.size());
    }
  }

  @Test
  void fileHasAHeaderAndOneChecksummedLinePerCoin() throws Exception {
    Coin coin = BANK.mint(1).coin();
    Path file;
    try (SpentCoins list = SpentCoins.open(dir, CLOCK)) {
      list.markSpent(coin);
      file = list.file();
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(dir.toAbsolutePath().resolve("spent-coins"), file);
    assertEquals("jukebox-spent-coins 1", lines.get(0));
    assertTrue(lines.get(1).matches("jukebox-bank " + coin.serialHex() + " 1700000000000 [0-9a-f]{8}"), lines.get(1));
    assertEquals(2, lines.size());
  }

  @Test
  void lineTornByACrashIsCutOffAndTheRestKept() throws Exception {
    Coin kept = BANK.mint(1).coin();
    Path file;
    try (SpentCoins list = SpentCoins.open(dir, CLOCK)) {
      list.markSpent(kept);
      file = list.file();
    }
    Files.writeString(file, "jukebox-bank 0123", StandardOpenOption.APPEND);
    try (SpentCoins list = SpentCoins.open(dir, CLOCK)) {
      assertTrue(list.isSpent(kept));
      assertEquals(1, list.size());
      Coin next = BANK.mint(1).coin();
      assertTrue(list.markSpent(next));
    }
    try (SpentCoins list = SpentCoins.open(dir, CLOCK)) {
      assertEquals(2, list.size());
    }
  }

  @Test
  void corruptLineBeforeTheLastIsRefused() throws Exception {
    Path file;
    try (SpentCoins list = SpentCoins.open(dir, CLOCK)) {
      list.markSpent(BANK.mint(1).coin());
      list.markSpent(BANK.mint(1).coin());
      file = list.file();
    }
    List<String> lines = Files.readAllLines(file);
    String broken = lines.get(1).substring(0, lines.get(1).length() - 1) + (lines.get(1).endsWith("0") ? "1" : "0");
    Files.write(file, List.of(lines.get(0), broken, lines.get(2)), StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> SpentCoins.open(dir, CLOCK));
    assertEquals("spent-coin list " + file + " line 2 is corrupt: bad checksum", e.getMessage());
  }

  @Test
  void fileThatIsNotASpentCoinListIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("spent-coins"), "hello\n");
    IOException e = assertThrows(IOException.class, () -> SpentCoins.open(dir, CLOCK));
    assertEquals(file.toAbsolutePath() + " is not a spent-coin list (first line is not jukebox-spent-coins 1)",
        e.getMessage());
  }

  @Test
  void secondOpenOfTheSameListIsRefusedWhileTheFirstHoldsIt() throws Exception {
    try (SpentCoins list = SpentCoins.open(dir, CLOCK)) {
      IOException e = assertThrows(IOException.class, () -> SpentCoins.open(dir, CLOCK));
      assertEquals("spent-coin list " + list.file() + " is in use by another process", e.getMessage());
    }
  }

  @Test
  void closedListRefusesToRecordAndCloseIsIdempotent() throws Exception {
    SpentCoins list = SpentCoins.open(dir, CLOCK);
    list.close();
    list.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> list.markSpent(BANK.mint(1).coin()));
    assertEquals("spent-coin list closed", e.getMessage());
  }

  @Test
  void sameSerialFromAnotherBankIsAnotherCoin() throws Exception {
    Coin ours = BANK.mint(1).coin();
    byte[] theirs = ours.encode();
    byte[] otherId = "jukebox-banc".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(otherId, 0, theirs, 1 + Coin.SERIAL_BYTES + 8 + 1, otherId.length);
    try (SpentCoins list = SpentCoins.open(dir, CLOCK)) {
      assertTrue(list.markSpent(ours));
      assertTrue(list.markSpent(Coin.decode(theirs)));
    }
  }
}
