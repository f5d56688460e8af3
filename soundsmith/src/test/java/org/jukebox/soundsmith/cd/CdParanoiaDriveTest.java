package org.jukebox.soundsmith.cd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdParanoiaDriveTest {
  /** What cdparanoia III 10.2 printed for a five-track disc whose cd-discid is 30027f05. */
  static String sample() throws IOException {
    try (InputStream in = CdParanoiaDriveTest.class.getResourceAsStream("cdparanoia-Q.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @TempDir
  Path dir;

  @Test
  void queryOutputParsesToTheTocCdDiscidReports() throws IOException {
    Toc toc = CdParanoiaDrive.parseToc(sample()).orElseThrow();
    assertEquals(Toc.of(1, 5, 48091, List.of(150, 2422, 15072, 29219, 44022)), toc);
    // cd-discid printed "30027f05 5 150 2422 15072 29219 44022 641" for the same disc.
    assertEquals("30027f05 5 150 2422 15072 29219 44022 641", toc.cddbQuery());
  }

  @Test
  void queryWithoutATableIsAnEmptyDrive() throws IOException {
    assertEquals(Optional.empty(), CdParanoiaDrive.parseToc(
        "cdparanoia III release 10.2 (September 11, 2008)\n\nUnable to open disc.  Is there an audio CD in the drive?\n"));
  }

  @Test
  void dataTrackBetweenAudioTracksIsRefused() {
    String text = "===========================================================\n"
        + "  1.     2272 [00:30.22]        0 [00:00.00]    no   no  2\n"
        + "  3.    12650 [02:48.50]     4000 [00:53.25]    no   no  2\n"
        + "TOTAL   14922 [03:18.72]    (audio only)\n";
    assertEquals("cdparanoia lists audio tracks 1 and 3 with a data track between: only audio CDs are served",
        assertThrows(IOException.class, () -> CdParanoiaDrive.parseToc(text)).getMessage());
  }

  @Test
  void spanIsTrackRelativeWithAnInclusiveEnd() {
    Toc toc = Toc.of(1, 3, 400, List.of(150, 200, 300));
    assertEquals("1[.0]-1[.49]", CdParanoiaDrive.span(toc, 150, 50));
    assertEquals("1[.10]-3[.5]", CdParanoiaDrive.span(toc, 160, 146));
    assertEquals("3[.99]-3[.99]", CdParanoiaDrive.span(toc, 399, 1));
  }

  @Test
  void missingCdparanoiaIsNamedWithHowToInstallIt() {
    CdParanoiaDrive drive = new CdParanoiaDrive("/dev/sr0", dir.toString(), Duration.ofSeconds(5));
    assertEquals("cdparanoia not found on PATH: install it (apt-get install cdparanoia)",
        assertThrows(IOException.class, drive::start).getMessage());
  }

  @Test
  void missingDeviceIsNamed() throws IOException {
    Path bin = fakeCdparanoia("exit 0\n");
    CdParanoiaDrive drive = new CdParanoiaDrive("/dev/no-such-cd", bin.toString(), Duration.ofSeconds(5));
    assertEquals("no such device: /dev/no-such-cd", assertThrows(IOException.class, drive::start).getMessage());
  }

  /** Writes an executable {@code cdparanoia} script into its own folder and returns the folder. */
  private Path fakeCdparanoia(String body) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path exe = bin.resolve("cdparanoia");
    Files.writeString(exe, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void driveReadsTheTocAndPcmThroughTheProcessAndSeesTheDiscGo() throws IOException {
    Path device = Files.createFile(dir.resolve("sr0"));
    Path toc = Files.writeString(dir.resolve("toc.txt"), sample());
    byte[] pcm = CdFixtures.pcm(1, 3);
    Path pcmFile = Files.write(dir.resolve("pcm.bin"), pcm);
    Path args = dir.resolve("args.txt");
    Path bin = fakeCdparanoia("if [ \"$1\" = -Q ]; then cat '" + toc + "' >&2; [ -s '" + toc + "' ] || { "
        + "echo 'Unable to open disc.  Is there an audio CD in the drive?' >&2; exit 1; }; exit 0; fi\n"
        + "echo \"$@\" > '" + args + "'\ncat '" + pcmFile + "'\n");
    CdParanoiaDrive drive = new CdParanoiaDrive(device.toString(), bin.toString(), Duration.ofHours(1));
    List<DiscEvent> events = new ArrayList<>();
    drive.addListener(events::add);
    drive.start();
    try {
      Disc disc = drive.disc().orElseThrow();
      assertEquals("30027f05", disc.toc().freedbId());
      assertEquals(device.toString(), disc.origin());
      try (InputStream in = disc.openPcm(2422 + 10, 3)) {
        assertArrayEquals(pcm, in.readAllBytes());
      }
      assertEquals("-q -d " + device + " -r 2[.10]-2[.12] -", Files.readString(args).strip());
      // The process gives fewer bytes than asked: a clear failure, not a short track.
      try (InputStream in = disc.openPcm(150, 4)) {
        IOException e = assertThrows(IOException.class, in::readAllBytes);
        assertEquals(device + ": cdparanoia stopped 2352 bytes short: no message", e.getMessage());
      }
      Files.writeString(toc, "");
      drive.refresh();
      assertEquals(Optional.empty(), drive.disc());
      assertEquals(List.of(DiscEvent.Kind.EJECTED), events.stream().map(DiscEvent::kind).toList());
    } finally {
      drive.close();
    }
  }

  @Test
  void realDriveAnswersWhenThereIsOne() throws IOException {
    assumeTrue(Files.exists(Path.of("/dev/sr0")), "no /dev/sr0");
    CdParanoiaDrive drive = CdParanoiaDrive.create("/dev/sr0");
    try {
      drive.start(); // passes if cdparanoia is installed and the drive answers, disc or not
    } catch (IOException e) {
      assumeTrue(!e.getMessage().equals(CdParanoiaDrive.NOT_INSTALLED), e.getMessage());
      throw e;
    } finally {
      drive.close();
    }
  }
}
