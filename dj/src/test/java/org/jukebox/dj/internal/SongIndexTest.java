package org.jukebox.dj.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jukebox.api.SongId;
import org.junit.jupiter.api.Test;

class SongIndexTest {
  @Test
  void findsEqualIdsAcrossGrowthAndMissesOthers() {
    SongIndex index = new SongIndex();
    for (int i = 0; i < 5000; i++) {
      index.put(new SongId("song-" + i), i);
    }
    for (int i = 0; i < 5000; i++) {
      assertEquals(i, index.get(new SongId("song-" + i)), "a different but equal SongId instance");
    }
    assertEquals(-1, index.get(new SongId("song-5000")));
    // Equal string hashes, different ids ("Aa" and "BB" collide).
    index.put(new SongId("Aa"), 7);
    index.put(new SongId("BB"), 8);
    assertEquals(7, index.get(new SongId("Aa")));
    assertEquals(8, index.get(new SongId("BB")));
  }
}
