package org.jukebox.swing.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.jukebox.api.SongId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaylistStoreTest {
  @TempDir Path dir;

  @Test
  void savedPlaylistsLoadBackInOrderAndAreListedByName() throws Exception {
    PlaylistStore store = PlaylistStore.in(dir.resolve("playlists"));
    assertEquals(List.of(), store.names());
    store.save("Friday  ", List.of(SongIndexTest.song("b", "Two\tTabs", "X", "", 1, 1),
        SongIndexTest.song("a", "One", "", "", 1, 1)));
    store.save("coding", List.of());
    assertEquals(List.of("coding", "Friday"), store.names());
    assertEquals(List.of(new SongId("b"), new SongId("a")), store.load("Friday"));
    store.save("Friday", List.of(SongIndexTest.song("c", "Three", "", "", 1, 1)));
    assertEquals(List.of(new SongId("c")), store.load("Friday"));
    store.delete("coding");
    assertEquals(List.of("Friday"), store.names());
  }

  @Test
  void namesThatAreNoFileNamesAreRefusedWithTheReason() {
    PlaylistStore store = PlaylistStore.in(dir);
    assertEquals("playlist name is blank",
        assertThrows(IllegalArgumentException.class, () -> store.save("  ", List.of())).getMessage());
    assertEquals("playlist name has a character not allowed in a file name: /",
        assertThrows(IllegalArgumentException.class, () -> store.save("a/b", List.of())).getMessage());
    assertEquals("playlist name starts with a dot: ..",
        assertThrows(IllegalArgumentException.class, () -> store.load("..")).getMessage());
  }
}
