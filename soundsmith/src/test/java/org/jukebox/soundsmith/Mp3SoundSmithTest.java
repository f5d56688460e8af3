package org.jukebox.soundsmith;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.CoverArt;
import org.jukebox.api.NoCoverArtException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.StreamTicket;
import org.jukebox.soundsmith.Mp3Fixtures.LogCapture;
import org.jukebox.soundsmith.SampleLibrary.Tags;
import org.jukebox.soundsmith.internal.mp3.Mp3Reader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mp3SoundSmith over real files, real tags, real RMI export and real HTTP on loopback. */
class Mp3SoundSmithTest {
  private static final SoundSmithId ID = new SoundSmithId("mp3test");
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir
  Path tmp;

  private Path root;
  private Path data;
  private final List<Mp3SoundSmith> smiths = new ArrayList<>();
  private final AtomicInteger parses = new AtomicInteger();

  @BeforeEach
  void makeFolders() throws IOException {
    root = Files.createDirectories(tmp.resolve("music"));
    data = tmp.resolve("data");
  }

  @AfterEach
  void closeSmiths() {
    smiths.forEach(Mp3SoundSmith::close);
  }

  private Mp3SoundSmith build() {
    Mp3SoundSmith s = Mp3SoundSmith.builder(root, data, SoundSmithConfig.builder(ID, "Test MP3s").build())
        .debounce(Duration.ofMillis(100))
        .parser(file -> {
          parses.incrementAndGet();
          return Mp3Reader.read(file);
        })
        .build();
    smiths.add(s);
    return s;
  }

  private Mp3SoundSmith startAndScan() throws Exception {
    Mp3SoundSmith s = build();
    s.start();
    s.initialScan().get(DEADLINE.toSeconds(), SECONDS);
    return s;
  }

  private Path song(String relative, String title) throws IOException {
    Path file = root.resolve(relative);
    SampleLibrary.writeTagged(file, Mp3Fixtures.tone(), Tags.titled(title).withArtist("Ana Lucía").withAlbum("東京"));
    return file;
  }

  private static Map<String, Song> byTitle(Mp3SoundSmith s) {
    return s.catalog(0).upserts().stream().collect(Collectors.toMap(Song::title, Function.identity()));
  }

