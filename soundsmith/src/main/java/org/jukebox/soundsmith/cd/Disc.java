package org.jukebox.soundsmith.cd;

import java.io.IOException;
import java.io.InputStream;

/**
 * One audio CD as a {@link CdDrive} sees it: its table of contents and its audio, read as raw
 * CD PCM (44.1 kHz, 16-bit signed, stereo, little-endian, {@value Toc#BYTES_PER_FRAME} bytes per
 * frame of 1/75 s).
 *
 * <p>Frames are addressed as the {@link Toc} addresses them: from the start of the disc,
 * lead-in included, so the first readable frame is {@value Toc#LEAD_IN_FRAMES} and the last is
 * {@code toc().leadOut() - 1}. A track runs from its {@link Toc#offset} for {@link Toc#frames}
 * frames (a pregap, INDEX 00 in a CUE sheet, belongs to the end of the track before it, as on a
 * real disc read track by track).
 *
 * <p>Implementations are immutable and thread-safe; each {@link #openPcm} is an independent
 * stream. Two discs are the same disc when their {@link #origin()} and {@link #toc()} are
 * equal; {@code equals} says so.
 */
public interface Disc {
  /** The table of contents; never null. */
  Toc toc();

  /**
   * Where the disc comes from, for messages and logs: a device ({@code /dev/sr0}) or an image
   * file or folder (an absolute path). Never blank.
   */
  String origin();

  /**
   * Opens the PCM of {@code frameCount} frames from {@code firstFrame}: exactly
   * {@code frameCount * 2352} bytes, little-endian 16-bit stereo. The caller closes the stream.
   * Reading may be slow (a real drive reads at its own speed) and may block.
   *
   * @param firstFrame first frame, {@code 150 <= firstFrame}
   * @param frameCount how many, {@code firstFrame + frameCount <= toc().leadOut()}
   * @throws IOException if the disc cannot be read (ejected, image file gone); the message names
   *     the disc and the problem
   * @throws IllegalArgumentException if the range is outside the disc:
   *     {@code "frames 100..199 outside the disc's 150..1200"}
   */
  InputStream openPcm(int firstFrame, int frameCount) throws IOException;

  /**
   * Opens the PCM of one whole track; {@code openPcm(toc().offset(track), toc().frames(track))}.
   *
   * @throws IllegalArgumentException if the disc has no such track
   */
  default InputStream openTrack(int track) throws IOException {
    return openPcm(toc().offset(track), toc().frames(track));
  }

  /** Bytes of PCM in one track: its frames times 2,352. */
  default long trackBytes(int track) {
    return (long) toc().frames(track) * Toc.BYTES_PER_FRAME;
  }

  /**
   * A disc whose audio is held in memory, for tests and tools: {@code pcm} holds frames
   * {@code 150 .. toc.leadOut()-1}, so it is {@code (leadOut - 150) * 2352} bytes. The array is
   * not copied: do not change it.
   *
   * @throws IllegalArgumentException if {@code pcm} has another length:
   *     {@code "PCM of 10 bytes for a TOC of 1050 frames needs 2469600"}
   */
  static Disc inMemory(String origin, Toc toc, byte[] pcm) {
    return new MemoryDisc(origin, toc, pcm);
  }

  /**
   * Checks a frame range against a TOC, with the message {@link #openPcm} documents.
   *
   * @throws IllegalArgumentException if the range is outside the disc
   */
  static void checkRange(Toc toc, int firstFrame, int frameCount) {
    if (frameCount < 0 || firstFrame < Toc.LEAD_IN_FRAMES || (long) firstFrame + frameCount > toc.leadOut()) {
      throw new IllegalArgumentException("frames " + firstFrame + ".." + ((long) firstFrame + frameCount - 1)
          + " outside the disc's " + Toc.LEAD_IN_FRAMES + ".." + (toc.leadOut() - 1));
    }
  }
}
