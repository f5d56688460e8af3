package org.jukebox.swing.controller;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.junit.jupiter.api.Test;

class SongIndexTest {
  static Song song(String id, String title, String artist, String album, int track, int seconds) {
    return new Song(new SongId(id), title, artist, album, track, 1, 2020, "", Duration.ofSeconds(seconds), 128, 44100,
        false, 1000, "audio/mpeg");
  }

  private final SongIndex index = SongIndex.of(List.of(
      new SongRow(song("a", "Cumulus", "The Square Waves", "Chiptune Weather", 2, 200), "Alice's MP3s", "mp3"),
      new SongRow(song("b", "Low Pressure", "The Square Waves", "Chiptune Weather", 1, 100), "Alice's MP3s", "mp3"),
      new SongRow(song("c", "Despertar", "Ana Lucía Peñalver", "Mañanas de Café", 1, 300), "Bob's CD", "cd")));

  @Test
  void everyWordMustAppearInTitleArtistAlbumOrSourceIgnoringCase() {
    assertArrayEquals(new int[] {0, 1, 2}, index.filter("", null, null));
    assertArrayEquals(new int[] {0, 1}, index.filter("square", null, null));
    assertArrayEquals(new int[] {0}, index.filter("  WAVES   cumu ", null, null));
    assertArrayEquals(new int[] {2}, index.filter("bob's peñalver", null, null));
    assertArrayEquals(new int[0], index.filter("square café", null, null));
  }

  @Test
  void scopeNarrowsToAnArtistAndOneOfTheirAlbums() {
    assertArrayEquals(new int[] {2}, index.filter("", "Ana Lucía Peñalver", null));
    assertArrayEquals(new int[] {0, 1}, index.filter("", "The Square Waves", "Chiptune Weather"));
    assertArrayEquals(new int[0], index.filter("", "The Square Waves", "Mañanas de Café"));
  }

  @Test
  void narrowingAnEarlierResultFindsWhatAFullScanFinds() {
    int[] wide = index.filter("w", null, null);
    assertTrue(SongIndex.narrows("w", "wav"));
    assertTrue(SongIndex.narrows("wav", "waves cum"));
    assertFalse(SongIndex.narrows("waves", "wave"));
    assertFalse(SongIndex.narrows("a b", "b"));
    assertArrayEquals(index.filter("waves cum", null, null), index.narrow(wide, "waves cum", null, null));
  }

  @Test
  void sortsByAColumnEitherWayWithIndexOrderBreakingTies() {
    int[] all = index.filter("", null, null);
    assertArrayEquals(new int[] {1, 0, 2}, index.sort(all, Column.LENGTH, true));
    assertArrayEquals(new int[] {2, 0, 1}, index.sort(all, Column.LENGTH, false));
    // Ties (same artist, same kind) keep the index's order (the catalog's, in the client); reversed when descending.
    assertArrayEquals(new int[] {2, 0, 1}, index.sort(all, Column.ARTIST, true));
    assertArrayEquals(new int[] {2, 0, 1}, index.sort(all, Column.KIND, true));
    assertArrayEquals(new int[] {1, 0, 2}, index.sort(all, Column.KIND, false));
    assertArrayEquals(new int[] {1, 0}, index.sort(new int[] {0, 1}, Column.TRACK, true));
    assertEquals("3:20", Column.LENGTH.value(index.row(0)));
    assertEquals("CD", Column.KIND.value(index.row(2)));
  }

  @Test
  void treeListsArtistsAndTheirAlbumsInOrder() {
    assertEquals(List.of("Ana Lucía Peñalver", "The Square Waves"), List.copyOf(index.artistsAndAlbums().keySet()));
    assertEquals(List.of("Chiptune Weather"), index.artistsAndAlbums().get("The Square Waves"));
  }
}