  private static void eventually(String what, Callable<Boolean> condition) throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + DEADLINE + ": " + what);
      }
      LockSupport.parkNanos(20_000_000);
    }
  }

  @Test
  void badFilesAreSkippedWithOneLogLineEachWhileEveryGoodFileIsIndexed() throws Exception {
    song("good/a.mp3", "Song A");
    song("good/deeper/b.mp3", "Song B");
    Mp3Fixtures.write(root.resolve("good/Untagged Tune.MP3"), Mp3Fixtures.tone());
    List<Path> bad = new ArrayList<>();
    bad.add(Mp3Fixtures.write(root.resolve("bad/empty.mp3")));
    byte[] tagged = Mp3Fixtures.concat(SampleLibrary.tagBytes(Tags.titled("x".repeat(400))), Mp3Fixtures.tone());
    bad.add(Mp3Fixtures.write(root.resolve("bad/truncated.mp3"), Mp3Fixtures.prefix(tagged, 200)));
    byte[] noise = new byte[30_000];
    new Random(3).nextBytes(noise);
    bad.add(Mp3Fixtures.write(root.resolve("bad/noise.mp3"), noise));
    bad.add(Mp3Fixtures.write(root.resolve("bad/huge-tag.mp3"),
        new byte[] {'I', 'D', '3', 4, 0, 0}, Mp3Fixtures.syncsafe(200 * 1024 * 1024), Mp3Fixtures.tone()));
    bad.add(Mp3Fixtures.write(root.resolve("bad/cover.mp3"),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, new byte[500]));
    Mp3Fixtures.write(root.resolve("bad/real-mp3-named.txt"), Mp3Fixtures.tone());
    Mp3Fixtures.write(root.resolve("notes.txt"), "not music".getBytes());

    try (LogCapture log = new LogCapture("org.jukebox.soundsmith")) {
      Mp3SoundSmith s = startAndScan();
      assertEquals(Set.of("Song A", "Song B", "Untagged Tune"), byTitle(s).keySet());
      List<String> warnings = log.warnings().stream().filter(w -> w.startsWith("Skipping ")).toList();
      for (Path file : bad) {
        assertEquals(1, warnings.stream().filter(w -> w.contains(file.toString())).count(), file + " in " + warnings);
      }
      assertEquals(bad.size(), warnings.size(), warnings.toString());
      assertTrue(warnings.stream().anyMatch(w -> w.endsWith("cover.mp3: not an MP3: looks like a PNG image")),
          warnings.toString());
      Mp3SoundSmith.Progress p = s.progress();
      assertEquals(new Mp3SoundSmith.Progress(8, 3, 5, false, true), p);

      // Unchanged bad files are neither read nor reported again.
      int before = parses.get();
      Mp3SoundSmith.ScanResult again = s.rescan().get(DEADLINE.toSeconds(), SECONDS);
      assertEquals(0, again.parsed());
      assertEquals(5, again.skipped());
      assertEquals(before, parses.get());
      assertEquals(bad.size(), log.warnings().stream().filter(w -> w.startsWith("Skipping ")).count());
    }
  }

  @Test
  void unreadableFileIsSkippedWithOneLogLine() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
    song("ok.mp3", "Fine");
    Path locked = song("locked.mp3", "Locked");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try (LogCapture log = new LogCapture("org.jukebox.soundsmith")) {
      Mp3SoundSmith s = startAndScan();
      assertEquals(Set.of("Fine"), byTitle(s).keySet());
      assertEquals(List.of("Skipping " + locked + ": cannot read: permission denied"),
          log.warnings().stream().filter(w -> w.startsWith("Skipping ")).toList());
    }
  }

  @Test
  void restartReadsOnlyChangedFiles() throws Exception {
    for (int i = 0; i < 5; i++) {
      song("album/" + i + ".mp3", "Track " + i);
    }
    Mp3SoundSmith first = startAndScan();
    assertEquals(5, parses.get());
    long version = first.info().catalogVersion();
    first.close();

    song("album/1.mp3", "Track 1 (remastered)");
    Files.delete(root.resolve("album/2.mp3"));
    song("album/new.mp3", "Track new");
    parses.set(0);
    Mp3SoundSmith second = build();
    second.start();
    // The index restores the old catalog before anything is read.
    assertTrue(second.info().catalogVersion() >= version);
    Mp3SoundSmith.ScanResult scan = second.initialScan().get(DEADLINE.toSeconds(), SECONDS);
    assertEquals(2, parses.get());
    assertEquals(2, scan.parsed());
    assertEquals(1, scan.removals());
    assertEquals(Set.of("Track 0", "Track 1 (remastered)", "Track 3", "Track 4", "Track new"),
        byTitle(second).keySet());
    assertTrue(second.info().catalogVersion() > version);

    // A client holding the old version learns exactly what changed.
    CatalogDelta delta = second.catalog(version);
    assertFalse(delta.full());
    assertEquals(Set.of("Track 1 (remastered)", "Track new"),
        delta.upserts().stream().map(Song::title).collect(Collectors.toSet()));
    assertEquals(1, delta.removed().size());
  }

  @Test
  void songIdsAreStableAcrossRestartsAndRescans() throws Exception {
    song("x/one.mp3", "One");
    song("y/Ünïcödé 東京.mp3", "Two");
    Mp3SoundSmith first = startAndScan();
    Map<String, SongId> ids = byTitle(first).values().stream().collect(Collectors.toMap(Song::title, Song::id));
    for (SongId id : ids.values()) {
      assertTrue(id.value().matches("mp3test:[0-9a-f]{32}"), id.value());
    }
    first.rescan().get(DEADLINE.toSeconds(), SECONDS);
    assertEquals(ids, idsByTitle(first));
    first.close();

    Mp3SoundSmith second = startAndScan();
    assertEquals(ids, idsByTitle(second));
    second.close();

    // Even reading every file again from scratch gives the same ids.
    Files.delete(data.resolve(Mp3SoundSmith.INDEX_FILE));
    parses.set(0);
    Mp3SoundSmith third = startAndScan();
    assertEquals(2, parses.get());
    assertEquals(ids, idsByTitle(third));
  }

  private static Map<String, SongId> idsByTitle(Mp3SoundSmith s) {
    return byTitle(s).values().stream().collect(Collectors.toMap(Song::title, Song::id));
  }

  @Test
  void corruptIndexMeansReadingEverythingAgainWithALogLine() throws Exception {
    song("a.mp3", "A");
    song("b.mp3", "B");
    startAndScan().close();
    Path index = data.resolve(Mp3SoundSmith.INDEX_FILE);
    byte[] bytes = Files.readAllBytes(index);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(index, bytes);
    parses.set(0);
    try (LogCapture log = new LogCapture("org.jukebox.soundsmith")) {
      Mp3SoundSmith s = startAndScan();
      assertEquals(2, parses.get());
      assertEquals(Set.of("A", "B"), byTitle(s).keySet());
      assertEquals(1, log.warnings().stream().filter(w -> w.contains("index checksum mismatch")).count(),
          log.warnings().toString());
    }
  }

  @Test
  void watcherSeesNewChangedAndDeletedFiles() throws Exception {
    song("a.mp3", "Original");
    Mp3SoundSmith s = startAndScan();

    // A new file in a folder made after the watch began.
    song("later/deeper/new.mp3", "Newcomer");
    eventually("new file indexed", () -> byTitle(s).containsKey("Newcomer"));

    SongId id = byTitle(s).get("Original").id();
    song("a.mp3", "Retitled");
    eventually("changed file re-read", () -> byTitle(s).containsKey("Retitled"));
    assertEquals(id, byTitle(s).get("Retitled").id());

    Files.delete(root.resolve("later/deeper/new.mp3"));
    eventually("deleted file removed", () -> !byTitle(s).containsKey("Newcomer"));

    // A folder moved out of the tree takes its songs with it; moved back in, they return.
    song("moving/m.mp3", "Mover");
    eventually("mover indexed", () -> byTitle(s).containsKey("Mover"));
    Files.move(root.resolve("moving"), tmp.resolve("outside"));
    eventually("moved-away folder removed", () -> !byTitle(s).containsKey("Mover"));
    Files.move(tmp.resolve("outside"), root.resolve("back"));
    eventually("moved-in folder indexed", () -> byTitle(s).containsKey("Mover"));
    assertEquals(Set.of("Retitled", "Mover"), byTitle(s).keySet());
  }

  @Test
  void versionBumpsOnEachChange() throws Exception {
    song("a.mp3", "A");
    Mp3SoundSmith s = startAndScan();
    long v0 = s.info().catalogVersion();
    assertTrue(v0 >= 1);

    song("b.mp3", "B");
    eventually("b indexed", () -> s.info().catalogVersion() > v0);
    long v1 = s.info().catalogVersion();
    assertEquals(v0 + 1, v1);
    CatalogDelta added = s.catalog(v0);
    assertEquals(List.of("B"), added.upserts().stream().map(Song::title).toList());
    assertEquals(List.of(), added.removed());

    Files.delete(root.resolve("a.mp3"));
    eventually("a removed", () -> s.info().catalogVersion() > v1);
    assertEquals(v1 + 1, s.info().catalogVersion());
    assertEquals(1, s.catalog(v1).removed().size());
    assertEquals(1, s.info().songCount());

    // Touching a file makes it be read again, but an identical song changes nothing.
    Files.setLastModifiedTime(root.resolve("b.mp3"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Mp3SoundSmith.ScanResult touched = s.rescan().get(DEADLINE.toSeconds(), SECONDS);
    assertEquals(1, touched.parsed());
    assertEquals(v1 + 1, s.info().catalogVersion());
    assertEquals(v1 + 1, s.rescan().get(DEADLINE.toSeconds(), SECONDS).version());
  }

  @Test
  void songsStreamAsTheirFilesWithRangesAndServeTheirCoverArt() throws Exception {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};
    Path file = root.resolve("art.mp3");
    SampleLibrary.writeTagged(file, Mp3Fixtures.tone(), Tags.titled("With Art").withYear(2004).withTrack(3, 12)
        .withGenre("Jazz").withCover(new CoverArt("image/jpeg", jpeg)));
    song("plain.mp3", "Plain");
    Mp3SoundSmith s = startAndScan();
    Map<String, Song> songs = byTitle(s);
    Song art = songs.get("With Art");
    assertEquals(Files.size(file), art.sizeBytes());
    assertEquals("audio/mpeg", art.contentType());
    assertEquals(2004, art.year());
    assertEquals(3, art.track());
    assertEquals("Jazz", art.genre());
    assertEquals(1500, art.duration().toMillis(), 60);
    assertEquals(128, art.bitrateKbps());
    assertEquals(44100, art.sampleRateHz());
    assertTrue(art.hasCoverArt());

    CoverArt cover = s.stub().coverArt(art.id());
    assertEquals(new CoverArt("image/jpeg", jpeg), cover);
    SongId plain = songs.get("Plain").id();
    assertThrows(NoCoverArtException.class, () -> s.stub().coverArt(plain));

    HttpClient http = HttpClient.newHttpClient();
    StreamTicket whole = s.stub().openStream(art.id());
    assertEquals("audio/mpeg", whole.contentType());
    HttpResponse<byte[]> all = http.send(HttpRequest.newBuilder(whole.url()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, all.statusCode());
    assertArrayEquals(Files.readAllBytes(file), all.body());

    StreamTicket part = s.stub().openStream(art.id());
    HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(part.url()).header("Range", "bytes=100-199").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, range.statusCode());
    assertArrayEquals(java.util.Arrays.copyOfRange(Files.readAllBytes(file), 100, 200), range.body());
  }

  @Test
  void infoSaysKindMp3AndCountsSongs() throws Exception {
    song("a.mp3", "A");
    song("b.mp3", "B");
    Mp3SoundSmith s = startAndScan();
    SoundSmithInfo info = s.stub().info();
    assertEquals(SoundSmithInfo.KIND_MP3, info.kind());
    assertEquals(2, info.songCount());
    assertEquals(ID, info.id());
    assertEquals(List.of("B"), s.stub().search("b", 10).stream().map(Song::title).toList());
  }

  @Test
  void builderValidatesEagerly() throws Exception {
    SoundSmithConfig config = SoundSmithConfig.builder(ID, "x").build();
    Path missing = tmp.resolve("nowhere");
    assertEquals("root is not a folder: " + missing, assertThrows(IllegalArgumentException.class,
        () -> Mp3SoundSmith.builder(missing, data, config).build()).getMessage());
    Mp3SoundSmith.Builder b = Mp3SoundSmith.builder(root, data, config);
    assertEquals("debounce <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.debounce(Duration.ZERO)).getMessage());
    assertEquals("debounce > 1 minute: PT2M",
        assertThrows(IllegalArgumentException.class, () -> b.debounce(Duration.ofMinutes(2))).getMessage());
    assertEquals("parserThreads < 1: 0",
        assertThrows(IllegalArgumentException.class, () -> b.parserThreads(0)).getMessage());
    assertEquals("parserThreads > 64: 65",
        assertThrows(IllegalArgumentException.class, () -> b.parserThreads(65)).getMessage());
    Mp3SoundSmith notStarted = b.build();
    smiths.add(notStarted);
    assertEquals("not started", assertThrows(IllegalStateException.class, notStarted::rescan).getMessage());
  }

  @Test
  void twoSoundSmithsCannotShareADataFolder() throws Exception {
    song("a.mp3", "A");
    Mp3SoundSmith first = startAndScan();
    Mp3SoundSmith second = build();
    IOException e = assertThrows(IOException.class, second::start);
    assertEquals("data folder " + data.toAbsolutePath() + " is in use by another Mp3SoundSmith", e.getMessage());
    assertEquals(Set.of("A"), byTitle(first).keySet());
    first.close();
    // Once the first is closed the folder is free again.
    assertEquals(Set.of("A"), byTitle(startAndScan()).keySet());
  }

  @Test
  void closeIsBoundedAndIdempotentEvenDuringAScan() throws Exception {
    for (int i = 0; i < 40; i++) {
      song("many/" + i + ".mp3", "S" + i);
    }
    Mp3SoundSmith s = build();
    s.start();
    long t0 = System.nanoTime();
    s.close();
    s.close();
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
    assertNotNull(s.progress());
  }
}
