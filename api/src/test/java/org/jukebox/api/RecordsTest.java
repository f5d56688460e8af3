package org.jukebox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {
  private static Song song(String title, String artist, String album) {
    return new Song(new SongId("s:1"), title, artist, album, 1, 1, 2024, "Jazz", Duration.ofSeconds(200),
        192, 44_100, false, 4_800_000, "audio/mpeg");
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void songIdCannotNameAPath() {
    assertEquals("song id has illegal character '/': ../etc/passwd", message(() -> new SongId("../etc/passwd")));
    assertEquals("song id is blank", message(() -> new SongId(" ")));
    assertEquals("song id longer than 200: 201", message(() -> new SongId("a".repeat(201))));
  }

  @Test
  void songRejectsImpossibleValuesNamingTheField() {
    assertEquals("title is blank", message(() -> song("", "a", "b")));
    assertEquals("track < 0: -1", message(() -> new Song(new SongId("s:1"), "t", "", "", -1, 0, 0, "",
        Duration.ZERO, 0, 0, false, 0, "audio/mpeg")));
    assertEquals("duration < 0: PT-1S", message(() -> new Song(new SongId("s:1"), "t", "", "", 0, 0, 0, "",
        Duration.ofSeconds(-1), 0, 0, false, 0, "audio/mpeg")));
  }

  @Test
  void songMatchesEveryWordInTitleArtistOrAlbumIgnoringCase() {
    Song s = song("Blue in Green", "Miles Davis", "Kind of Blue");
    assertTrue(s.matches("miles GREEN"));
    assertTrue(s.matches("  kind  "));
    assertFalse(s.matches("miles coltrane"));
  }

  @Test
  void leaseMustBePositive() {
    assertEquals("lease duration <= 0: PT0S", message(() -> new Lease(new LeaseId("x"), Duration.ZERO)));
  }

  @Test
  void coverArtIsCopiedInAndOut() {
    byte[] data = {1, 2, 3};
    CoverArt art = new CoverArt("image/png", data);
    data[0] = 9;
    assertEquals(1, art.data()[0]);
    assertNotSame(art.data(), art.data());
    assertEquals(new CoverArt("image/png", new byte[] {1, 2, 3}), art);
    assertEquals("cover art data is empty", message(() -> new CoverArt("image/png", new byte[0])));
  }

  @Test
  void deltaCannotGoBackwardsUnlessFull() {
    SoundSmithId id = new SoundSmithId("alice");
    assertEquals("toVersion < fromVersion: 3 < 5", message(() -> new CatalogDelta(id, 5, 3, false, List.of(), List.of())));
    assertTrue(new CatalogDelta(id, 5, 5, false, List.of(), List.of()).isEmpty());
    assertFalse(new CatalogDelta(id, 0, 3, true, List.of(), List.of()).isEmpty());
  }

  @Test
  void ticketKeepsItsUrlOutOfItsString() {
    StreamTicket t = new StreamTicket(new SongId("s:1"), URI.create("http://127.0.0.1:1/stream/SECRET"),
        Duration.ofSeconds(30), "audio/mpeg", 10);
    assertFalse(t.toString().contains("SECRET"), t.toString());
  }

  @Test
  void recordsSurviveSerialization() throws Exception {
    Song s = song("Só Danço Samba", "João Gilberto", "東京");
    CatalogDelta delta = new CatalogDelta(new SoundSmithId("a"), 1, 2, false, List.of(s), List.of(new SongId("s:2")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(delta);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(delta, in.readObject());
    }
  }
}
