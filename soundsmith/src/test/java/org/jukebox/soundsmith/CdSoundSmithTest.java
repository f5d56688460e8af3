package org.jukebox.soundsmith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.StreamTicket;
import org.jukebox.soundsmith.cd.Disc;
import org.jukebox.soundsmith.cd.DiscImage;
import org.jukebox.soundsmith.cd.DiscInfo;
import org.jukebox.soundsmith.cd.DiscLookupException;
import org.jukebox.soundsmith.cd.ManualCdDrive;
import org.jukebox.soundsmith.cd.SampleDisc;
import org.jukebox.soundsmith.cd.Toc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CD SoundSmith over real RMI and HTTP on 127.0.0.1, with the sample disc image. */
class CdSoundSmithTest {
  private static final Toc SMALL = Toc.of(1, 2, 170, List.of(150, 160));

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ManualCdDrive drive = ManualCdDrive.create("test drive");
  private CdSoundSmith smith;
  private SoundSmith stub;
  private Disc sample;

  @BeforeEach
  void openSample() throws IOException {
    sample = DiscImage.open(SampleDisc.write(dir));
  }

  @AfterEach
  void close() {
    if (smith != null) {
      smith.close();
    }
  }

  private static SoundSmithConfig config() {
    return SoundSmithConfig.builder(new SoundSmithId("alice-cd"), "Alice's CD").build();
  }

  private void start(CdSoundSmith s) throws IOException {
    smith = s;
    smith.start();
    stub = smith.stub();
  }

  private List<Song> songs() throws Exception {
    return stub.catalog(0).upserts().stream().sorted(Comparator.comparingInt(Song::track)).toList();
  }

  private static byte[] swapped(byte[] le) {
    byte[] be = le.clone();
    for (int i = 0; i < be.length; i += 2) {
      be[i] = le[i + 1];
      be[i + 1] = le[i];
    }
    return be;
  }

