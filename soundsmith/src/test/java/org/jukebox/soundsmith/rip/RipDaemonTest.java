package org.jukebox.soundsmith.rip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mpatric.mp3agic.ID3v2;
import com.mpatric.mp3agic.Mp3File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.soundsmith.cd.CdDrives;
import org.jukebox.soundsmith.cd.Disc;
import org.jukebox.soundsmith.cd.DiscImage;
import org.jukebox.soundsmith.cd.DiscLookupException;
import org.jukebox.soundsmith.cd.ManualCdDrive;
import org.jukebox.soundsmith.cd.SampleDisc;
import org.jukebox.soundsmith.cd.Toc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RipDaemonTest {
  private static final long WAIT_SECONDS = 60;

  @TempDir Path temp;

  /** An encoder that counts its calls and passes them to jump3r. */
  private static final class CountingEncoder implements RipDaemon.Encoder {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public byte[] encode(short[] pcm, Quality quality) throws InterruptedException {
      calls.incrementAndGet();
      return RipDaemon.JUMP3R.encode(pcm, quality);
    }
  }

  /** Collects progress events and finished discs. */
  private static final class Recorder implements RipListener {
    final List<RipProgress> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<DiscReport> finished = new CompletableFuture<>();

    @Override
    public void progress(RipProgress p) {
      events.add(p);
    }

    @Override
    public void discFinished(DiscReport report) {
      finished.complete(report);
    }
  }

  @Test
  void sampleCueImageIsRippedIntoTaggedCbrMp3sNamedByTheTemplate() throws Exception {
    Path cue = SampleDisc.write(temp.resolve("image"));
    Path library = temp.resolve("library");
    Recorder recorder = new Recorder();
    Toc toc = SampleDisc.toc();

    DiscReport report;
    try (RipDaemon daemon = RipDaemon.builder(library).ownDrive(CdDrives.image(cue))
        .discInfo(t -> Optional.of(SampleDisc.info())).listener(recorder).build()) {
      daemon.start();
      report = recorder.finished.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    assertEquals(4, report.count(TrackReport.Status.RIPPED), report.toString());
    assertEquals("The Jukebox Quartet / Sample Disc", report.discName());
    assertEquals("CDDB " + toc.freedbId(), report.named());
    for (int track = 1; track <= 4; track++) {
      String title = SampleDisc.TITLES.get(track - 1);
      Path file = library.resolve("The Jukebox Quartet/Sample Disc/0" + track + " - " + title + ".mp3");
      assertEquals(file, report.tracks().get(track - 1).file());
      Mp3File mp3 = new Mp3File(file);
      ID3v2 tag = mp3.getId3v2Tag();
      assertEquals(title, tag.getTitle());
      assertEquals("The Jukebox Quartet", tag.getArtist());
      assertEquals("Sample Disc", tag.getAlbum());
      assertEquals(track + "/4", tag.getTrack());
      assertEquals("2026", ((com.mpatric.mp3agic.ID3v24Tag) tag).getRecordingTime());
      assertEquals("Instrumental", tag.getGenreDescription());
      assertEquals(Map.of("MusicBrainz Disc Id", toc.musicBrainzId(), "CDDB DiscID", toc.freedbId()),
          RipTags.userTexts(tag));
      assertFalse(mp3.isVbr());
      assertEquals(192, mp3.getBitrate());
      assertEquals(44_100, mp3.getSampleRate());
      long expected = toc.duration(track).toMillis();
      long actual = mp3.getLengthInMilliseconds();
      assertTrue(Math.abs(actual - expected) <= 60, "track " + track + ": " + actual + " ms for " + expected + " ms");
    }
    try (var left = Files.list(library.resolve(RipDaemon.STATE_FOLDER).resolve("tmp"))) {
      assertEquals(0, left.count(), "no temporary file left behind");
    }
    RipProgress last = recorder.events.get(recorder.events.size() - 1);
    assertEquals(100, last.discPercent());
    assertEquals(RipProgress.Phase.WRITTEN, last.phase());
    List<Integer> percents = recorder.events.stream().map(RipProgress::discPercent).toList();
    List<Integer> sorted = new ArrayList<>(percents);
    sorted.sort(null);
    assertEquals(sorted, percents, "progress only grows, whichever thread reports it");
    assertEquals("ripping disc " + toc.freedbId() + " (The Jukebox Quartet / Sample Disc): track 4/4 100% (written)",
        last.toString());
  }

  @Test
  void closingMidDiscThenRippingAgainEncodesOnlyTheUnfinishedTracks() throws Exception {
    Path image = temp.resolve("image");
    Disc disc = DiscImage.open(SampleDisc.write(image));
    Path library = temp.resolve("library");
    CountDownLatch thirdEncodingStarted = new CountDownLatch(1);
    AtomicInteger firstRunCalls = new AtomicInteger();
    RipDaemon.Encoder holdsTheThird = (pcm, q) -> {
      if (firstRunCalls.incrementAndGet() == 3) {
        thirdEncodingStarted.countDown();
        new CountDownLatch(1).await(); // until close() interrupts: the "crash"
      }
      return RipDaemon.JUMP3R.encode(pcm, q);
    };

    RipDaemon first = RipDaemon.builder(library).discInfo(t -> Optional.of(SampleDisc.info())).encoder(holdsTheThird)
        .build();
    first.start();
    CompletableFuture<DiscReport> interrupted = first.rip(disc);
    assertTrue(thirdEncodingStarted.await(WAIT_SECONDS, TimeUnit.SECONDS));
    first.close();
    CancellationException e = assertThrows(CancellationException.class,
        () -> interrupted.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals("rip daemon closed while ripping " + image.resolve(SampleDisc.CUE_FILE).toAbsolutePath(), e.getMessage());

    Path album = library.resolve("The Jukebox Quartet/Sample Disc");
    Path one = album.resolve("01 - Lead-in Waltz.mp3");
    Path two = album.resolve("02 - Pregap Blues.mp3");
    assertTrue(Files.exists(one) && Files.exists(two));
    assertFalse(Files.exists(album.resolve("03 - Frame by Frame.mp3")));
    FileTime oneTime = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(one, oneTime);
    Files.setLastModifiedTime(two, oneTime);
    Path partial = library.resolve(RipDaemon.STATE_FOLDER).resolve("tmp").resolve("leftover-3.mp3.part");
    Files.write(partial, new byte[] {1, 2, 3}); // what a crash mid-write leaves

    CountingEncoder counting = new CountingEncoder();
    DiscReport report;
    try (RipDaemon second = RipDaemon.builder(library).discInfo(t -> Optional.of(SampleDisc.info()))
        .encoder(counting).build()) {
      second.start();
      assertFalse(Files.exists(partial), "partial files are deleted at start");
      report = second.rip(disc).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    assertEquals(2, counting.calls.get(), "only tracks 3 and 4 are encoded");
    assertEquals(List.of(TrackReport.Status.ALREADY_DONE, TrackReport.Status.ALREADY_DONE, TrackReport.Status.RIPPED,
        TrackReport.Status.RIPPED), report.tracks().stream().map(TrackReport::status).toList());
    assertEquals(oneTime, Files.getLastModifiedTime(one));
    assertEquals(oneTime, Files.getLastModifiedTime(two));
    assertTrue(Files.exists(album.resolve("04 - Lead-out.mp3")));
  }

  @Test
  void aLostStateFolderIsRebuiltFromTheDiscIdsInTheTags() throws Exception {
    Disc disc = TestDiscs.inMemory(TestDiscs.THREE_SECONDS);
    Path library = temp.resolve("library");
    try (RipDaemon daemon = RipDaemon.builder(library).build()) {
      daemon.start();
      assertTrue(daemon.rip(disc).get(WAIT_SECONDS, TimeUnit.SECONDS).complete());
    }
    Files.delete(library.resolve(RipDaemon.STATE_FOLDER).resolve(disc.toc().musicBrainzId() + ".done"));

    CountingEncoder counting = new CountingEncoder();
    DiscReport again;
    try (RipDaemon daemon = RipDaemon.builder(library).encoder(counting).build()) {
      daemon.start();
      again = daemon.rip(disc).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    assertEquals(0, counting.calls.get());
    assertEquals(3, again.count(TrackReport.Status.ALREADY_DONE));
    assertTrue(Files.exists(library.resolve(RipDaemon.STATE_FOLDER).resolve(disc.toc().musicBrainzId() + ".done")));
  }

  @Test
  void readsThatNeverAgreeFailTheTrackAndTheOthersAreStillRipped() throws Exception {
    TestDiscs.FlakyDisc flaky = new TestDiscs.FlakyDisc(TestDiscs.inMemory(TestDiscs.THREE_SECONDS), 2, 99);
    Path library = temp.resolve("library");

    DiscReport report;
    try (RipDaemon daemon = RipDaemon.builder(library).build()) {
      daemon.start();
      report = daemon.rip(flaky).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    TrackReport two = report.tracks().get(1);
    assertEquals(TrackReport.Status.FAILED, two.status());
    assertEquals("track 2: the two reads differ in each of 3 attempts; not ripped (a scratched disc or a failing drive)",
        two.message());
    assertEquals(6, two.reads());
    assertEquals(6, flaky.reads.get());
    assertEquals(2, report.count(TrackReport.Status.RIPPED));
    assertFalse(report.complete());
    String fid = TestDiscs.THREE_SECONDS.freedbId();
    assertFalse(Files.exists(library.resolve("Unknown artist/Unknown disc " + fid + "/02 - Track 2.mp3")));
    assertTrue(Files.exists(library.resolve("Unknown artist/Unknown disc " + fid + "/03 - Track 3.mp3")));
  }

  @Test
  void readsThatDisagreeOnceAreReadAgainAndTheTrackIsRipped() throws Exception {
    TestDiscs.FlakyDisc flaky = new TestDiscs.FlakyDisc(TestDiscs.inMemory(TestDiscs.THREE_SECONDS), 2, 1);

    DiscReport report;
    try (RipDaemon daemon = RipDaemon.builder(temp.resolve("library")).build()) {
      daemon.start();
      report = daemon.rip(flaky).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    TrackReport two = report.tracks().get(1);
    assertEquals(TrackReport.Status.RIPPED, two.status());
    assertEquals("read 4 times", two.message());
    assertTrue(report.complete());
  }

  @Test
  void aFailedLookupRipsUnderGenericNamesAndSaysWhy() throws Exception {
    Toc toc = TestDiscs.THREE_SECONDS;
    Path library = temp.resolve("library");
    ManualCdDrive drive = ManualCdDrive.create("test drive");
    drive.start();
    Recorder recorder = new Recorder();

    DiscReport report;
    try (RipDaemon daemon = RipDaemon.builder(library).drive(drive).listener(recorder).discInfo(t -> {
      throw new DiscLookupException("CDDB server http://127.0.0.1:9/~cddb/cddb.cgi unreachable: connection refused");
    }).build()) {
      daemon.start();
      drive.insert(TestDiscs.inMemory(toc));
      report = recorder.finished.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    assertEquals("CDDB lookup failed, generic names: CDDB server http://127.0.0.1:9/~cddb/cddb.cgi unreachable:"
        + " connection refused", report.named());
    assertEquals("Unknown disc " + toc.freedbId(), report.discName());
    Path file = library.resolve("Unknown artist/Unknown disc " + toc.freedbId() + "/01 - Track 1.mp3");
    ID3v2 tag = new Mp3File(file).getId3v2Tag();
    assertEquals("Track 1", tag.getTitle());
    assertEquals("Unknown disc " + toc.freedbId(), tag.getAlbum());
    assertEquals(null, tag.getArtist());
    assertEquals("1/3", tag.getTrack());
  }

  @Test
  void anEncoderFailureFailsOnlyThatTrack() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RipDaemon.Encoder choking = (pcm, q) -> {
      if (calls.incrementAndGet() == 2) {
        throw new ArrayIndexOutOfBoundsException("Index 576 out of bounds for length 576");
      }
      return RipDaemon.JUMP3R.encode(pcm, q);
    };
    DiscReport report;
    try (RipDaemon daemon = RipDaemon.builder(temp.resolve("library")).encoder(choking).build()) {
      daemon.start();
      report = daemon.rip(TestDiscs.inMemory(TestDiscs.THREE_SECONDS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertEquals(List.of(TrackReport.Status.RIPPED, TrackReport.Status.FAILED, TrackReport.Status.RIPPED),
        report.tracks().stream().map(TrackReport::status).toList());
    assertEquals("track 2: the encoder failed: java.lang.ArrayIndexOutOfBoundsException: Index 576 out of bounds"
        + " for length 576", report.tracks().get(1).message());
  }

  @Test
  void vbrQualityWritesAVbrStream() throws Exception {
    DiscReport report;
    try (RipDaemon daemon = RipDaemon.builder(temp.resolve("library")).quality(Quality.vbr(160)).build()) {
      daemon.start();
      report = daemon.rip(TestDiscs.inMemory(TestDiscs.THREE_SECONDS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    assertTrue(new Mp3File(report.tracks().get(0).file()).isVbr());
  }

  @Test
  void lifeCycleMisuseAndBadSettingsAreRefusedWithExactMessages() throws Exception {
    RipDaemon daemon = RipDaemon.builder(temp.resolve("library")).build();
    Disc disc = TestDiscs.inMemory(TestDiscs.THREE_SECONDS);
    assertEquals("not started", assertThrows(IllegalStateException.class, () -> daemon.rip(disc)).getMessage());
    daemon.start();
    assertEquals("already started", assertThrows(IllegalStateException.class, daemon::start).getMessage());
    daemon.close();
    daemon.close();
    assertEquals("closed", assertThrows(IllegalStateException.class, () -> daemon.rip(disc)).getMessage());
    assertEquals("closed", assertThrows(IllegalStateException.class, daemon::start).getMessage());

    RipDaemon.Builder b = RipDaemon.builder(temp);
    assertEquals("threads < 1: 0", assertThrows(IllegalArgumentException.class, () -> b.threads(0)).getMessage());
    assertEquals("threads > 8: 9", assertThrows(IllegalArgumentException.class, () -> b.threads(9)).getMessage());
    assertEquals("readAttempts < 1: 0",
        assertThrows(IllegalArgumentException.class, () -> b.readAttempts(0)).getMessage());
  }

  @Test
  void closeReturnsWithinItsBoundWhileAnEncodingHangs() throws Exception {
    CountDownLatch encoding = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    RipDaemon.Encoder deaf = (pcm, q) -> {
      encoding.countDown();
      while (!stop.get()) {
        Thread.onSpinWait(); // ignores interrupts, like a busy encoder
      }
      return new byte[0];
    };
    Duration bound = Duration.ofMillis(300);
    RipDaemon daemon = RipDaemon.builder(temp.resolve("library")).encoder(deaf).closeBound(bound).build();
    try {
      daemon.start();
      daemon.rip(TestDiscs.inMemory(TestDiscs.THREE_SECONDS));
      assertTrue(encoding.await(WAIT_SECONDS, TimeUnit.SECONDS));

      long t0 = System.nanoTime();
      daemon.close();
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertTrue(ms >= bound.toMillis() - 50 && ms < bound.toMillis() + 2000, "close took " + ms + " ms");
    } finally {
      stop.set(true);
    }
  }
}
