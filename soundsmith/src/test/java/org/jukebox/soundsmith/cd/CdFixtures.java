package org.jukebox.soundsmith.cd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Real WAV files and CUE sheets for the CD tests. */
final class CdFixtures {
  private CdFixtures() {}

  /** {@code frames} frames of seeded noise: every image's bytes differ and can be compared. */
  static byte[] pcm(long seed, int frames) {
    byte[] b = new byte[frames * Toc.BYTES_PER_FRAME];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteBuffer all = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] p : parts) {
      all.put(p);
    }
    return all.array();
  }

  static Path cue(Path dir, String name, String text) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** A WAV header with any format fields, for refusals. */
  static byte[] wavHeader(int rate, int bits, int channels, long dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157);
    b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
    b.putInt(0x61746164).putInt((int) dataBytes);
    return b.array();
  }
}
