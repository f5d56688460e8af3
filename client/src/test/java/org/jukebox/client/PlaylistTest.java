package org.jukebox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.Song;
import org.junit.jupiter.api.Test;

class PlaylistTest {
  private static Song song(String title) {
    return FakeSoundSmith.song("s:" + title, title, "Artist", "Album", 1, 1, Duration.ofMinutes(3), 1000);
  }

  private static final List<Song> FIVE = List.of(song("a"), song("b"), song("c"), song("d"), song("e"));

  private static String title(Optional<Song> s) {
    return s.map(Song::title).orElse("-");
  }

  @Test
  void playlistShuffleNeverRepeatsImmediately() {
    for (int seed = 0; seed < 20; seed++) {
      Playlist p = Playlist.create(new Random(seed));
      p.addAll(FIVE);
      p.setShuffle(true);
      p.setRepeat(Repeat.ALL);
      List<String> played = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String peeked = title(p.peekNext());
        String next = title(p.next());
        assertEquals(peeked, next, "peekNext() announces what next() does");
        played.add(next);
      }
      for (int i = 1; i < played.size(); i++) {
        assertNotEquals(played.get(i - 1), played.get(i), "seed " + seed + ": " + played);
      }
      for (int round = 0; round < 20; round++) {
        assertEquals(5, new HashSet<>(played.subList(round * 5, round * 5 + 5)).size(),
            "seed " + seed + ": every song once per round: " + played);
      }
    }
    // Not simply the playlist order, and different seeds give different orders.
    Playlist a = Playlist.create(new Random(1));
    Playlist b = Playlist.create(new Random(2));
    List<String> orderA = new ArrayList<>();
    List<String> orderB = new ArrayList<>();
    for (Playlist p : List.of(a, b)) {
      p.addAll(FIVE);
      p.setShuffle(true);
    }
    for (int i = 0; i < 5; i++) {
      orderA.add(title(a.next()));
      orderB.add(title(b.next()));
    }
    assertEquals("-", title(a.next()), "with repeat off, shuffle ends after one round");
    assertNotEquals(orderA, orderB);
  }

  @Test
  void shuffleOfOneSongWithRepeatAllRepeatsIt() {
    Playlist p = Playlist.create(new Random(0));
    p.add(song("only"));
    p.setShuffle(true);
    p.setRepeat(Repeat.ALL);
    assertEquals("only", title(p.next()));
    assertEquals("only", title(p.next()));
  }

  @Test
  void inOrderPlaybackStopsOrWrapsAtTheEnd() {
    Playlist p = Playlist.create();
    p.addAll(FIVE.subList(0, 3));
    assertEquals(-1, p.currentIndex());
    assertEquals(List.of("a", "b", "c", "-"), List.of(title(p.next()), title(p.next()), title(p.next()), title(p.next())));
    assertEquals(-1, p.currentIndex(), "after the end nothing is current");
    p.setRepeat(Repeat.ALL);
    assertEquals(List.of("a", "b", "c", "a"), List.of(title(p.next()), title(p.next()), title(p.next()), title(p.next())));
    assertEquals(0, p.currentIndex());
    assertEquals("c", title(p.previous()), "previous from the first wraps with repeat all");
    p.setRepeat(Repeat.OFF);
    p.select(0);
    assertEquals("a", title(p.previous()), "previous from the first stays there with repeat off");
  }

  @Test
  void removingTheCurrentSongContinuesWithTheOneAfterIt() {
    Playlist p = Playlist.create();
    p.addAll(FIVE);
    p.select(2);
    assertEquals("c", p.remove(2).title());
    assertEquals(Optional.empty(), p.current());
    assertEquals("d", title(p.next()));
    p.remove(0);
    assertEquals(1, p.currentIndex(), "removing before the current song shifts its index");
    assertEquals("d", title(p.current()));
  }

  @Test
  void moveReordersAroundTheCurrentSong() {
    Playlist p = Playlist.create();
    p.addAll(FIVE);
    p.select(0);
    p.move(4, 1);
    assertEquals(List.of("a", "e", "b", "c", "d"), p.songs().stream().map(Song::title).toList());
    assertEquals("e", title(p.next()));
    p.clear();
    assertTrue(p.isEmpty());
    assertEquals("-", title(p.next()));
  }

  @Test
  void listenersHearEveryChangeAndBadIndicesAreRefused() {
    Playlist p = Playlist.create();
    AtomicInteger changes = new AtomicInteger();
    p.addListener(pl -> changes.incrementAndGet());
    p.addAll(FIVE.subList(0, 2));
    p.next();
    p.setShuffle(true);
    assertEquals(3, changes.get());
    assertEquals("Index 2 out of bounds for length 2",
        assertThrows(IndexOutOfBoundsException.class, () -> p.select(2)).getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> p.move(0, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> p.remove(-1));
  }
}
