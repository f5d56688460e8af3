package org.jukebox.soundsmith.cd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The table of contents of an audio CD: which tracks it has and where each starts, in frames of
 * 1/75 s counted from the start of the disc including the 150-frame lead-in (so the first track
 * of an ordinary disc starts at 150). From it come the disc's freedb/CDDB and MusicBrainz IDs,
 * computed exactly as libdiscid computes them.
 *
 * <p>Immutable and thread-safe.
 */
public final class Toc {
  /** Frames per second of CD audio. */
  public static final int FRAMES_PER_SECOND = 75;
  /** Bytes of 44.1 kHz 16-bit stereo PCM in one frame. */
  public static final int BYTES_PER_FRAME = 2352;
  /** Frames before the first possible track start (two seconds). */
  public static final int LEAD_IN_FRAMES = 150;
  /** The largest track number a CD may have. */
  public static final int MAX_TRACK = 99;

  private final int firstTrack;
  private final int lastTrack;
  private final int leadOut;
  private final int[] offsets;

  private Toc(int firstTrack, int lastTrack, int leadOut, int[] offsets) {
    this.firstTrack = firstTrack;
    this.lastTrack = lastTrack;
    this.leadOut = leadOut;
    this.offsets = offsets;
  }

  /**
   * A table of contents, checked.
   *
   * @param firstTrack number of the first track, 1 to 99
   * @param lastTrack number of the last track, {@code firstTrack} to 99
   * @param leadOut the frame where the lead-out starts (the end of the last track)
   * @param offsets start frame of each track from {@code firstTrack} to {@code lastTrack},
   *     increasing, the first at least 150, the last below {@code leadOut}
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Toc of(int firstTrack, int lastTrack, int leadOut, List<Integer> offsets) {
    if (firstTrack < 1 || firstTrack > MAX_TRACK) {
      throw new IllegalArgumentException("first track not in 1..99: " + firstTrack);
    }
    if (lastTrack < firstTrack || lastTrack > MAX_TRACK) {
      throw new IllegalArgumentException("last track not in " + firstTrack + "..99: " + lastTrack);
    }
    int count = lastTrack - firstTrack + 1;
    if (offsets.size() != count) {
      throw new IllegalArgumentException("tracks " + firstTrack + ".." + lastTrack + " need " + count
          + " offsets, got " + offsets.size());
    }
    int[] o = new int[count];
    int previous = LEAD_IN_FRAMES - 1;
    for (int i = 0; i < count; i++) {
      int offset = offsets.get(i);
      if (offset <= previous) {
        throw new IllegalArgumentException(i == 0
            ? "track " + firstTrack + " starts before frame 150: " + offset
            : "track " + (firstTrack + i) + " does not start after track " + (firstTrack + i - 1) + ": " + offset);
      }
      o[i] = offset;
      previous = offset;
    }
    if (leadOut <= previous) {
      throw new IllegalArgumentException("lead-out " + leadOut + " is not after the last track's start " + previous);
    }
    return new Toc(firstTrack, lastTrack, leadOut, o);
  }

  /**
   * Parses the form {@code jukebox discid --toc} takes: {@code "FIRST LAST LEADOUT OFFSET…"},
   * numbers separated by spaces or commas.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Toc parse(String text) {
    String[] words = text.trim().split("[\\s,]+");
    if (words.length < 4) {
      throw new IllegalArgumentException("a TOC is \"FIRST LAST LEADOUT OFFSET...\", got: \"" + text.trim() + "\"");
    }
    int[] n = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      try {
        n[i] = Integer.parseInt(words[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number in the TOC: \"" + words[i] + "\"");
      }
    }
    return of(n[0], n[1], n[2], Arrays.stream(n, 3, n.length).boxed().toList());
  }

  public int firstTrack() {
    return firstTrack;
  }

  public int lastTrack() {
    return lastTrack;
  }

  /** How many tracks the disc has. */
  public int trackCount() {
    return offsets.length;
  }

  /** The frame where the lead-out starts. */
  public int leadOut() {
    return leadOut;
  }

  /** Start frame of each track, first to last. */
  public List<Integer> offsets() {
    return Arrays.stream(offsets).boxed().toList();
  }

  /**
   * Start frame of track {@code number}.
   *
   * @throws IllegalArgumentException if the disc has no such track
   */
  public int offset(int number) {
    return offsets[index(number)];
  }

  /** Frames in track {@code number}, up to the next track or the lead-out. */
  public int frames(int number) {
    int i = index(number);
    return (i + 1 < offsets.length ? offsets[i + 1] : leadOut) - offsets[i];
  }

  /** Playing time of track {@code number}, to the millisecond (a frame is 13⅓ ms). */
  public Duration duration(int number) {
    return Duration.ofMillis(frames(number) * 1000L / FRAMES_PER_SECOND);
  }

  /** Playing time of the whole disc, from the first track to the lead-out. */
  public Duration duration() {
    return Duration.ofMillis((leadOut - offsets[0]) * 1000L / FRAMES_PER_SECOND);
  }

