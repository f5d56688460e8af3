package org.jukebox.soundsmith.cd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TocTest {
  /** Vectors from libdiscid's and python-discid's own tests (first, last, lead-out, offsets). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1 22 303602 150 9700 25887 39297 53795 63735 77517 94877 107270 123552 135522 148422 161197 174790 192022 205545 218010 228700 239590 255470 266932 288750"
          + "|xUp1F2NkfP8s8jaeFn_Av3jNEI4-|370fce16",
      "1 15 258725 150 17510 33275 45910 57805 78310 94650 109580 132010 149160 165115 177710 203325 215555 235590"
          + "|TqvKjMu7dMliSfmVEBtrL7sBSno-|b60d770f",
      "2 11 225781 150 11512 34143 50747 63640 98491 123534 174410 195438 201127|6RDuz0d7.M5SVMLe1z4DP0yaEC8-|840bc20b",
      "1 1 44942 150|ANJa4DGYN_ktpzOwvVPtcjwP7mE-|02025501",
  })
  void discIdsMatchLibdiscid(String toc, String musicBrainz, String freedb) {
    Toc t = Toc.parse(toc);
    assertEquals(musicBrainz, t.musicBrainzId());
    assertEquals(freedb, t.freedbId());
    assertEquals(toc, t.toString());
  }

  @Test
  void cddbQueryListsIdCountOffsetsAndSeconds() {
    Toc t = Toc.parse("1 3 30000 150 10000 20000");
    assertEquals(t.freedbId() + " 3 150 10000 20000 400", t.cddbQuery());
  }

  @Test
  void tracksKnowTheirFramesAndDurations() {
    Toc t = Toc.parse("2 3 7650 150 3900");
    assertEquals(2, t.trackCount());
    assertEquals(3750, t.frames(2));
    assertEquals(Duration.ofSeconds(50), t.duration(2));
    assertEquals(Duration.ofSeconds(50), t.duration(3));
    assertEquals(3900, t.offset(3));
    assertEquals(Duration.ofSeconds(100), t.duration());
  }

  @Test
  void malformedTablesAreRefusedNamingTheProblem() {
    assertEquals("first track not in 1..99: 0",
        assertThrows(IllegalArgumentException.class, () -> Toc.of(0, 1, 500, List.of(150))).getMessage());
    assertEquals("last track not in 3..99: 2",
        assertThrows(IllegalArgumentException.class, () -> Toc.of(3, 2, 500, List.of())).getMessage());
    assertEquals("tracks 1..2 need 2 offsets, got 1",
        assertThrows(IllegalArgumentException.class, () -> Toc.of(1, 2, 500, List.of(150))).getMessage());
    assertEquals("track 1 starts before frame 150: 0",
        assertThrows(IllegalArgumentException.class, () -> Toc.of(1, 1, 500, List.of(0))).getMessage());
    assertEquals("track 2 does not start after track 1: 150",
        assertThrows(IllegalArgumentException.class, () -> Toc.of(1, 2, 500, List.of(150, 150))).getMessage());
    assertEquals("lead-out 400 is not after the last track's start 400",
        assertThrows(IllegalArgumentException.class, () -> Toc.of(1, 1, 400, List.of(400))).getMessage());
    assertEquals("not a number in the TOC: \"x\"",
        assertThrows(IllegalArgumentException.class, () -> Toc.parse("1 1 x 150")).getMessage());
    assertEquals("a TOC is \"FIRST LAST LEADOUT OFFSET...\", got: \"1 1\"",
        assertThrows(IllegalArgumentException.class, () -> Toc.parse(" 1 1 ")).getMessage());
    assertEquals("no track 4 on a disc of tracks 2..3",
        assertThrows(IllegalArgumentException.class, () -> Toc.parse("2 3 7650 150 3900").frames(4)).getMessage());
  }
}
