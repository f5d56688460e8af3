package org.jukebox.soundsmith;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.jukebox.api.CoverArt;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmithId;
import org.jukebox.soundsmith.internal.mp3.Mp3Metadata;
import org.jukebox.soundsmith.internal.mp3.Mp3Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleLibraryTest {
  @TempDir
  Path dir;

  @Test
  void sampleLibraryIsIdempotentAndIndexable() throws Exception {
    Path music = dir.resolve("music");
    List<Path> files = SampleLibrary.write(music);
    assertEquals(11, files.size());
    long totalMillis = 0;
    Set<String> artists = new HashSet<>();
    Set<String> albums = new HashSet<>();
    Map<String, CoverArt> coverByAlbum = new HashMap<>();
    for (Path f : files) {
      assertTrue(Files.isRegularFile(f), f.toString());
      Mp3Metadata m = Mp3Reader.read(f);
      totalMillis += m.durationMillis();
      artists.add(m.artist());
      albums.add(m.album());
      assertTrue(m.track() >= 1 && m.year() >= 2019 && !m.genre().isEmpty() && m.hasCoverArt(), m.toString());
      assertEquals(44100, m.sampleRateHz());
      assertEquals(128, m.bitrateKbps());
      CoverArt art = Mp3Reader.coverArt(f).orElseThrow();
      assertNotNull(ImageIO.read(new ByteArrayInputStream(art.data())), "cover of " + f + " is an image");
      CoverArt previous = coverByAlbum.putIfAbsent(m.album(), art);
      assertTrue(previous == null || previous.equals(art), "one cover per album");
    }
    assertTrue(totalMillis >= 150_000, "a few minutes of audio: " + totalMillis);
    assertTrue(artists.contains("Ana Lucía Peñalver"), artists.toString());
    assertTrue(albums.contains("夜の電車 (Night Train)"), albums.toString());
    assertEquals(3, new HashSet<>(coverByAlbum.values()).size());
    // Different songs are different audio, not one tune copied.
    Set<Integer> hashes = files.stream().map(SampleLibraryTest::audioHash).collect(Collectors.toSet());
    assertEquals(files.size(), hashes.size());

    Map<Path, FileTime> times = new HashMap<>();
    for (Path f : files) {
      times.put(f, Files.getLastModifiedTime(f));
    }
    assertEquals(files, SampleLibrary.write(music));
    for (Path f : files) {
      assertEquals(times.get(f), Files.getLastModifiedTime(f), "second call left " + f + " alone");
    }

    // A missing song is made again, the others stay.
    Files.delete(files.get(4));
    SampleLibrary.write(music);
    assertTrue(Files.isRegularFile(files.get(4)));
    assertEquals(times.get(files.get(0)), Files.getLastModifiedTime(files.get(0)));

    try (Mp3SoundSmith smith = Mp3SoundSmith.builder(music, dir.resolve("data"),
        SoundSmithConfig.builder(new SoundSmithId("sample"), "Samples").build()).build()) {
      smith.start();
      assertEquals(11, smith.initialScan().get(30, SECONDS).upserts());
      List<Song> songs = smith.catalog(0).upserts();
      assertEquals(11, songs.size());
      assertTrue(songs.stream().allMatch(Song::hasCoverArt));
      assertEquals(4, smith.search("chiptune", 10).size());
      assertEquals(List.of("Clear Night ★"), smith.search("night ★", 10).stream().map(Song::title).toList());
    }
  }

  private static int audioHash(Path f) {
    try {
      byte[] b = Files.readAllBytes(f);
      return java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(b, b.length - 20_000, b.length));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void toneHasTheAskedLengthAndRefusesNonsense() throws Exception {
    byte[] mp3 = SampleLibrary.encodeTone(220, 3);
    Path f = dir.resolve("t.mp3");
    Files.write(f, mp3);
    assertEquals(3000, Mp3Reader.read(f).durationMillis(), 60);
    assertEquals("frequencyHz <= 0: 0.0",
        assertThrows(IllegalArgumentException.class, () -> SampleLibrary.encodeTone(0, 1)).getMessage());
    assertEquals("seconds not in (0, 3600]: -1.0",
        assertThrows(IllegalArgumentException.class, () -> SampleLibrary.encodeTone(440, -1)).getMessage());
  }

  @Test
  void manyFilesShareOneEncodingBehindDifferentTags() throws Exception {
    byte[] audio = SampleLibrary.encodeTone(330, 1);
    for (int i = 0; i < 50; i++) {
      SampleLibrary.writeTagged(dir.resolve("bulk/" + i + ".mp3"), audio,
          SampleLibrary.Tags.titled("Bulk " + i).withTrack(i + 1, 50));
    }
    Mp3Metadata m = Mp3Reader.read(dir.resolve("bulk/49.mp3"));
    assertEquals("Bulk 49", m.title());
    assertEquals(50, m.track());
    try (var listing = Files.list(dir.resolve("bulk"))) {
      assertEquals(50, listing.count(), "no temporary files are left behind");
    }
  }
}
