package org.jukebox.session.internal;

import java.time.Duration;
import java.time.Instant;

/** Microseconds since the epoch, the unit of every session stamp. */
public final class Micros {
  private Micros() {}

  /** {@code instant} in microseconds since the epoch (truncated). */
  public static long of(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  /** {@code d} in microseconds (truncated). */
  public static long of(Duration d) {
    return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
  }
}
