package org.jukebox.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Counts failures per key (an account, a client address) in a sliding window and refuses a key
 * that reached its limit until its oldest failure leaves the window. Time comes from the clock.
 *
 * <p>Thread-safe.
 */
public final class RateLimiter {
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, ArrayDeque<Instant>> failures = new HashMap<>();

  /**
   * @throws IllegalArgumentException if {@code limit < 1} or the window is not positive
   */
  public RateLimiter(int limit, Duration window, Clock clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit < 1: " + limit);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window <= 0: " + window);
    }
    this.limit = limit;
    this.window = window;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether {@code key} may try now. */
  public synchronized boolean allowed(String key) {
    ArrayDeque<Instant> q = failures.get(key);
    if (q == null) {
      return true;
    }
    prune(q, clock.instant());
    if (q.isEmpty()) {
      failures.remove(key);
      return true;
    }
    return q.size() < limit;
  }

  /** Records one failure of {@code key}; also forgets keys whose failures all left the window. */
  public synchronized void failed(String key) {
    Instant now = clock.instant();
    failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
    if (failures.size() > 10_000) {
      for (Iterator<ArrayDeque<Instant>> it = failures.values().iterator(); it.hasNext(); ) {
        ArrayDeque<Instant> q = it.next();
        prune(q, now);
        if (q.isEmpty()) {
          it.remove();
        }
      }
    }
  }

  /** Forgets the failures of {@code key} (after it succeeded). */
  public synchronized void reset(String key) {
    failures.remove(key);
  }

  private void prune(ArrayDeque<Instant> q, Instant now) {
    Instant oldest = now.minus(window);
    while (!q.isEmpty() && !q.peekFirst().isAfter(oldest)) {
      q.pollFirst();
    }
  }
}
