package org.jukebox.soundsmith.cd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.jukebox.soundsmith.internal.mp3.Synth;
import org.jukebox.soundsmith.internal.mp3.Synth.Envelope;
import org.jukebox.soundsmith.internal.mp3.Synth.Style;
import org.jukebox.soundsmith.internal.mp3.Synth.Waveform;

/**
 * Writes Jukebox's sample disc image: a CUE sheet and two WAV files holding four short tracks of
 * original music synthesized here, always the same bytes (so the same TOC and disc IDs on every
 * machine). It exercises what real images have: two {@code FILE}s, two tracks per file, and a
 * one-second pregap ({@code INDEX 00}) before track 2. For the demo and for tests.
 *
 * <p>Thread-safe: static methods; files are written atomically.
 */
public final class SampleDisc {
  /** The CUE sheet's file name. */
  public static final String CUE_FILE = "sample-disc.cue";
  /** The disc's artist, as an xmcd entry for it would name it. */
  public static final String ARTIST = "The Jukebox Quartet";
  /** The disc's title. */
  public static final String ALBUM = "Sample Disc";
  /** Its year. */
  public static final int YEAR = 2026;
  /** Its genre. */
  public static final String GENRE = "Instrumental";
  /** Its track titles, first to last. */
  public static final List<String> TITLES = List.of("Lead-in Waltz", "Pregap Blues", "Frame by Frame", "Lead-out");

  /** Frames of each track's audio (its pregap excluded): 7, 9, 6 and 8 seconds. */
  private static final int[] TRACK_FRAMES = {7 * 75, 9 * 75, 6 * 75, 8 * 75};
  /** Silence before track 2's INDEX 01, in frames. */
  private static final int PREGAP_FRAMES = 75;

  private SampleDisc() {}

  /**
   * Writes the sample disc into {@code folder} (created if needed) unless its CUE sheet is there
   * already, and returns the CUE sheet's path.
   *
   * @throws IOException if a file cannot be written
   */
  public static Path write(Path folder) throws IOException {
    Objects.requireNonNull(folder, "folder");
    Path cue = folder.resolve(CUE_FILE);
    if (Files.isRegularFile(cue)) {
      return cue;
    }
    Files.createDirectories(folder);
    // File 1: track 1, then the pregap of track 2 and track 2. File 2: tracks 3 and 4.
    byte[] t1 = track(0);
    byte[] t2 = track(1);
    byte[] gap = new byte[PREGAP_FRAMES * Toc.BYTES_PER_FRAME];
    Wav.write(folder.resolve("sample-disc-1.wav"), concat(t1, gap, t2));
    Wav.write(folder.resolve("sample-disc-2.wav"), concat(track(2), track(3)));
    // No TITLE or PERFORMER: the disc's names are to come from a disc database, as for a
    // disc in a drive.
    String sheet = "REM COMMENT \"Jukebox sample disc\"\n"
        + "FILE \"sample-disc-1.wav\" WAVE\n"
        + "  TRACK 01 AUDIO\n"
        + "    INDEX 01 00:00:00\n"
        + "  TRACK 02 AUDIO\n"
        + "    INDEX 00 " + DiscImage.clock(TRACK_FRAMES[0]) + "\n"
        + "    INDEX 01 " + DiscImage.clock(TRACK_FRAMES[0] + PREGAP_FRAMES) + "\n"
        + "FILE \"sample-disc-2.wav\" WAVE\n"
        + "  TRACK 03 AUDIO\n"
        + "    INDEX 01 00:00:00\n"
        + "  TRACK 04 AUDIO\n"
        + "    INDEX 01 " + DiscImage.clock(TRACK_FRAMES[2]) + "\n";
    Path tmp = Files.createTempFile(folder, ".sample-disc", ".tmp");
    try {
      Files.writeString(tmp, sheet, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, cue, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, cue, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return cue;
  }

  /**
   * Writes an xmcd entry for the sample disc into a local disc database in the freedb dump
   * layout ({@code root/misc/<freedb id>}), unless it is there already, and returns its path:
   * what a user's own database would hold for a disc they own.
   *
   * @throws IOException if it cannot be written
   */
  public static Path writeXmcd(Path root) throws IOException {
    Toc toc = toc();
    Path entry = root.resolve("misc").resolve(toc.freedbId());
    if (Files.isRegularFile(entry)) {
      return entry;
    }
    StringBuilder s = new StringBuilder("# xmcd\n#\n# Track frame offsets:\n");
    for (int offset : toc.offsets()) {
      s.append("#\t").append(offset).append('\n');
    }
    s.append("#\n# Disc length: ").append(toc.leadOut() / Toc.FRAMES_PER_SECOND).append(" seconds\n#\n")
        .append("DISCID=").append(toc.freedbId()).append('\n')
        .append("DTITLE=").append(ARTIST).append(" / ").append(ALBUM).append('\n')
        .append("DYEAR=").append(YEAR).append('\n')
        .append("DGENRE=").append(GENRE).append('\n');
    for (int i = 0; i < TITLES.size(); i++) {
      s.append("TTITLE").append(i).append('=').append(TITLES.get(i)).append('\n');
    }
    s.append("EXTD=").append(info().extended()).append('\n');
    Files.createDirectories(entry.getParent());
    Path tmp = Files.createTempFile(entry.getParent(), ".xmcd", ".tmp");
    try {
      Files.writeString(tmp, s, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return entry;
  }

  /** The sample disc's table of contents, as {@link DiscImage#open} reads it from the files. */
  public static Toc toc() {
    int t1 = Toc.LEAD_IN_FRAMES;
    int t2 = t1 + TRACK_FRAMES[0] + PREGAP_FRAMES;
    int t3 = t2 + TRACK_FRAMES[1];
    int t4 = t3 + TRACK_FRAMES[2];
    return Toc.of(1, 4, t4 + TRACK_FRAMES[3], List.of(t1, t2, t3, t4));
  }

  /** What a disc database would say about the sample disc (its freedb ID, artist, titles). */
  public static DiscInfo info() {
    return new DiscInfo(toc().freedbId(), ARTIST, ALBUM, YEAR, GENRE, TITLES,
        List.of("", "", "", ""), "Four short pieces synthesized by Jukebox for its demo.");
  }

  /**
   * The PCM of one track (index 0 to 3), little-endian 16-bit stereo, whole frames: a melody in
   * the left channel and the same a little softer and later in the right.
   */
  static byte[] track(int index) {
    int frames = TRACK_FRAMES[index];
    Waveform[] waves = Waveform.values();
    Style style = new Style(1000 + index, 96 + 12 * index, 55 + 2 * index, index % 2 == 1, waves[index % waves.length],
        index % 2 == 0 ? Envelope.PLUCK : Envelope.LEAD, Waveform.SINE, index != 1);
    short[] mono = Synth.song(style, frames / 75.0, 44_100);
    int samples = frames * Toc.BYTES_PER_FRAME / 4;
    byte[] pcm = new byte[frames * Toc.BYTES_PER_FRAME];
    int delay = 441; // 10 ms: a little width
    for (int i = 0; i < samples; i++) {
      int left = i < mono.length ? mono[i] : 0;
      int j = i - delay;
      int right = j >= 0 && j < mono.length ? mono[j] * 7 / 8 : 0;
      pcm[4 * i] = (byte) left;
      pcm[4 * i + 1] = (byte) (left >> 8);
      pcm[4 * i + 2] = (byte) right;
      pcm[4 * i + 3] = (byte) (right >> 8);
    }
    return pcm;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
