package org.jukebox.bench.dj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jukebox.api.EventKind;
import org.jukebox.api.ListeningEvent;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static final Shape SMALL = new Shape(400, 3_000, 80_000, 5, 42);

  @Test
  void theSameShapeAndSeedGiveTheSameHistoryAndAnotherSeedAnother() {
    History a = History.generate(SMALL);
    History b = History.generate(SMALL);
    History c = History.generate(new Shape(400, 3_000, 80_000, 5, 43));
    assertArrayEquals(a.user, b.user);
    assertArrayEquals(a.song, b.song);
    assertArrayEquals(a.kind, b.kind);
    assertArrayEquals(a.positionMillis, b.positionMillis);
    assertArrayEquals(a.score, b.score);
    assertArrayEquals(a.time, b.time);
    assertArrayEquals(a.songArtist, b.songArtist);
    assertFalse(Arrays.equals(a.song, c.song));
  }

  @Test
  void itHoldsExactlyTheEventsAskedInTimeOrderEachOneAValidApiEvent() {
    History h = History.generate(SMALL);
    assertEquals(80_000, h.size());
    Instant end = h.end();
    for (int i = 0; i < h.size(); i++) {
      if (i > 0) {
        assertTrue(h.time[i - 1] <= h.time[i], "event " + i + " out of order");
      }
      assertTrue(h.positionMillis[i] >= 0 && h.positionMillis[i] <= h.songLengthMillis[h.song[i]], "position " + i);
      ListeningEvent e = h.event(i, end); // the api record checks kind against score
      assertEquals(h.kind(i), e.kind());
    }
    Duration span = Duration.between(History.EPOCH, end);
    assertTrue(span.toDays() >= 160 && span.toDays() <= 200, "span " + span);
    // every listener's events are listed in time order
    for (int u = 0; u < 400; u++) {
      for (int k = h.userStart[u] + 1; k < h.userStart[u + 1]; k++) {
        assertTrue(h.time[h.userEvents[k - 1]] <= h.time[h.userEvents[k]]);
        assertEquals(u, h.user[h.userEvents[k]]);
      }
    }
    assertEquals(80_000, h.userStart[400]);
  }

  @Test
  void everyGroupPlaysOneOfItsFavouriteArtistsMostAndFinishesWhatItLikes() {
    History h = History.generate(SMALL);
    int groups = SMALL.groups();
    long[][] startsByArtist = new long[groups][SMALL.artists()];
    long likedStarts = 0;
    long likedFinishes = 0;
    long otherStarts = 0;
    long otherFinishes = 0;
    for (int i = 0; i < h.size(); i++) {
      int u = h.user[i];
      int s = h.song[i];
      boolean liked = h.liked(u, s);
      if (h.kind(i) == EventKind.STARTED) {
        startsByArtist[h.userGroup[u]][h.songArtist[s]]++;
        if (liked) {
          likedStarts++;
        } else {
          otherStarts++;
        }
      } else if (h.kind(i) == EventKind.FINISHED) {
        if (liked) {
          likedFinishes++;
        } else {
          otherFinishes++;
        }
      }
    }
    Set<Integer> allFavourites = new HashSet<>();
    for (int g = 0; g < groups; g++) {
      int top = 0;
      for (int a = 1; a < SMALL.artists(); a++) {
        if (startsByArtist[g][a] > startsByArtist[g][top]) {
          top = a;
        }
      }
      int favourite = top;
      assertTrue(Arrays.stream(h.groupArtists[g]).anyMatch(a -> a == favourite),
          "group " + g + " plays artist " + top + " most, not a favourite " + Arrays.toString(h.groupArtists[g]));
      for (int a : h.groupArtists[g]) {
        assertTrue(allFavourites.add(a), "artist " + a + " is the favourite of two groups");
      }
    }
    // planted: 80 % of liked songs played to the end, 20 % of the others
    double likedRate = likedFinishes / (double) likedStarts;
    double otherRate = otherFinishes / (double) otherStarts;
    assertTrue(likedRate > 0.77 && likedRate < 0.83, "liked finish rate " + likedRate);
    assertTrue(otherRate > 0.17 && otherRate < 0.23, "other finish rate " + otherRate);
  }

  @Test
  void popularityIsSkewed() {
    History h = History.generate(SMALL);
    int[] starts = new int[SMALL.songs()];
    int total = 0;
    for (int i = 0; i < h.size(); i++) {
      if (h.kind(i) == EventKind.STARTED) {
        starts[h.song[i]]++;
        total++;
      }
    }
    int[] sorted = starts.clone();
    Arrays.sort(sorted);
    long top = 0;
    for (int k = 0; k < SMALL.songs() / 100; k++) {
      top += sorted[sorted.length - 1 - k];
    }
    assertTrue(top > total / 5, "the top 1 % of songs have " + top + " of " + total + " plays");
    assertTrue(sorted[SMALL.songs() / 2] * 20 < sorted[sorted.length - 1], "median " + sorted[SMALL.songs() / 2]
        + ", top " + sorted[sorted.length - 1]);
  }

  @Test
  void shapesOutOfRangeAreRefused() {
    assertEquals("users < 1: 0",
        assertThrows(IllegalArgumentException.class, () -> new Shape(0, 100, 10, 1, 1)).getMessage());
    assertEquals("events > 8388608: 9000000",
        assertThrows(IllegalArgumentException.class, () -> new Shape(10, 100, 9_000_000, 1, 1)).getMessage());
    assertEquals("groups > songs / 2: 8 groups, 10 songs",
        assertThrows(IllegalArgumentException.class, () -> new Shape(10, 10, 100, 8, 1)).getMessage());
  }
}