  private HttpResponse<byte[]> get(URI url, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10));
    if (range != null) {
      b.header("Range", range);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }

  private static byte[] pcm(Disc d, int track) throws IOException {
    try (InputStream in = d.openTrack(track)) {
      return in.readAllBytes();
    }
  }

  @Test
  void discTracksAreSongsWithGenericNamesExactSizesAndStableIds() throws Exception {
    drive.insert(sample);
    start(CdSoundSmith.create(config(), drive));
    SoundSmithInfo info = stub.info();
    assertEquals("cd", info.kind());
    assertEquals(4, info.songCount());
    List<Song> songs = songs();
    Toc toc = SampleDisc.toc();
    String unknown = "Unknown disc " + toc.freedbId();
    for (int t = 1; t <= 4; t++) {
      Song s = songs.get(t - 1);
      assertEquals(new SongId("alice-cd:" + toc.musicBrainzId() + "-t0" + t), s.id());
      assertEquals("Track " + t, s.title());
      assertEquals(unknown, s.album());
      assertEquals(t, s.track());
      assertEquals(24 + (long) toc.frames(t) * 2352, s.sizeBytes());
      assertEquals(Duration.ofMillis(toc.frames(t) * 1000L / 75), s.duration());
      assertEquals("audio/basic", s.contentType());
      assertEquals(44_100, s.sampleRateHz());
      assertEquals(1411, s.bitrateKbps());
    }
    assertEquals(Duration.ofSeconds(8), songs.get(0).duration()); // 7 s and the 1 s pregap of track 2
  }

  @Test
  void trackStreamsAsAuWithSwappedSamplesAndAsWavOnRequest() throws Exception {
    drive.insert(sample);
    start(CdSoundSmith.create(config(), drive));
    Song s = songs().get(2);
    byte[] le = pcm(sample, 3);
    StreamTicket t = stub.openStream(s.id());
    assertEquals("audio/basic", t.contentType());
    HttpResponse<byte[]> au = get(t.url(), null);
    assertEquals(200, au.statusCode());
    assertEquals("audio/basic", au.headers().firstValue("Content-Type").orElseThrow());
    ByteBuffer h = ByteBuffer.wrap(au.body(), 0, 24);
    assertEquals(0x2e736e64, h.getInt());
    assertEquals(24, h.getInt());
    assertEquals(le.length, h.getInt());
    assertEquals(3, h.getInt());
    assertEquals(44_100, h.getInt());
    assertEquals(2, h.getInt());
    assertArrayEquals(swapped(le), Arrays.copyOfRange(au.body(), 24, au.body().length));
    assertEquals(s.sizeBytes(), au.body().length);

    HttpResponse<byte[]> wav = get(URI.create(stub.openStream(s.id()).url() + "?format=wav"), null);
    assertEquals(200, wav.statusCode());
    assertEquals("audio/wav", wav.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(le, Arrays.copyOfRange(wav.body(), 44, wav.body().length));
    assertArrayEquals(org.jukebox.soundsmith.cd.Wav.header(le.length), Arrays.copyOf(wav.body(), 44));
  }

  @Test
  void rangeInTheMiddleMapsToTheRightFrames() throws Exception {
    drive.insert(sample);
    start(CdSoundSmith.create(config(), drive));
    Song s = songs().get(1);
    byte[] whole = ByteBuffer.allocate((int) s.sizeBytes())
        .putInt(0x2e736e64).putInt(24).putInt((int) s.sizeBytes() - 24).putInt(3).putInt(44_100).putInt(2)
        .put(swapped(pcm(sample, 2))).array();
    // An odd offset inside a sample, past a frame boundary, and one inside the header.
    for (long[] r : new long[][] {{2352 * 100 + 24 + 7, 2352 * 3 + 1}, {10, 5000}}) {
      HttpResponse<byte[]> part = get(stub.openStream(s.id()).url(), "bytes=" + r[0] + "-" + (r[0] + r[1] - 1));
      assertEquals(206, part.statusCode());
      byte[] expected = Arrays.copyOfRange(whole, (int) r[0], (int) (r[0] + r[1]));
      assertArrayEquals(expected, part.body());
    }
  }

  @Test
  void unknownFormatIsRefused() throws Exception {
    drive.insert(sample);
    start(CdSoundSmith.create(config(), drive));
    HttpResponse<byte[]> r = get(URI.create(stub.openStream(songs().get(0).id()).url() + "?format=flac"), null);
    assertEquals(406, r.statusCode());
    assertEquals("no such format: flac; leave out ?format= for audio/basic\n", new String(r.body()));
  }

  @Test
  void insertEjectAndSwapUpdateTheCatalogAndItsVersion() throws Exception {
    start(CdSoundSmith.create(config(), drive));
    assertEquals(0, stub.info().songCount());
    long v0 = stub.info().catalogVersion();
    drive.insert(sample);
    long v1 = stub.info().catalogVersion();
    assertTrue(v1 > v0);
    assertEquals(4, stub.info().songCount());
    Disc small = Disc.inMemory("small", SMALL, new byte[20 * 2352]);
    drive.insert(small);
    long v2 = stub.info().catalogVersion();
    CatalogDelta d = stub.catalog(v1);
    assertEquals(v1 + 1, v2);
    assertEquals(4, d.removed().size());
    assertEquals(List.of("Track 1", "Track 2"), d.upserts().stream().sorted(Comparator.comparingInt(Song::track))
        .map(Song::title).toList());
    drive.eject();
    assertEquals(0, stub.info().songCount());
    assertEquals(2, stub.catalog(v2).removed().size());
    assertEquals(Optional.empty(), smith.disc());
  }

  @Test
  void namesFromTheLookupReplaceTheGenericOnes() throws Exception {
    drive.insert(sample);
    start(CdSoundSmith.builder(config(), drive).names(toc -> Optional.of(SampleDisc.info())).build());
    await(() -> smith.discInfo().isPresent(), "names");
    List<Song> songs = songs();
    assertEquals(SampleDisc.TITLES, songs.stream().map(Song::title).toList());
    assertEquals(SampleDisc.ARTIST, songs.get(0).artist());
    assertEquals(SampleDisc.ALBUM, songs.get(0).album());
    assertEquals(2026, songs.get(0).year());
    assertEquals("Instrumental", songs.get(0).genre());
  }

  @Test
  void failedLookupLeavesTheGenericNames() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    drive.insert(sample);
    start(CdSoundSmith.builder(config(), drive).names(toc -> {
      asked.countDown();
      throw new DiscLookupException("CDDB server example.org:80 unreachable: connect timed out");
    }).build());
    assertTrue(asked.await(10, TimeUnit.SECONDS));
    assertEquals("Track 1", songs().get(0).title());
    assertEquals(Optional.<DiscInfo>empty(), smith.discInfo());
  }

  @Test
  void cueSheetNamesServeUntilTheLookupAnswers() throws Exception {
    org.jukebox.soundsmith.cd.Wav.write(dir.resolve("named.wav"), new byte[40 * 2352]);
    Path cue = java.nio.file.Files.writeString(dir.resolve("named.cue"), "PERFORMER \"Cue Artist\"\nTITLE \"Cue Album\"\n"
        + "FILE named.wav WAVE\n TRACK 01 AUDIO\n  TITLE \"First\"\n  INDEX 01 00:00:00\n TRACK 02 AUDIO\n"
        + "  INDEX 01 00:00:20\n");
    CountDownLatch answer = new CountDownLatch(1);
    drive.insert(DiscImage.open(cue));
    start(CdSoundSmith.builder(config(), drive).names(toc -> {
      try {
        answer.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.of(new DiscInfo(toc.freedbId(), "Db Artist", "Db Album", 1999, "Rock", List.of("Uno", "Dos"),
          List.of("", ""), ""));
    }).build());
    List<Song> songs = songs();
    assertEquals(List.of("First", "Track 2"), songs.stream().map(Song::title).toList());
    assertEquals("Cue Artist", songs.get(0).artist());
    assertEquals("Cue Album", songs.get(1).album());
    answer.countDown();
    await(() -> smith.discInfo().map(DiscInfo::album).orElse("").equals("Db Album"), "the lookup's names");
    assertEquals(List.of("Uno", "Dos"), songs().stream().map(Song::title).toList());
  }

  @Test
  void imageDroppedIntoAWatchedFolderAndRemovedAgainChangesTheCatalog() throws Exception {
    Path folder = java.nio.file.Files.createDirectories(dir.resolve("drop"));
    org.jukebox.soundsmith.cd.ImageFolderDrive folderDrive =
        org.jukebox.soundsmith.cd.ImageFolderDrive.create(folder, Duration.ofHours(1));
    start(CdSoundSmith.create(config(), folderDrive));
    long v0 = stub.info().catalogVersion();
    assertEquals(0, stub.info().songCount());
    SampleDisc.write(folder.resolve("sample"));
    folderDrive.refresh();
    assertEquals(4, stub.info().songCount());
    assertTrue(stub.info().catalogVersion() > v0);
    try (var files = java.nio.file.Files.list(folder.resolve("sample"))) {
      for (Path f : files.toList()) {
        java.nio.file.Files.delete(f);
      }
    }
    folderDrive.refresh();
    assertEquals(0, stub.info().songCount());
    assertEquals(4, stub.catalog(v0 + 1).removed().size());
  }

  @Test
  void headOfAWavVariantGivesItsOwnLengthAndType() throws Exception {
    drive.insert(sample);
    start(CdSoundSmith.create(config(), drive));
    Song s = songs().get(0);
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(stub.openStream(s.id()).url() + "?format=wav"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertEquals(200, head.statusCode());
    assertEquals("audio/wav", head.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(String.valueOf(s.sizeBytes() - 24 + 44), head.headers().firstValue("Content-Length").orElseThrow());
  }
}
