package org.jukebox.session.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * Decides from the first bytes of an upload whether it is audio of the type it claims, before
 * anything is stored: MPEG audio (an optional ID3v2 tag, then two consecutive valid frame headers,
 * or one that fills the sample), RIFF/WAVE with a {@code fmt } chunk, or Sun/NeXT {@code .snd}.
 *
 * <p>Stateless.
 */
public final class AudioCheck {
  /** How many leading bytes {@link #check} wants (fewer when the whole upload is shorter). */
  public static final int HEAD_BYTES = 64 * 1024;

  private static final int[][] MPEG1_BITRATES = {
      {},
      {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // layer I
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},   // layer II
      {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},    // layer III
  };
  private static final int[][] MPEG2_BITRATES = {
      {},
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
  };
  private static final int[] MPEG1_RATES = {44100, 48000, 32000};

  private AudioCheck() {}

  /** What a check found. */
  public enum Format { MP3, WAV, AU }

  /**
   * The audio found, with the playing time it implies (zero when it cannot tell).
   *
   * @param format the container
   * @param duration estimated from the header and the total size; zero if unknown
   */
  public record Result(Format format, Duration duration) {}

  /**
   * The format a media type names, or null if uploads of it are not taken.
   */
  public static Format formatOf(String contentType) {
    String t = contentType.toLowerCase(Locale.ROOT).strip();
    int semi = t.indexOf(';');
    if (semi >= 0) {
      t = t.substring(0, semi).strip();
    }
    return switch (t) {
      case "audio/mpeg", "audio/mp3" -> Format.MP3;
      case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave" -> Format.WAV;
      case "audio/basic", "audio/au" -> Format.AU;
      default -> null;
    };
  }

  /**
   * Checks that {@code head} (the first bytes of an upload of {@code totalSize} bytes) is audio of
   * {@code expected}'s format.
   *
   * @throws IllegalArgumentException saying what was expected and what was found
   */
  public static Result check(byte[] head, int length, long totalSize, Format expected) {
    return switch (expected) {
      case MP3 -> mp3(head, length, totalSize);
      case WAV -> wav(head, length);
      case AU -> au(head, length, totalSize);
    };
  }

  private static Result mp3(byte[] b, int n, long total) {
    int offset = 0;
    if (n >= 10 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
      int size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
      boolean footer = (b[5] & 0x10) != 0;
      offset = 10 + size + (footer ? 10 : 0);
      if (offset + 4 > n) {
        throw new IllegalArgumentException("not MPEG audio: the ID3v2 tag (" + offset
            + " bytes) leaves no audio frame within the first " + n + " bytes");
      }
    }
    int[] first = frame(b, offset, n);
    if (first == null) {
      throw new IllegalArgumentException("not MPEG audio: no frame header at byte " + offset);
    }
    int next = offset + first[0];
    if (next + 4 <= n) {
      if (frame(b, next, n) == null) {
        throw new IllegalArgumentException("not MPEG audio: no second frame header at byte " + next);
      }
    } else if (next < n) {
      throw new IllegalArgumentException("not MPEG audio: a single frame header, then no audio");
    }
    long bitrate = first[1] * 1000L;
    Duration d = bitrate <= 0 ? Duration.ZERO : Duration.ofNanos((long) ((total - offset) * 8.0 / bitrate * 1e9));
    return new Result(Format.MP3, d);
  }

  /** {frame length, bitrate kbps} of a valid header at {@code at}, or null. */
  private static int[] frame(byte[] b, int at, int n) {
    if (at < 0 || at + 4 > n) {
      return null;
    }
    int h = ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    if ((h >>> 21) != 0x7ff) {
      return null;
    }
    int version = (h >>> 19) & 3; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5, 1 reserved
    int layerBits = (h >>> 17) & 3; // 3 = I, 2 = II, 1 = III, 0 reserved
    int bitrateIndex = (h >>> 12) & 0xf;
    int rateIndex = (h >>> 10) & 3;
    int padding = (h >>> 9) & 1;
    if (version == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
      return null;
    }
    int layer = 4 - layerBits;
    int kbps = (version == 3 ? MPEG1_BITRATES : MPEG2_BITRATES)[layer][bitrateIndex];
    int rate = MPEG1_RATES[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
    int length;
    if (layer == 1) {
      length = (12 * kbps * 1000 / rate + padding) * 4;
    } else if (layer == 3 && version != 3) {
      length = 72 * kbps * 1000 / rate + padding;
    } else {
      length = 144 * kbps * 1000 / rate + padding;
    }
    return length < 4 ? null : new int[] {length, kbps};
  }

  private static Result wav(byte[] b, int n) {
    if (n < 12 || !ascii(b, 0, "RIFF") || !ascii(b, 8, "WAVE")) {
      throw new IllegalArgumentException("not WAV audio: no RIFF/WAVE header");
    }
    int at = 12;
    long byteRate = 0;
    boolean fmt = false;
    while (at + 8 <= n) {
      long size = le32(b, at + 4);
      if (ascii(b, at, "fmt ")) {
        if (at + 8 + 16 > n) {
          break;
        }
        int format = le16(b, at + 8);
        if (format != 1 && format != 3 && format != 0xfffe) {
          throw new IllegalArgumentException("not WAV audio: format tag " + format + " is not PCM");
        }
        byteRate = le32(b, at + 8 + 8);
        fmt = true;
      } else if (ascii(b, at, "data")) {
        if (!fmt) {
          break;
        }
        Duration d = byteRate <= 0 ? Duration.ZERO : Duration.ofNanos((long) (size * 1e9 / byteRate));
        return new Result(Format.WAV, d);
      }
      at += 8 + (int) Math.min(Integer.MAX_VALUE - 16, size + (size & 1));
    }
    if (fmt) {
      return new Result(Format.WAV, Duration.ZERO);
    }
    throw new IllegalArgumentException("not WAV audio: no fmt chunk");
  }

  private static Result au(byte[] b, int n, long total) {
    if (n < 24 || !ascii(b, 0, ".snd")) {
      throw new IllegalArgumentException("not AU audio: no .snd header");
    }
    long offset = be32(b, 4);
    long encoding = be32(b, 12);
    long rate = be32(b, 16);
    long channels = be32(b, 20);
    int bytesPerSample = switch ((int) encoding) {
      case 1, 2 -> 1;
      case 3 -> 2;
      case 4 -> 3;
      case 5, 6 -> 4;
      case 7 -> 8;
      default -> 0;
    };
    if (offset < 24 || rate <= 0 || channels <= 0 || bytesPerSample == 0) {
      throw new IllegalArgumentException("not AU audio: bad header (offset " + offset + ", encoding " + encoding
          + ", rate " + rate + ", channels " + channels + ")");
    }
    double seconds = (total - offset) / (double) (rate * channels * bytesPerSample);
    return new Result(Format.AU, Duration.ofNanos((long) (Math.max(0, seconds) * 1e9)));
  }

  private static boolean ascii(byte[] b, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xff) | ((b[at + 1] & 0xff) << 8);
  }

  private static long le32(byte[] b, int at) {
    return (b[at] & 0xffL) | ((b[at + 1] & 0xffL) << 8) | ((b[at + 2] & 0xffL) << 16) | ((b[at + 3] & 0xffL) << 24);
  }

  private static long be32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
  }
}