  /**
   * The freedb/CDDB disc ID, eight lower-case hex digits: the digit sums of each track's start
   * second (mod 255), the disc's length in whole seconds, and the track count.
   *
   * <p>As libdiscid does it, a disc whose first track is not 1 counts its length from frame 0
   * (the absent track 1 starts "at 0") and its track count as the last track's number.
   */
  public String freedbId() {
    int sum = 0;
    for (int offset : offsets) {
      sum += digitSum(offset / FRAMES_PER_SECOND);
    }
    int trackOne = firstTrack == 1 ? offsets[0] : 0;
    int seconds = leadOut / FRAMES_PER_SECOND - trackOne / FRAMES_PER_SECOND;
    long id = ((long) (sum % 255) << 24) | ((long) seconds << 8) | lastTrack;
    byte[] hex = new byte[8];
    putHex(hex, 0, (int) id, 8, LOWER_HEX);
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  /**
   * The MusicBrainz disc ID: SHA-1 over the first and last track numbers and the lead-out and
   * 99 track offsets in upper-case hex (absent tracks as zero), in base 64 with
   * {@code + / =} replaced by {@code . _ -}.
   */
  public String musicBrainzId() {
    // Built byte by byte and hashed with a per-thread digest: the benchmark asks for a million
    // IDs a second, which String.format and a fresh MessageDigest per call cannot give.
    byte[] text = ZEROS.clone(); // absent tracks stay "00000000"
    putHex(text, 0, firstTrack, 2, UPPER_HEX);
    putHex(text, 2, lastTrack, 2, UPPER_HEX);
    putHex(text, 4, leadOut, 8, UPPER_HEX);
    int at = 12 + 8 * (firstTrack - 1);
    for (int offset : offsets) {
      putHex(text, at, offset, 8, UPPER_HEX);
      at += 8;
    }
    byte[] digest = SHA1.get().digest(text);
    // Base 64 of the 20 bytes straight into MusicBrainz's alphabet ("+/=" as "._-"): 28 characters.
    byte[] id = new byte[28];
    int o = 0;
    for (int i = 0; i < 18; i += 3) {
      int v = (digest[i] & 0xff) << 16 | (digest[i + 1] & 0xff) << 8 | (digest[i + 2] & 0xff);
      id[o++] = MB_BASE64[v >>> 18];
      id[o++] = MB_BASE64[(v >>> 12) & 63];
      id[o++] = MB_BASE64[(v >>> 6) & 63];
      id[o++] = MB_BASE64[v & 63];
    }
    int v = (digest[18] & 0xff) << 16 | (digest[19] & 0xff) << 8;
    id[o++] = MB_BASE64[v >>> 18];
    id[o++] = MB_BASE64[(v >>> 12) & 63];
    id[o++] = MB_BASE64[(v >>> 6) & 63];
    id[o] = '-';
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  private static final byte[] MB_BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._".getBytes(StandardCharsets.US_ASCII);

  /** The text hashed for a MusicBrainz ID with every field zero: {@code 2+2+8*100} ASCII zeros. */
  private static final byte[] ZEROS = "0".repeat(2 + 2 + 8 * 100).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-1", e);
    }
  });

  /** Writes the low {@code digits} hex digits of {@code value} at {@code at}, most significant first. */
  private static void putHex(byte[] to, int at, int value, int digits, byte[] alphabet) {
    int v = value;
    for (int i = digits - 1; i >= 0; i--) {
      to[at + i] = alphabet[v & 0xF];
      v >>>= 4;
    }
  }

  /**
   * The arguments of a CDDB {@code cddb query} command: disc ID, track count, each track's
   * start frame, and the disc's length in seconds.
   */
  public String cddbQuery() {
    StringBuilder q = new StringBuilder(freedbId()).append(' ').append(offsets.length);
    for (int offset : offsets) {
      q.append(' ').append(offset);
    }
    return q.append(' ').append(leadOut / FRAMES_PER_SECOND).toString();
  }

  private int index(int number) {
    if (number < firstTrack || number > lastTrack) {
      throw new IllegalArgumentException("no track " + number + " on a disc of tracks " + firstTrack + ".." + lastTrack);
    }
    return number - firstTrack;
  }

  /** Digit sums of 0..9999: every start second of a disc up to 166 minutes, looked up instead of divided. */
  private static final byte[] DIGIT_SUMS = new byte[10_000];

  static {
    for (int i = 0; i < DIGIT_SUMS.length; i++) {
      DIGIT_SUMS[i] = (byte) (i % 10 + i / 10 % 10 + i / 100 % 10 + i / 1000);
    }
  }

  private static int digitSum(int n) {
    if (n < DIGIT_SUMS.length) {
      return DIGIT_SUMS[n];
    }
    int sum = 0;
    for (; n > 0; n /= 10) {
      sum += n % 10;
    }
    return sum;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Toc t && t.firstTrack == firstTrack && t.lastTrack == lastTrack && t.leadOut == leadOut
        && Arrays.equals(t.offsets, offsets);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * firstTrack + lastTrack) + leadOut) + Arrays.hashCode(offsets);
  }

  /** The {@link #parse} form. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(firstTrack).append(' ').append(lastTrack).append(' ').append(leadOut);
    for (int offset : offsets) {
      s.append(' ').append(offset);
    }
    return s.toString();
  }
}
