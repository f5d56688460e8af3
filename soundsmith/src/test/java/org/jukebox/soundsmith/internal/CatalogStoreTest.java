package org.jukebox.soundsmith.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithId;
import org.jukebox.soundsmith.MediaSource;
import org.jukebox.soundsmith.SoundSmithServer.CatalogChange;
import org.jukebox.soundsmith.SoundSmithServer.CatalogEntry;
import org.jukebox.soundsmith.SoundSmithServer.CatalogSnapshot;
import org.junit.jupiter.api.Test;

class CatalogStoreTest {
  private static final MediaSource ONE_BYTE = MediaSource.ofBytes(new byte[1], "audio/mpeg");

  private static Song song(String key, String title) {
    return new Song(new SongId("s:" + key), title, "Artist", "Album", 1, 1, 0, "", Duration.ZERO, 0, 0, false, 1, "audio/mpeg");
  }

  private static CatalogChange put(Song s) {
    return CatalogChange.put(s, ONE_BYTE);
  }

  @Test
  void batchesBumpTheVersionOnceAndNoOpsNotAtAll() {
    CatalogStore store = new CatalogStore(new SoundSmithId("s"));
    assertEquals(0, store.version());
    assertEquals(1, store.apply(List.of(put(song("a", "A")), put(song("b", "B")))));
    assertEquals(1, store.apply(List.of(put(song("a", "A")), CatalogChange.remove(new SongId("s:zz")))));
    // within a batch the last change to an id wins: putting and removing a new id is nothing
    assertEquals(1, store.apply(List.of(put(song("c", "C")), CatalogChange.remove(new SongId("s:c")))));
    assertEquals(2, store.apply(List.of(put(song("c", "C")))));
    assertEquals(3, store.apply(List.of(CatalogChange.remove(new SongId("s:c")))));
    assertEquals(2, store.size());
    assertEquals(List.of(new SongId("s:c")), store.delta(2).removed());
    assertEquals(List.of(), store.delta(2).upserts());
  }

  @Test
  void laterChangeToTheSameIdWinsWithinABatch() {
    CatalogStore store = new CatalogStore(new SoundSmithId("s"));
    store.apply(List.of(put(song("a", "A")), CatalogChange.remove(new SongId("s:a")), put(song("a", "A2"))));
    assertEquals("A2", store.entry(new SongId("s:a")).orElseThrow().song().title());
    CatalogDelta d = store.delta(0);
    assertEquals(1, d.upserts().size());
  }

  @Test
  void forgettingOldRemovalsRaisesTheHorizon() {
    CatalogStore store = new CatalogStore(new SoundSmithId("s"), 2);
    for (String k : List.of("a", "b", "c", "d")) {
      store.apply(List.of(put(song(k, k))));
    } // version 4
    store.apply(List.of(CatalogChange.remove(new SongId("s:a")))); // 5
    store.apply(List.of(CatalogChange.remove(new SongId("s:b")))); // 6
    assertFalse(store.delta(4).full());
    assertEquals(List.of(new SongId("s:a"), new SongId("s:b")), store.delta(4).removed());
    store.apply(List.of(CatalogChange.remove(new SongId("s:c")))); // 7: forgets the removal at 5
    assertTrue(store.delta(4).full(), "a client at 4 might have missed the removal at 5");
    CatalogDelta at5 = store.delta(5);
    assertFalse(at5.full());
    assertEquals(Set.of(new SongId("s:b"), new SongId("s:c")), Set.copyOf(at5.removed()));
  }

  @Test
  void restoreChecksItsInput() {
    CatalogStore store = new CatalogStore(new SoundSmithId("s"));
    Song a = song("a", "A");
    IllegalArgumentException tooNew = assertThrows(IllegalArgumentException.class,
        () -> store.restore(new CatalogSnapshot(3, List.of(new CatalogEntry(a, ONE_BYTE, 4)))));
    assertEquals("song s:a has version 4 > catalog version 3", tooNew.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> store.restore(new CatalogSnapshot(3, List.of(new CatalogEntry(a, ONE_BYTE, 1), new CatalogEntry(a, ONE_BYTE, 2)))));
    assertEquals("song s:a restored twice", twice.getMessage());
    store.restore(new CatalogSnapshot(3, List.of(new CatalogEntry(a, ONE_BYTE, 2))));
    assertEquals(3, store.version());
    assertEquals(2, store.entry(a.id()).orElseThrow().version());
    assertTrue(store.delta(2).full());
    assertTrue(store.delta(3).isEmpty());
  }

  @Test
  void concurrentWritersNeverLoseAVersion() throws Exception {
    CatalogStore store = new CatalogStore(new SoundSmithId("s"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            store.apply(List.of(put(song(thread + "-" + i, "T"))));
            store.search("t", 5);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2000, store.version());
    assertEquals(2000, store.size());
    assertEquals(2000, store.delta(0).upserts().size());
  }

  @Test
  void searchOverAHundredThousandSongsKeepsOnlyTheBest() {
    CatalogStore store = new CatalogStore(new SoundSmithId("s"));
    List<CatalogChange> batch = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      batch.add(CatalogChange.put(new Song(new SongId("s:" + i), "Title " + i, "Artist " + (i % 1000),
          "Album " + (i % 7), 1, i % 20, 0, "", Duration.ZERO, 0, 0, false, 1, "audio/mpeg"), ONE_BYTE));
    }
    assertEquals(1, store.apply(batch));
    List<Song> first = store.search("title", 3);
    assertEquals(3, first.size());
    assertEquals(List.of("Artist 0", "Artist 0", "Artist 0"), first.stream().map(Song::artist).toList());
    List<Song> sorted = new ArrayList<>(first);
    sorted.sort(CatalogStore.SONG_ORDER);
    assertEquals(sorted, first);
    assertEquals(1, store.search("title 99999", 10).size());
  }
}
