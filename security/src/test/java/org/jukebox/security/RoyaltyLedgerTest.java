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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jukebox.api.SongId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoyaltyLedgerTest {
  private static final SongId S1 = new SongId("alice:1");
  private static final SongId S2 = new SongId("alice:2");
  private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("ledgers/royalties.log");
  }

  @Test
  void recordsEachPaidPlayWithTotalsPerSong() throws Exception {
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      assertTrue(l.record(S1, "c-1", T));
      assertTrue(l.record(S1, "c-2", T));
      assertTrue(l.record(S2, "c-3", T));
      assertEquals(2, l.plays(S1));
      assertEquals(1, l.plays(S2));
      assertEquals(0, l.plays(new SongId("alice:3")));
      assertEquals(Map.of(S1, 2L, S2, 1L), l.totals());
      assertEquals(3, l.entries());
    }
  }

  @Test
  void anAcknowledgedEntryIsInTheFileBeforeRecordReturns() throws Exception {
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      l.record(S1, "c-1", T);
      List<String> lines = Files.readAllLines(file());
      assertEquals(2, lines.size());
      assertEquals(RoyaltyLedger.HEADER, lines.get(0));
      assertTrue(lines.get(1).startsWith(T.toEpochMilli() + " alice:1 c-1 "), lines.get(1));
    }
  }

  @Test
  void entriesSurviveARestart() throws Exception {
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      l.record(S1, "c-1", T);
      l.record(S2, "c-2", T);
    }
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      assertEquals(Map.of(S1, 1L, S2, 1L), l.totals());
      assertTrue(l.isSpent("c-1"));
      assertFalse(l.record(S2, "c-1", T), "a coin pays once, across restarts too");
      assertTrue(l.record(S2, "c-3", T));
    }
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      assertEquals(Map.of(S1, 1L, S2, 2L), l.totals());
    }
  }

  @Test
  void aCoinPaysOnceAndARefusedCoinWritesNothing() throws Exception {
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      assertTrue(l.record(S1, "c-1", T));
      long size = Files.size(file());
      assertFalse(l.record(S2, "c-1", T));
      assertEquals(size, Files.size(file()));
      assertEquals(0, l.plays(S2));
    }
  }

  @Test
  void coinIdsWithAnyCharactersRoundTrip() throws Exception {
    String odd = "coin 1\nwith % and ü";
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      l.record(S1, odd, T);
    }
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      assertTrue(l.isSpent(odd));
      assertEquals(1, l.entries());
    }
  }

  @Test
  void aWriteTheCrashInterruptedIsCutOffAndLaterEntriesAppendCleanly() throws Exception {
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      l.record(S1, "c-1", T);
    }
    Files.writeString(file(), "1714564800000 alice:2 c-", StandardOpenOption.APPEND);
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      assertEquals(Map.of(S1, 1L), l.totals());
      l.record(S2, "c-2", T);
    }
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      assertEquals(Map.of(S1, 1L, S2, 1L), l.totals());
    }
    assertEquals(3, Files.readAllLines(file()).size());
  }

  @Test
  void aCorruptLastLineIsCutOff() throws Exception {
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      l.record(S1, "c-1", T);
    }
    Files.writeString(file(), "1714564800000 alice:2 c-2 deadbeef\n", StandardOpenOption.APPEND);
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      assertEquals(1, l.entries());
      assertFalse(l.isSpent("c-2"));
    }
  }

  @Test
  void aCorruptLineBeforeTheLastRefusesToOpen() throws Exception {
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      l.record(S1, "c-1", T);
      l.record(S1, "c-2", T);
    }
    List<String> lines = Files.readAllLines(file());
    lines.set(1, lines.get(1).replace("c-1", "c-9"));
    Files.write(file(), lines);
    IOException e = assertThrows(IOException.class, () -> RoyaltyLedger.open(file()));
    assertEquals("royalty ledger " + file().toAbsolutePath() + " line 2 is corrupt: bad checksum", e.getMessage());
  }

  @Test
  void aFileThatIsNotALedgerIsRefused() throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "hello\n");
    IOException e = assertThrows(IOException.class, () -> RoyaltyLedger.open(file()));
    assertEquals(file().toAbsolutePath() + " is not a royalty ledger (first line is not jukebox-royalties 1)",
        e.getMessage());
    assertEquals("hello\n", Files.readString(file(), StandardCharsets.UTF_8), "left as it was");
  }

  @Test
  void aLedgerOpenElsewhereIsRefused() throws Exception {
    try (RoyaltyLedger l = RoyaltyLedger.open(file())) {
      IOException e = assertThrows(IOException.class, () -> RoyaltyLedger.open(file()));
      assertEquals("royalty ledger " + file().toAbsolutePath() + " is in use by another process", e.getMessage());
      assertTrue(l.record(S1, "c-1", T));
    }
    RoyaltyLedger.open(file()).close();
  }

  @Test
  void misuseIsRefusedWithExactMessages() throws Exception {
    RoyaltyLedger l = RoyaltyLedger.open(file());
    assertEquals("coinId is blank",
        assertThrows(IllegalArgumentException.class, () -> l.record(S1, " ", T)).getMessage());
    l.close();
    l.close();
    assertEquals("royalty ledger closed",
        assertThrows(IllegalStateException.class, () -> l.record(S1, "c-1", T)).getMessage());
  }
}
