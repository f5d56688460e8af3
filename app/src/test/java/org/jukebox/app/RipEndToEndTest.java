package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.ServedSong;
import org.jukebox.soundsmith.CdSoundSmith;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SoundSmithConfig;
import org.jukebox.soundsmith.cd.CdDrives;
import org.jukebox.soundsmith.cd.DiscInfoSource;
import org.jukebox.soundsmith.cd.SampleDisc;
import org.jukebox.soundsmith.cddb.CddbDiscInfo;
import org.jukebox.soundsmith.cddb.XmcdDatabase;
import org.jukebox.soundsmith.rip.DiscReport;
import org.jukebox.soundsmith.rip.RipDaemon;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole way of a CD into MP3s: a CUE/WAV image named from a local xmcd database, served by
 * a CD SoundSmith and seen by a client; the rip daemon turns it into tagged MP3s in the folder an
 * MP3 SoundSmith watches; the client then lists each track once, served by the MP3 SoundSmith,
 * with the CD copy still there behind it.
 */
class RipEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private Path image;
  private Path library;
  private DiscInfoSource names;

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .soundSmith("cd", this::cd)
      .soundSmith("mp3", this::mp3)
      .build();

  private synchronized DiscInfoSource names(Path base) throws IOException {
    if (names == null) {
      SampleDisc.writeXmcd(base.resolve("xmcd"));
      names = CddbDiscInfo.of(XmcdDatabase.open(base.resolve("xmcd")));
    }
    return names;
  }

  private CdSoundSmith cd(SoundSmithConfig config, Path data) throws IOException {
    Path base = data.resolveSibling("rip-e2e");
    image = SampleDisc.write(base.resolve("image"));
    return CdSoundSmith.builder(config, CdDrives.image(image)).names(names(base)).build();
  }

  private Mp3SoundSmith mp3(SoundSmithConfig config, Path data) throws IOException {
    Path base = data.resolveSibling("rip-e2e");
    library = Files.createDirectories(base.resolve("library"));
    return Mp3SoundSmith.builder(library, data, config).debounce(Duration.ofMillis(100)).build();
  }

  private static String kind(JukeboxClient client, Song song) {
    return client.locate(song.id()).map(ServedSong::server).map(SoundSmithInfo::kind).orElse("gone");
  }

  @Test
  void aRippedDiscIsListedOnceAndServedByTheMp3SoundSmithWithTheCdCopyBehindIt() throws Exception {
    jukebox.awaitListed(WAIT, "cd", "mp3");
    try (JukeboxClient client = JukeboxClient.builder(jukebox.directory()).build()) {
      client.start();
      JukeboxExtension.await(WAIT, "the CD's 4 named tracks (has " + client.catalog() + ")",
          () -> client.catalog().stream().map(Song::title).toList().equals(SampleDisc.TITLES));
      List<Song> cdSongs = client.catalog();

      DiscReport report;
      try (RipDaemon rip = RipDaemon.builder(library).ownDrive(CdDrives.image(image)).discInfo(names).build()) {
        rip.start();
        report = rip.rip(org.jukebox.soundsmith.cd.DiscImage.open(image)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      assertTrue(report.complete(), report.toString());

      JukeboxExtension.await(WAIT, "every track served as MP3 (has " + client.catalog() + ")",
          () -> client.catalog().size() == 4
              && client.catalog().stream().allMatch(s -> kind(client, s).equals(SoundSmithInfo.KIND_MP3)));
      assertEquals(SampleDisc.TITLES, client.catalog().stream().map(Song::title).toList());
      assertEquals("audio/mpeg", client.search("Waltz").get(0).contentType());
      for (Song cd : cdSongs) {
        assertEquals(SoundSmithInfo.KIND_CD, kind(client, cd), "the CD copy stays as a fallback: " + cd.title());
      }
    }
  }
}
