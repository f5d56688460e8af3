package org.jukebox.soundsmith.cd;

import static org.jukebox.soundsmith.cd.CdFixtures.concat;
import static org.jukebox.soundsmith.cd.CdFixtures.cue;
import static org.jukebox.soundsmith.cd.CdFixtures.pcm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscImageTest {
  @TempDir
  Path dir;

  private static byte[] read(Disc d, int first, int count) throws IOException {
    try (InputStream in = d.openPcm(first, count)) {
      return in.readAllBytes();
    }
  }

  @Test
  void sampleDiscHasItsTocAndTheCueTracksCarryTheirPregapAtTheEndOfTheTrackBefore() throws IOException {
    Path cue = SampleDisc.write(dir);
    DiscImage d = DiscImage.open(cue);
    assertEquals(SampleDisc.toc(), d.toc());
    byte[] gap = new byte[75 * Toc.BYTES_PER_FRAME];
    assertArrayEquals(concat(SampleDisc.track(0), gap), d.openTrack(1).readAllBytes());
    assertArrayEquals(SampleDisc.track(1), d.openTrack(2).readAllBytes());
    assertArrayEquals(SampleDisc.track(3), d.openTrack(4).readAllBytes());
    assertEquals(List.of(cue, dir.resolve("sample-disc-1.wav"), dir.resolve("sample-disc-2.wav")), d.files());
    assertEquals(cue.toString(), d.origin());
  }

  @Test
  void multipleFilesAreLaidEndToEndAndTracksStartAtIndex01() throws IOException {
    byte[] a = pcm(1, 100);
    byte[] b = pcm(2, 60);
    Wav.write(dir.resolve("a.wav"), a);
    Wav.write(dir.resolve("b b.wav"), b);
    Path c = cue(dir, "x.cue", "REM COMMENT x\nFILE \"a.wav\" WAVE\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\n"
        + " TRACK 02 AUDIO\n  INDEX 00 00:00:70\n  INDEX 01 00:01:05\n"
        + "FILE \"b b.wav\" WAVE\n TRACK 03 AUDIO\n  INDEX 00 00:00:00\n  INDEX 01 00:00:10\n");
    DiscImage d = DiscImage.open(c);
    assertEquals(Toc.of(1, 3, 150 + 160, List.of(150, 150 + 80, 150 + 110)), d.toc());
    byte[] all = concat(a, b);
    // A range across the file boundary, starting mid-track.
    assertArrayEquals(Arrays.copyOfRange(all, 90 * 2352, 130 * 2352), read(d, 240, 40));
    assertArrayEquals(Arrays.copyOfRange(all, 80 * 2352, 110 * 2352), d.openTrack(2).readAllBytes());
  }

  @Test
  void pregapCommandInsertsSilenceBeforeTheTrack() throws IOException {
    byte[] a = pcm(3, 20);
    byte[] b = pcm(4, 30);
    Wav.write(dir.resolve("a.wav"), a);
    Wav.write(dir.resolve("b.wav"), b);
    Path c = cue(dir, "x.cue", "FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n"
        + "FILE b.wav WAVE\nTRACK 02 AUDIO\nPREGAP 00:00:05\nINDEX 01 00:00:00\n");
    DiscImage d = DiscImage.open(c);
    assertEquals(Toc.of(1, 2, 205, List.of(150, 175)), d.toc());
    assertArrayEquals(concat(a, new byte[5 * 2352]), d.openTrack(1).readAllBytes());
    assertArrayEquals(b, d.openTrack(2).readAllBytes());
  }

  @Test
  void rawBinaryFilesAreRead() throws IOException {
    byte[] a = pcm(5, 40);
    Files.write(dir.resolve("disc.bin"), a);
    Path c = cue(dir, "x.cue", "FILE \"disc.bin\" BINARY\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n"
        + "  TRACK 03 AUDIO\n    INDEX 01 00:00:30\n");
    DiscImage d = DiscImage.open(c);
    assertEquals(Toc.of(2, 3, 190, List.of(150, 180)), d.toc());
    assertArrayEquals(Arrays.copyOfRange(a, 30 * 2352, 40 * 2352), d.openTrack(3).readAllBytes());
  }

  @Test
  void folderOfTrackWavsIsADiscAndAShortLastFrameIsPaddedWithSilence() throws IOException {
    byte[] one = pcm(6, 10);
    byte[] two = Arrays.copyOf(pcm(7, 5), 4 * 2352 + 100);
    Wav.write(dir.resolve("track01.wav"), one);
    Wav.write(dir.resolve("Track 02 - Second.wav"), two);
    Files.writeString(dir.resolve("notes.txt"), "not audio");
    DiscImage d = DiscImage.open(dir);
    assertEquals(Toc.of(1, 2, 165, List.of(150, 160)), d.toc());
    assertArrayEquals(Arrays.copyOf(two, 5 * 2352), d.openTrack(2).readAllBytes());
    assertEquals(dir.toAbsolutePath().normalize().toString(), d.origin());
  }

  @Test
  void folderWithAGapInItsTrackNumbersIsRefused() throws IOException {
    Wav.write(dir.resolve("track01.wav"), pcm(1, 2));
    Wav.write(dir.resolve("track03.wav"), pcm(1, 2));
    assertEquals(dir + ": track 2 is missing (found track 3)",
        assertThrows(CdImageException.class, () -> DiscImage.open(dir)).getMessage());
  }

  @Test
  void missingFileIsRefusedNamingIt() throws IOException {
    Path c = cue(dir, "x.cue", "FILE \"gone.wav\" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
    assertEquals(c + " line 1: FILE \"gone.wav\" not found",
        assertThrows(CdImageException.class, () -> DiscImage.open(c)).getMessage());
  }

  @Test
  void fileOutsideTheFolderIsRefused() throws IOException {
    Wav.write(dir.resolve("outside.wav"), pcm(1, 2));
    Path inner = dir.resolve("image");
    Path up = cue(inner, "up.cue", "FILE \"../outside.wav\" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
    assertEquals(up + " line 1: FILE \"../outside.wav\" points outside the image's folder",
        assertThrows(CdImageException.class, () -> DiscImage.open(up)).getMessage());
    String abs = dir.resolve("outside.wav").toString();
    Path absolute = cue(inner, "abs.cue", "FILE \"" + abs + "\" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
    assertEquals(absolute + " line 1: FILE \"" + abs + "\" points outside the image's folder",
        assertThrows(CdImageException.class, () -> DiscImage.open(absolute)).getMessage());
    Files.createSymbolicLink(inner.resolve("link.wav"), dir.resolve("outside.wav"));
    Path link = cue(inner, "link.cue", "FILE \"link.wav\" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
    assertEquals(link + " line 1: FILE \"link.wav\" points outside the image's folder (through a link)",
        assertThrows(CdImageException.class, () -> DiscImage.open(link)).getMessage());
  }

  @Test
  void truncatedWavIsRefused() throws IOException {
    Path wav = dir.resolve("short.wav");
    Files.write(wav, concat(Wav.header(10 * 2352), new byte[600]));
    Path c = cue(dir, "x.cue", "FILE short.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
    assertEquals(wav + ": truncated: its data chunk says 23520 bytes but the file holds 600",
        assertThrows(CdImageException.class, () -> DiscImage.open(c)).getMessage());
  }

  @Test
  void wavThatIsNotCdAudioIsRefused() throws IOException {
    Path wav = dir.resolve("dat.wav");
    Files.write(wav, concat(CdFixtures.wavHeader(48_000, 16, 2, 400), new byte[400]));
    Path c = cue(dir, "x.cue", "FILE dat.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
    assertEquals(wav + ": 48000 Hz, 16-bit, 2 channels; a CD image needs 44100 Hz, 16-bit, 2 channels",
        assertThrows(CdImageException.class, () -> DiscImage.open(c)).getMessage());
    Path notWav = dir.resolve("text.wav");
    Files.writeString(notWav, "hello there, I am no wave");
    Path c2 = cue(dir, "y.cue", "FILE text.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
    assertEquals(notWav + ": not a WAV file (no RIFF WAVE header)",
        assertThrows(CdImageException.class, () -> DiscImage.open(c2)).getMessage());
  }

  @Test
  void garbageIsNotACueSheet() throws IOException {
    Path binary = dir.resolve("noise.cue");
    Files.write(binary, pcm(9, 1));
    assertEquals(binary + ": not a CUE sheet (binary data)",
        assertThrows(CdImageException.class, () -> DiscImage.open(binary)).getMessage());
    Path text = cue(dir, "prose.cue", "Dear diary,\ntoday I burned a CD.\n");
    assertEquals(text + " line 1: not a CUE sheet command: \"Dear\"",
        assertThrows(CdImageException.class, () -> DiscImage.open(text)).getMessage());
    Path empty = cue(dir, "empty.cue", "REM nothing\n");
    assertEquals(empty + ": not a CUE sheet: no TRACK",
        assertThrows(CdImageException.class, () -> DiscImage.open(empty)).getMessage());
  }

  @Test
  void badSheetsNameTheLineAndProblem() throws IOException {
    Wav.write(dir.resolve("a.wav"), pcm(1, 75));
    String[][] cases = {
        {"FILE a.wav WAVE\nTRACK 01 MODE1/2352\nINDEX 01 00:00:00\n",
            "line 2: track 1 is MODE1/2352, not AUDIO: only audio tracks can be served"},
        {"FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:02:00\n",
            "line 3: INDEX 01 00:02:00 of track 1 is beyond the end of a.wav (00:01:00)"},
        {"FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 03 AUDIO\nINDEX 01 00:00:10\n",
            "line 4: track 3 follows track 1; tracks must be numbered in order"},
        {"FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 0:0:99\n",
            "line 3: not a time mm:ss:ff (seconds < 60, frames < 75): \"0:0:99\""},
        {"FILE a.wav WAVE\nTRACK 01 AUDIO\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n", "line 3: track 1 has no INDEX 01"},
        {"TRACK 01 AUDIO\n", "line 1: TRACK before any FILE"},
        {"FILE a.wav AIFF\n", "line 1: FILE \"a.wav\": type AIFF is not supported (WAVE or BINARY)"},
    };
    int i = 0;
    for (String[] c : cases) {
      Path cue = cue(dir, "bad" + i++ + ".cue", c[0]);
      assertEquals(cue + " " + c[1], assertThrows(CdImageException.class, () -> DiscImage.open(cue)).getMessage());
    }
  }

  @Test
  void pcmOfAnImageWhoseFileWentAwayFailsNamingIt() throws IOException {
    Path cue = SampleDisc.write(dir);
    DiscImage d = DiscImage.open(cue);
    Files.delete(dir.resolve("sample-disc-2.wav"));
    Path gone = dir.resolve("sample-disc-2.wav");
    assertEquals(cue + ": " + gone + " is gone", assertThrows(IOException.class, () -> d.openTrack(3)).getMessage());
  }

  @Test
  void cueSheetNamesAreReadAsDiscText() throws IOException {
    Wav.write(dir.resolve("a.wav"), pcm(1, 30));
    Path c = cue(dir, "named.cue", "REM GENRE \"Bossa Nova\"\nREM DATE 1964\nPERFORMER \"Stan Getz & João Gilberto\"\n"
        + "TITLE \"Getz/Gilberto\"\nFILE a.wav WAVE\n  TRACK 01 AUDIO\n    TITLE \"The Girl from Ipanema\"\n"
        + "    PERFORMER \"Stan Getz & João Gilberto\"\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    TITLE Doralice\n"
        + "    PERFORMER \"Astrud Gilberto\"\n    INDEX 01 00:00:20\n");
    DiscImage d = DiscImage.open(c);
    DiscInfo text = d.cueText().orElseThrow();
    assertEquals(new DiscInfo(d.toc().freedbId(), "Stan Getz & João Gilberto", "Getz/Gilberto", 1964, "Bossa Nova",
        List.of("The Girl from Ipanema", "Doralice"), List.of("", "Astrud Gilberto"), ""), text);
    assertEquals(java.util.Optional.empty(), DiscImage.open(SampleDisc.write(dir.resolve("sample"))).cueText());
  }
}
