package org.jukebox.soundsmith.cddb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jukebox.soundsmith.cddb.CddbResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmcdDatabaseTest {
  @TempDir Path root;

  @Test
  void entryIsFoundByDiscIdInItsCategory() throws Exception {
    XmcdFixtures.write(root, "newage", "1b019003", XmcdFixtures.NIGHT_TRAIN);

    CddbResult r = XmcdDatabase.open(root).lookup(XmcdFixtures.NIGHT_TRAIN_TOC);

    assertEquals(Outcome.FOUND, r.outcome());
    assertEquals("found newage/1b019003 at " + root.toAbsolutePath(), r.message());
    assertEquals(List.of(new CddbMatch("newage", "1b019003", "Hoshino Collective / 夜の電車 (Night Train)")), r.matches());
    assertEquals("夜の電車 (Night Train)", r.entry().orElseThrow().album());
  }

  @Test
  void collidingIdsInSeveralCategoriesChooseTheFirstThatFitsTheDisc() throws Exception {
    XmcdFixtures.write(root, "blues", "0e031e04", XmcdFixtures.COLLIDING_THREE_TRACKS);
    XmcdFixtures.write(root, "rock", "0e031e04", XmcdFixtures.CAFE, StandardCharsets.ISO_8859_1);
    XmcdFixtures.write(root, "soundtrack", "0e031e04", XmcdFixtures.COMPILATION);

    CddbResult r = XmcdDatabase.open(root).lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Outcome.FOUND, r.outcome());
    assertEquals("3 matches for 0e031e04 at " + root.toAbsolutePath()
        + " (blues/0e031e04, rock/0e031e04, soundtrack/0e031e04); chose rock/0e031e04, the first with the disc's own id"
        + " that matches the disc", r.message());
    assertEquals("Ana Lucía Peñalver", r.entry().orElseThrow().artist());
  }

  @Test
  void anEntryWithSeveralDiscIdsIsFoundUnderTheOtherPressingsId() throws Exception {
    XmcdFixtures.write(root, "misc", "11032004", XmcdFixtures.COMPILATION);

    CddbResult r = XmcdDatabase.open(root).lookup(XmcdFixtures.CAFE_OTHER_PRESSING_TOC);

    assertEquals(Outcome.FOUND, r.outcome());
    assertEquals(List.of("0e031e04", "11032004"), r.entry().orElseThrow().discIds());
  }

  @Test
  void missingEntryIsNoMatch() {
    CddbResult r = XmcdDatabase.open(root).lookup(XmcdFixtures.CAFE_TOC);
    assertEquals(Outcome.NOT_FOUND, r.outcome());
    assertEquals("no match for 0e031e04 at " + root.toAbsolutePath(), r.message());
  }

  @Test
  void onlyANonFittingEntryIsAMismatch() throws Exception {
    XmcdFixtures.write(root, "blues", "0e031e04", XmcdFixtures.COLLIDING_THREE_TRACKS);
    CddbResult r = XmcdDatabase.open(root).lookup(XmcdFixtures.CAFE_TOC);
    assertEquals(Outcome.MISMATCH, r.outcome());
    assertEquals("no entry at " + root.toAbsolutePath()
        + " matches disc 0e031e04: blues/0e031e04: 3 tracks in the entry, 4 on the disc", r.message());
  }

  @Test
  void unreadableEntryIsMalformedWithItsReasonWhileAGoodOneStillWins() throws Exception {
    XmcdFixtures.write(root, "jazz", "0e031e04", "DISCID=0e031e04\nDTITLE=x / y\n");
    CddbResult r = XmcdDatabase.open(root).lookup(XmcdFixtures.CAFE_TOC);
    assertEquals(Outcome.MALFORMED, r.outcome());
    assertEquals("malformed entry at " + root.toAbsolutePath() + ": jazz/0e031e04: no TTITLE0", r.message());

    XmcdFixtures.write(root, "rock", "0e031e04", XmcdFixtures.CAFE);
    assertEquals(Outcome.FOUND, XmcdDatabase.open(root).lookup(XmcdFixtures.CAFE_TOC).outcome());
  }

  @Test
  void aFileWhereAFolderShouldBeIsRefused() throws Exception {
    Path file = Files.writeString(root.resolve("file"), "x");
    assertEquals("xmcd database is not a folder: " + file.toAbsolutePath(),
        assertThrows(IllegalArgumentException.class, () -> XmcdDatabase.open(file)).getMessage());
  }
}
