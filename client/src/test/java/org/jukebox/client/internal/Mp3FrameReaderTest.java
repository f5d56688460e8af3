package org.jukebox.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Mp3FrameReaderTest {
  /** Frame header of 128 kbit/s, 44.1 kHz, MPEG-1 layer III, joint stereo, unpadded. */
  private static final byte[] HEADER = {(byte) 0xff, (byte) 0xfb, (byte) 0x90, 0x64};

  /** {@code n} frame headers 417 bytes apart after {@code paddingBefore} zero bytes (payloads are never decoded here). */
  private static byte[] frames(int n, int paddingBefore) {
    byte[] b = new byte[paddingBefore + n * 417];
    for (int i = 0; i < n; i++) {
      System.arraycopy(HEADER, 0, b, paddingBefore + i * 417, 4);
    }
    return b;
  }

  @Test
  void headerGivesLengthAndRate() {
    MpegFrameHeader h = MpegFrameHeader.parse(HEADER, 0);
    assertNotNull(h);
    assertEquals(new MpegFrameHeader(1, 3, 128, 44_100, 417), h);
    assertNull(MpegFrameHeader.parse(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0));
  }

  @Test
  void readerSynchronizesOnTwoConsecutiveHeadersAfterJunk() throws Exception {
    byte[] b = frames(4, 1000);
    // A lone false sync in the junk must be skipped: it is not followed by a header.
    System.arraycopy(HEADER, 0, b, 100, 4);
    try (Mp3FrameReader r = Mp3FrameReader.open(new ByteArrayInputStream(b), 5000)) {
      assertEquals(5000 + 1000, r.firstFrameOffset());
      assertEquals(128, r.firstBitrateKbps());
    }
  }

  @Test
  void id3v2TagIsSkippedAtTheStartOfASong() throws Exception {
    byte[] audio = frames(3, 0);
    byte[] tagged = new byte[10 + 100 + audio.length];
    tagged[0] = 'I';
    tagged[1] = 'D';
    tagged[2] = '3';
    tagged[3] = 3;
    tagged[9] = 100; // synchsafe: 7 bits per byte
    System.arraycopy(audio, 0, tagged, 110, audio.length);
    try (Mp3FrameReader r = Mp3FrameReader.open(new ByteArrayInputStream(tagged), 0)) {
      assertEquals(110, r.audioStart());
      assertEquals(110, r.firstFrameOffset());
    }
  }

  @Test
  void randomBytesAndEmptyStreamsAreNotAudio() {
    byte[] junk = new byte[5000];
    new Random(9).nextBytes(junk);
    assertEquals("no MPEG audio frame in the first 5000 bytes", assertThrows(CorruptAudioException.class,
        () -> Mp3FrameReader.open(new ByteArrayInputStream(junk), 0)).getMessage());
    assertEquals("the stream is empty", assertThrows(CorruptAudioException.class,
        () -> Mp3FrameReader.open(new ByteArrayInputStream(new byte[0]), 0)).getMessage());
  }

  @Test
  void aSeekIntoTheLastBytesIsTheEndOfTheSong() throws Exception {
    try (Mp3FrameReader r = Mp3FrameReader.open(new ByteArrayInputStream(new byte[100]), 90_000)) {
      assertNull(r.next());
    }
  }

  @Test
  void consecutiveHeadersFoundAtEveryFrameBoundaryOfARealLayout() {
    byte[] b = frames(10, 0);
    Set<Integer> starts = new HashSet<>();
    for (int i = 0; i + 4 <= b.length; i++) {
      MpegFrameHeader h = MpegFrameHeader.parse(b, i);
      if (h != null) {
        starts.add(i);
      }
    }
    assertEquals(10, starts.size());
    assertTrue(starts.contains(417 * 9));
  }
}
