package org.jukebox.soundsmith.cddb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmcdParserTest {
  @Test
  void entryWithAccentsMultiLineTitleAndEscapesIsReadExactly() throws Exception {
    CddbEntry e = XmcdParser.parse(XmcdFixtures.CAFE.getBytes(StandardCharsets.UTF_8), "rock");
    assertEquals("rock", e.category());
    assertEquals(List.of("0e031e04"), e.discIds());
    assertEquals("Ana Lucía Peñalver", e.artist());
    assertEquals("Mañanas de Café", e.album());
    assertEquals(2021, e.year());
    assertEquals("Latin", e.genre());
    assertEquals(List.of(
        new CddbEntry.Track(0, "Ana Lucía Peñalver", "Despertar", ""),
        new CddbEntry.Track(1, "Ana Lucía Peñalver", "Calle del Sol (versión larga, con la banda completa)", ""),
        new CddbEntry.Track(2, "Ana Lucía Peñalver", "Pequeña Canción", "Solo guitarra"),
        new CddbEntry.Track(3, "Ana Lucía Peñalver", "Último Tranvía", "")), e.tracks());
    assertEquals("Grabado en Sevilla.\nMezcla: R. Ortega\t2021 \\ edición limitada", e.extended());
    assertEquals(List.of(3, 2, 1, 0), e.playOrder());
    assertEquals(List.of(150, 15000, 30000, 45000), e.trackOffsets());
    assertEquals(800, e.discLengthSeconds());
    assertEquals(2, e.revision());
    assertEquals(List.of(), e.mismatches(XmcdFixtures.CAFE_TOC));
  }

  @Test
  void latin1BytesOfAnOldFreedbFileReadTheSameAsUtf8() throws Exception {
    CddbEntry utf8 = XmcdParser.parse(XmcdFixtures.CAFE.getBytes(StandardCharsets.UTF_8), "rock");
    CddbEntry latin1 = XmcdParser.parse(XmcdFixtures.CAFE.getBytes(StandardCharsets.ISO_8859_1), "rock");
    assertEquals("Ana Lucía Peñalver", latin1.artist());
    assertEquals(utf8.tracks(), latin1.tracks());
    assertEquals(utf8.extended(), latin1.extended());
  }

  @Test
  void japaneseTitlesFreeTextYearAndEmptyGenre() throws Exception {
    CddbEntry e = XmcdParser.parse(XmcdFixtures.NIGHT_TRAIN, "newage");
    assertEquals("Hoshino Collective", e.artist());
    assertEquals("夜の電車 (Night Train)", e.album());
    assertEquals(0, e.year());
    assertEquals("", e.genre());
    assertEquals(List.of("青い街灯", "Platform 7", "雨上がり"), e.tracks().stream().map(CddbEntry.Track::title).toList());
    assertEquals(List.of(), e.playOrder());
    assertEquals(List.of(150, 10150, 20150), e.trackOffsets());
    assertEquals(402, e.discLengthSeconds());
  }

  @Test
  void compilationTracksCarryTheirOwnArtistsAndSeveralDiscIdsAreKept() throws Exception {
    CddbEntry e = XmcdParser.parse(XmcdFixtures.COMPILATION, "misc");
    assertEquals(List.of("0e031e04", "11032004"), e.discIds());
    assertEquals("Various", e.artist());
    assertEquals("Summer Hits ★ 2024", e.album());
    assertEquals(List.of(
        new CddbEntry.Track(0, "The Square Waves", "Heat Index", ""),
        new CddbEntry.Track(1, "Ana Lucía Peñalver", "Calle del Sol", ""),
        new CddbEntry.Track(2, "AC/DC Tribute Band", "Highway", ""),
        new CddbEntry.Track(3, "Hoshino Collective", "雨上がり", "")), e.tracks());
  }

  @Test
  void titleWithoutSlashIsBothArtistAndAlbum() throws Exception {
    CddbEntry e = XmcdParser.parse(XmcdFixtures.NO_SLASH, "");
    assertEquals("Greatest Hits", e.artist());
    assertEquals("Greatest Hits", e.album());
    assertEquals("B", e.track(1).title());
    assertEquals("Greatest Hits", e.track(1).artist());
    assertEquals(List.of(), e.trackOffsets());
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.track(3));
    assertEquals("no track index 3 in an entry of 3 tracks", x.getMessage());
  }

  @Test
  void slashInsideATitleOfAnOrdinaryAlbumIsNotAnArtist() throws Exception {
    CddbEntry e = XmcdParser.parse("DISCID=1b019003\nDTITLE=Band / Album\nTTITLE0=Medley: A / B\nTTITLE1=C\n", "rock");
    assertEquals("Medley: A / B", e.track(0).title());
    assertEquals("Band", e.track(0).artist());
  }

  @Test
  void mismatchesNameTrackCountOffsetsAndLength() throws Exception {
    CddbEntry three = XmcdParser.parse(XmcdFixtures.COLLIDING_THREE_TRACKS, "blues");
    assertEquals(List.of("3 tracks in the entry, 4 on the disc"), three.mismatches(XmcdFixtures.CAFE_TOC));
    CddbEntry cafe = XmcdParser.parse(XmcdFixtures.CAFE, "rock");
    assertEquals(List.of(), cafe.mismatches(XmcdFixtures.CAFE_OTHER_PRESSING_TOC), "100 frames and 2 s are tolerated");
    CddbEntry moved = XmcdParser.parse(XmcdFixtures.CAFE.replace("#\t30000", "#\t30400"), "rock");
    assertEquals(List.of("track 3 starts at frame 30400 in the entry, 30000 on the disc"),
        moved.mismatches(XmcdFixtures.CAFE_TOC));
    CddbEntry longer = XmcdParser.parse(XmcdFixtures.CAFE.replace("800 seconds", "810 seconds"), "rock");
    assertEquals(List.of("disc length 810 s in the entry, 800 s on the disc"), longer.mismatches(XmcdFixtures.CAFE_TOC));
  }

  @Test
  void windowsLineEndsAndByteOrderMarkAreAccepted() throws Exception {
    byte[] bytes = ("\uFEFF" + XmcdFixtures.NIGHT_TRAIN.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
    CddbEntry e = XmcdParser.parse(bytes, "newage");
    assertEquals("雨上がり", e.track(2).title());
    assertEquals(List.of(150, 10150, 20150), e.trackOffsets());
  }

  @Test
  void malformedEntriesAreRefusedWithTheReason() {
    assertEquals("empty entry", refused(" \n"));
    assertEquals("line 2: not KEY=value: \"garbage here\"", refused("DISCID=1b019003\ngarbage here\n"));
    assertEquals("no DISCID", refused("DTITLE=A / B\nTTITLE0=x\n"));
    assertEquals("bad DISCID: \"12345\"", refused("DISCID=12345\nDTITLE=A / B\nTTITLE0=x\n"));
    assertEquals("no DTITLE", refused("DISCID=1b019003\nTTITLE0=x\n"));
    assertEquals("no TTITLE0", refused("DISCID=1b019003\nDTITLE=A / B\n"));
    assertEquals("missing TTITLE1", refused("DISCID=1b019003\nDTITLE=A / B\nTTITLE0=x\nTTITLE2=z\n"));
    assertEquals("line 3: bad track number in \"TTITLE\"", refused("DISCID=1b019003\nDTITLE=A / B\nTTITLE=x\n"));
    assertEquals("line 1: not a key: \"dtitle\"", refused("dtitle=x\n"));
  }

  private static String refused(String text) {
    return assertThrows(XmcdFormatException.class, () -> XmcdParser.parse(text, "rock")).getMessage();
  }
}
