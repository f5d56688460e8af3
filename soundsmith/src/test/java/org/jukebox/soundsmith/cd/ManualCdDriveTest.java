package org.jukebox.soundsmith.cd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManualCdDriveTest {
  private static final Toc TOC = Toc.of(1, 2, 160, List.of(150, 155));

  private static byte[] pcm() {
    byte[] b = new byte[10 * Toc.BYTES_PER_FRAME];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i / Toc.BYTES_PER_FRAME);
    }
    return b;
  }

  @Test
  void insertSwapAndEjectAreToldInOrder() {
    ManualCdDrive drive = ManualCdDrive.create("test drive");
    drive.start();
    List<DiscEvent> events = new ArrayList<>();
    drive.addListener(events::add);
    Disc a = Disc.inMemory("a", TOC, pcm());
    Disc b = Disc.inMemory("b", TOC, pcm());
    drive.insert(a);
    drive.insert(a);
    drive.insert(b);
    drive.eject();
    drive.eject();
    assertEquals(List.of(
        new DiscEvent(DiscEvent.Kind.INSERTED, Optional.empty(), Optional.of(a)),
        new DiscEvent(DiscEvent.Kind.SWAPPED, Optional.of(a), Optional.of(b)),
        new DiscEvent(DiscEvent.Kind.EJECTED, Optional.of(b), Optional.empty())), events);
    assertEquals(Optional.empty(), drive.disc());
    drive.close();
  }

  @Test
  void driveStartsOnce() {
    ManualCdDrive drive = ManualCdDrive.create("d");
    drive.start();
    assertEquals("already started", assertThrows(IllegalStateException.class, drive::start).getMessage());
    drive.close();
    drive.close();
  }

  @Test
  void trackReadsItsFramesOnly() throws Exception {
    Disc d = Disc.inMemory("a", TOC, pcm());
    try (InputStream in = d.openTrack(2)) {
      byte[] got = in.readAllBytes();
      assertEquals(5 * Toc.BYTES_PER_FRAME, got.length);
      assertEquals(5, got[0]);
      assertEquals(9, got[got.length - 1]);
    }
    assertArrayEquals(pcm(), d.openPcm(150, 10).readAllBytes());
  }

  @Test
  void rangeOutsideTheDiscIsRefused() {
    Disc d = Disc.inMemory("a", TOC, pcm());
    assertEquals("frames 155..160 outside the disc's 150..159",
        assertThrows(IllegalArgumentException.class, () -> d.openPcm(155, 6)).getMessage());
    assertEquals("PCM of 3 bytes for a TOC of 10 frames needs 23520",
        assertThrows(IllegalArgumentException.class, () -> Disc.inMemory("a", TOC, new byte[3])).getMessage());
  }

  @Test
  void swapNeedsTwoDifferentDiscs() {
    Disc a = Disc.inMemory("a", TOC, pcm());
    assertEquals("SWAPPED needs two different discs", assertThrows(IllegalArgumentException.class,
        () -> new DiscEvent(DiscEvent.Kind.SWAPPED, Optional.of(a), Optional.of(a))).getMessage());
  }
}
