package org.jukebox.soundsmith.internal.mp3;

/**
 * One decoded 4-byte MPEG audio frame header (Layer III only: that is what an MP3 is).
 *
 * @param version 1 for MPEG-1, 2 for MPEG-2, 25 for MPEG-2.5
 * @param bitrateKbps bit rate of this frame
 * @param sampleRateHz sample rate
 * @param padding whether the frame carries one padding byte
 * @param mono whether the channel mode is single channel
 * @param crc whether a 16-bit CRC follows the header
 */
public record MpegHeader(int version, int bitrateKbps, int sampleRateHz, boolean padding, boolean mono, boolean crc) {
  private static final int[] BITRATES_V1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  private static final int[] BITRATES_V2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  private static final int[] RATES_V1 = {44100, 48000, 32000};

  /**
   * Decodes a big-endian header word; null when it is not a Layer III header we can size (free
   * format and reserved values are refused, which also keeps false syncs in random data rare).
   */
  public static MpegHeader parse(int word) {
    if ((word >>> 21) != 0x7FF) {
      return null;
    }
    int versionBits = (word >>> 19) & 3;
    int layerBits = (word >>> 17) & 3;
    int bitrateIndex = (word >>> 12) & 15;
    int rateIndex = (word >>> 10) & 3;
    if (versionBits == 1 || layerBits != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
      return null;
    }
    int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
    int bitrate = version == 1 ? BITRATES_V1[bitrateIndex] : BITRATES_V2[bitrateIndex];
    int rate = RATES_V1[rateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
    boolean padding = ((word >>> 9) & 1) != 0;
    boolean mono = ((word >>> 6) & 3) == 3;
    boolean crc = ((word >>> 16) & 1) == 0;
    return new MpegHeader(version, bitrate, rate, padding, mono, crc);
  }

  /** Reads the header at {@code offset} of {@code b}; null if out of bounds or not a header. */
  public static MpegHeader parse(byte[] b, int offset) {
    if (offset < 0 || offset + 4 > b.length) {
      return null;
    }
    return parse(((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
        | (b[offset + 3] & 0xFF));
  }

  /** PCM samples per channel that one frame decodes to. */
  public int samplesPerFrame() {
    return version == 1 ? 1152 : 576;
  }

  /** Bytes in this frame, header included. */
  public int frameLength() {
    int coefficient = version == 1 ? 144 : 72;
    return coefficient * bitrateKbps * 1000 / sampleRateHz + (padding ? 1 : 0);
  }

  /** Offset from the frame start of a Xing/Info header, which sits right after the side info. */
  public int xingOffset() {
    int sideInfo = version == 1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
    return 4 + (crc ? 2 : 0) + sideInfo;
  }

  /** Whether another header plausibly belongs to the same stream (same version and rate). */
  public boolean sameStream(MpegHeader other) {
    return other != null && other.version == version && other.sampleRateHz == sampleRateHz;
  }
}
