package org.jukebox.session.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jukebox.api.RateLimitedException;

/**
 * A token bucket per principal name, judged by an injected clock: a principal may make
 * {@code burst} requests at once and {@code perSecond} sustained; one that floods is refused
 * without slowing anyone else (each bucket has its own lock).
 *
 * <p>Thread-safe.
 */
public final class RateLimiter {
  private final Clock clock;
  private final int burst;
  private final double perSecond;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @throws IllegalArgumentException if {@code burst < 1} or {@code perSecond <= 0}
   */
  public RateLimiter(Clock clock, int burst, double perSecond) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (burst < 1) {
      throw new IllegalArgumentException("burst < 1: " + burst);
    }
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("perSecond <= 0: " + perSecond);
    }
    this.burst = burst;
    this.perSecond = perSecond;
  }

  /**
   * Takes one token of {@code who}'s.
   *
   * @throws RateLimitedException naming who, the limits and when to retry, if none is left
   */
  public void acquire(String who) throws RateLimitedException {
    long nowNanos = micros(clock) * 1000;
    Bucket b = buckets.computeIfAbsent(who, k -> new Bucket(burst, nowNanos));
    double waitSeconds;
    synchronized (b) {
      double elapsed = Math.max(0, nowNanos - b.lastNanos) / 1e9;
      b.tokens = Math.min(burst, b.tokens + elapsed * perSecond);
      b.lastNanos = Math.max(b.lastNanos, nowNanos);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      waitSeconds = (1 - b.tokens) / perSecond;
    }
    throw new RateLimitedException(who + " sent more than " + burst + " requests at once or " + perSecond
        + " per second; retry in " + Math.max(1, Math.round(waitSeconds * 1000)) + " ms");
  }

  static long micros(Clock clock) {
    return Micros.of(clock.instant());
  }

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(int tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }
}
