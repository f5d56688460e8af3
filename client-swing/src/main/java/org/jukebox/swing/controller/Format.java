package org.jukebox.swing.controller;

import java.time.Duration;

/** How durations and counts read on screen. Stateless. */
public final class Format {
  private Format() {}

  /** "3:07", or "1:02:03" past an hour; negative durations read as zero. */
  public static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s >= 3600) {
      return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format("%d:%02d", s / 60, s % 60);
  }

  /** "1 song", "12,345 songs". */
  public static String count(int n, String noun) {
    return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
