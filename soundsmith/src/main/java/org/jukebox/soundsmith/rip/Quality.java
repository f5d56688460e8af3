package org.jukebox.soundsmith.rip;

import java.util.Locale;
import java.util.Set;

/**
 * How the rip daemon encodes MP3: constant bit rate (the default, 192 kbps, so that duration
 * and seeking stay exact) or variable bit rate around a target. Immutable.
 */
public final class Quality {
  /** The MPEG-1 Layer III bit rates a CBR stream may have, in kbit/s. */
  public static final Set<Integer> CBR_RATES = Set.of(32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320);
  /** The default: CBR 192 kbps. */
  public static final Quality DEFAULT = new Quality(192, false);

  private final int kbps;
  private final boolean vbr;

  private Quality(int kbps, boolean vbr) {
    this.kbps = kbps;
    this.vbr = vbr;
  }

  /**
   * Constant bit rate.
   *
   * @throws IllegalArgumentException if it is not an MPEG-1 Layer III rate: {@code "not an MP3 bit rate: 100 (one of 32, 40, …, 320)"}
   */
  public static Quality cbr(int kbps) {
    if (!CBR_RATES.contains(kbps)) {
      throw new IllegalArgumentException("not an MP3 bit rate: " + kbps
          + " (one of 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)");
    }
    return new Quality(kbps, false);
  }

  /**
   * Variable bit rate around {@code kbps}; the file's duration is then known from its Xing header.
   *
   * @throws IllegalArgumentException outside 32..320: {@code "VBR target not in 32..320: 400"}
   */
  public static Quality vbr(int kbps) {
    if (kbps < 32 || kbps > 320) {
      throw new IllegalArgumentException("VBR target not in 32..320: " + kbps);
    }
    return new Quality(kbps, true);
  }

  /**
   * Reads the command-line form: {@code 192} or {@code cbr:192} for CBR, {@code vbr} (target 192)
   * or {@code vbr:160}.
   *
   * @throws IllegalArgumentException naming the text: {@code "quality is N, cbr:N, vbr or vbr:N: fast"}
   */
  public static Quality parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("vbr")) {
        return vbr(DEFAULT.kbps);
      }
      if (t.startsWith("vbr:")) {
        return vbr(Integer.parseInt(t.substring(4)));
      }
      return cbr(Integer.parseInt(t.startsWith("cbr:") ? t.substring(4) : t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("quality is N, cbr:N, vbr or vbr:N: " + text);
    }
  }

  /** The bit rate, or the VBR target, in kbit/s. */
  public int kbps() {
    return kbps;
  }

  public boolean vbr() {
    return vbr;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quality q && q.kbps == kbps && q.vbr == vbr;
  }

  @Override
  public int hashCode() {
    return kbps * 2 + (vbr ? 1 : 0);
  }

  /** {@code "CBR 192 kbps"} or {@code "VBR ~160 kbps"}. */
  @Override
  public String toString() {
    return vbr ? "VBR ~" + kbps + " kbps" : "CBR " + kbps + " kbps";
  }
}
