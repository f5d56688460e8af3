package org.jukebox.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.junit.jupiter.api.Test;

/** A CD track ripped to MP3 is one song in the client's catalog: the MP3, with the CD copy behind it. */
class MergedCatalogRipTest {
  private static final SoundSmithId CD = new SoundSmithId("cd-smith");
  private static final SoundSmithId MP3 = new SoundSmithId("mp3-smith");

  private static Song song(SoundSmithId smith, String key, String title, int track, long millis, String type) {
    return new Song(new SongId(smith.value() + ":" + key), title, "The Jukebox Quartet", "Sample Disc", track, 0, 2026,
        "Instrumental", Duration.ofMillis(millis), type.equals("audio/mpeg") ? 192 : 1411, 44_100, false, 1000, type);
  }

  private static CatalogDelta full(SoundSmithId smith, Song... songs) {
    return new CatalogDelta(smith, 0, 1, true, List.of(songs), List.of());
  }

  private static List<String> listed(MergedCatalog c) {
    return c.songs().stream().map(l -> l.song().id().value()).toList();
  }

  @Test
  void aRippedTrackIsListedOnceAsTheMp3AndTheCdCopyComesBackWhenTheMp3Goes() {
    MergedCatalog c = new MergedCatalog();
    Song cd1 = song(CD, "disc-t01", "Lead-in Waltz", 1, 7000, "audio/basic");
    Song cd2 = song(CD, "disc-t02", "Pregap Blues", 2, 10000, "audio/basic");
    c.apply(full(CD, cd1, cd2), SoundSmithInfo.KIND_CD);
    Song mp3 = song(MP3, "a1b2", "lead-in waltz ", 1, 7065, "audio/mpeg");

    c.apply(full(MP3, mp3), SoundSmithInfo.KIND_MP3);

    assertEquals(List.of("mp3-smith:a1b2", "cd-smith:disc-t02"), listed(c));
    assertEquals(List.of(mp3), c.search("waltz", 10));
    assertTrue(c.find(cd1.id()).isPresent(), "the CD copy is still there to fall back on");

    c.drop(MP3);

    assertEquals(List.of("cd-smith:disc-t01", "cd-smith:disc-t02"), listed(c));
  }

  @Test
  void anotherRecordingWithTheSameNamesOrASoundSmithOfUnknownKindIsNotMerged() {
    MergedCatalog c = new MergedCatalog();
    c.apply(full(CD, song(CD, "disc-t01", "Lead-in Waltz", 1, 7000, "audio/basic")), SoundSmithInfo.KIND_CD);
    c.apply(full(MP3, song(MP3, "live", "Lead-in Waltz", 1, 9500, "audio/mpeg")), SoundSmithInfo.KIND_MP3);
    c.apply(full(new SoundSmithId("other"), song(new SoundSmithId("other"), "x", "Lead-in Waltz", 1, 7000,
        "audio/mpeg")));

    assertEquals(3, c.size(), "2.5 s apart is another take; a kind never told is not an MP3 SoundSmith");
  }
}
