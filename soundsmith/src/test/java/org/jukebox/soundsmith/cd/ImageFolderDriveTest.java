package org.jukebox.soundsmith.cd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDriveTest {
  @TempDir
  Path dir;

  private static void touch(Path folderOrFile, long millis) throws IOException {
    try (var s = Files.isDirectory(folderOrFile) ? Files.list(folderOrFile) : java.util.stream.Stream.of(folderOrFile)) {
      for (Path p : s.toList()) {
        Files.setLastModifiedTime(p, FileTime.fromMillis(millis));
      }
    }
  }

  private Path smallImage(String name, long seed, int frames) throws IOException {
    Wav.write(dir.resolve(name + ".wav"), CdFixtures.pcm(seed, frames));
    return CdFixtures.cue(dir, name + ".cue", "FILE \"" + name + ".wav\" WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
  }

  @Test
  void droppingRemovingAndReplacingImagesInsertsSwapsAndEjects() throws IOException {
    List<DiscEvent> events = new CopyOnWriteArrayList<>();
    try (ImageFolderDrive drive = ImageFolderDrive.create(dir, Duration.ofHours(1))) {
      drive.addListener(events::add);
      drive.start();
      assertEquals(Optional.empty(), drive.disc());
      SampleDisc.write(dir.resolve("sample"));
      touch(dir.resolve("sample"), 1_000_000);
      drive.refresh();
      assertEquals(SampleDisc.toc(), drive.disc().orElseThrow().toc());
      Path small = smallImage("small", 1, 20);
      touch(small, 2_000_000);
      touch(dir.resolve("small.wav"), 2_000_000);
      drive.refresh();
      assertEquals(170, drive.disc().orElseThrow().toc().leadOut());
      Files.delete(small);
      drive.refresh();
      assertEquals(SampleDisc.toc(), drive.disc().orElseThrow().toc());
      try (var s = Files.list(dir.resolve("sample"))) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      drive.refresh();
      assertEquals(Optional.empty(), drive.disc());
    }
    assertEquals(List.of(DiscEvent.Kind.INSERTED, DiscEvent.Kind.SWAPPED, DiscEvent.Kind.SWAPPED, DiscEvent.Kind.EJECTED),
        events.stream().map(DiscEvent::kind).toList());
  }

  @Test
  void badImageIsSkippedUntilItIsWhole() throws IOException {
    try (ImageFolderDrive drive = ImageFolderDrive.create(dir, Duration.ofHours(1))) {
      drive.start();
      // A WAV being copied: its header promises more than is there yet.
      Files.write(dir.resolve("copying.wav"), CdFixtures.concat(Wav.header(10 * 2352), new byte[2352]));
      CdFixtures.cue(dir, "copying.cue", "FILE copying.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n");
      drive.refresh();
      assertEquals(Optional.empty(), drive.disc());
      Wav.write(dir.resolve("copying.wav"), CdFixtures.pcm(3, 10));
      drive.refresh();
      assertEquals(160, drive.disc().orElseThrow().toc().leadOut());
    }
  }

  @Test
  void pollingNoticesANewImageByItself() throws Exception {
    try (ImageFolderDrive drive = ImageFolderDrive.create(dir, Duration.ofMillis(20))) {
      drive.start();
      smallImage("late", 2, 5);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (drive.disc().isEmpty()) {
        if (System.nanoTime() > deadline) {
          fail("the poll did not see the image");
        }
        Thread.onSpinWait();
      }
      assertEquals(155, drive.disc().get().toc().leadOut());
    }
  }

  @Test
  void missingFolderIsNamed() {
    Path gone = dir.resolve("gone");
    assertEquals("no such folder: " + gone,
        assertThrows(IOException.class, () -> ImageFolderDrive.create(gone).start()).getMessage());
  }

  @Test
  void drivesArePickedByWhatTheArgumentNames() throws IOException {
    assertInstanceOf(CdParanoiaDrive.class, CdDrives.open("/dev/sr0"));
    assertInstanceOf(ImageFolderDrive.class, CdDrives.open(dir.toString()));
    Path cue = SampleDisc.write(dir.resolve("disc"));
    CdDrive image = CdDrives.open(dir.resolve("disc").toString());
    image.start();
    assertEquals(SampleDisc.toc(), image.disc().orElseThrow().toc());
    image.close();
    CdDrive byCue = CdDrives.open(cue.toString());
    byCue.start();
    assertTrue(byCue.disc().isPresent());
    Path text = Files.writeString(dir.resolve("notes.txt"), "x");
    assertEquals("not a CD device, disc image or folder: " + text,
        assertThrows(IOException.class, () -> CdDrives.open(text.toString())).getMessage());
  }
}
