package org.jukebox.client.internal;

/**
 * The fields of a 4-byte MPEG audio frame header that matter for finding frames in a byte
 * stream: enough to compute the frame's length and to check that two headers belong to the same
 * stream. Free-format and reserved values are rejected.
 *
 * @param version 1 for MPEG-1, 2 for MPEG-2, 25 for MPEG-2.5
 * @param layer 1, 2 or 3
 * @param bitrateKbps the frame's bit rate
 * @param sampleRate in Hz
 * @param length bytes in the frame, header included
 */
public record MpegFrameHeader(int version, int layer, int bitrateKbps, int sampleRate, int length) {
  private static final int[][] BITRATES = {
      {32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 layer I
      {32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 layer II
      {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 layer III
      {32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 layer I
      {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 layers II, III
  };
  private static final int[][] RATES = {{44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}};

  /** The largest frame any valid header describes, plus slack. */
  public static final int MAX_LENGTH = 4096;

  /** Parses the big-endian header in {@code b[i..i+3]}; null if those bytes are not a valid header. */
  public static MpegFrameHeader parse(byte[] b, int i) {
    int h = ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    if ((h >>> 21) != 0x7ff) {
      return null;
    }
    int versionBits = (h >>> 19) & 3;
    int layerBits = (h >>> 17) & 3;
    int bitrateIndex = (h >>> 12) & 15;
    int rateIndex = (h >>> 10) & 3;
    int padding = (h >>> 9) & 1;
    int emphasis = h & 3;
    if (versionBits == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3
        || emphasis == 2) {
      return null;
    }
    int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
    int layer = 4 - layerBits;
    int table = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
    int kbps = BITRATES[table][bitrateIndex - 1];
    int rate = RATES[version == 1 ? 0 : version == 2 ? 1 : 2][rateIndex];
    int length;
    if (layer == 1) {
      length = (12 * kbps * 1000 / rate + padding) * 4;
    } else {
      int samples = layer == 3 && version != 1 ? 576 : 1152;
      length = samples / 8 * kbps * 1000 / rate + padding;
    }
    return new MpegFrameHeader(version, layer, kbps, rate, length);
  }

  /** Whether a header that follows this one plausibly belongs to the same stream. */
  public boolean sameStreamAs(MpegFrameHeader other) {
    return other.version == version && other.layer == layer && other.sampleRate == sampleRate;
  }
}
