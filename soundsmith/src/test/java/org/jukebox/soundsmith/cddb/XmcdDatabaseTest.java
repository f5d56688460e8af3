package org.jukebox.soundsmith.cddb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jukebox.soundsmith.cd.DiscInfo;
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
  void anEntryPutIntoTheDatabaseIsFoundAndNamesTheDiscAsGiven() throws Exception {
    String extended = "Line one\\with a backslash\tand a tab\n" + "très long ".repeat(60);
    DiscInfo info = new DiscInfo("0e031e04", "Ana Lucía Peñalver", "Mañanas de Café", 2021, "Latin",
        List.of("Despertar", "Calle del Sol", "Pequeña Canción", "Último Tranvía"), List.of("", "", "", ""), extended.strip());
    XmcdDatabase db = XmcdDatabase.open(root);

    Path file = db.put("rock", XmcdFixtures.CAFE_TOC, info);

    assertEquals(root.toAbsolutePath().resolve("rock/0e031e04"), file);
    assertEquals(Optional.of(info), CddbDiscInfo.of(db).lookup(XmcdFixtures.CAFE_TOC));
    String text = Files.readString(file);
    assertTrue(text.lines().allMatch(l -> l.getBytes(StandardCharsets.UTF_8).length <= 256), text);
    assertTrue(text.contains("EXTD=Line one\\\\with a backslash\\tand a tab\\ntrès long"), text);
    assertEquals(List.of(150, 15000, 30000, 45000), XmcdParser.parse(text, "rock").trackOffsets());
  }

  @Test
  void aCompilationPutIntoTheDatabaseKeepsItsTrackArtists() throws Exception {
    DiscInfo info = new DiscInfo("1b019003", "Various", "Night Mix", 0, "", List.of("A", "B", "C"),
        List.of("One", "Two", "Three"), "");
    XmcdDatabase db = XmcdDatabase.open(root);
    db.put("misc", XmcdFixtures.NIGHT_TRAIN_TOC, info);
    assertEquals(Optional.of(new DiscInfo("1b019003", "Various", "Night Mix", 0, "misc", List.of("A", "B", "C"),
        List.of("One", "Two", "Three"), "")), CddbDiscInfo.of(db).lookup(XmcdFixtures.NIGHT_TRAIN_TOC));
    assertEquals("category must be 1 to 32 of [a-z0-9_-]: Rock Music",
        assertThrows(IllegalArgumentException.class, () -> db.put("Rock Music", XmcdFixtures.NIGHT_TRAIN_TOC, info))
            .getMessage());
    assertEquals("4 tracks on the disc, 3 titles",
        assertThrows(IllegalArgumentException.class, () -> db.put("misc", XmcdFixtures.CAFE_TOC, info)).getMessage());
  }

  @Test
  void aFileWhereAFolderShouldBeIsRefused() throws Exception {
    Path file = Files.writeString(root.resolve("file"), "x");
    assertEquals("xmcd database is not a folder: " + file.toAbsolutePath(),
        assertThrows(IllegalArgumentException.class, () -> XmcdDatabase.open(file)).getMessage());
  }
}
