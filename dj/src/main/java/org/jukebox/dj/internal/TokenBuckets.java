package org.jukebox.dj.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One token bucket per principal: {@code rate} tokens a second up to {@code burst}; each event
 * costs one. A principal that runs dry is refused until it refills; the others never notice.
 *
 * <p>Thread-safe.
 */
final class TokenBuckets {
  private final double rate;
  private final int burst;
  private final Clock clock;
  private final Map<String, double[]> buckets = new HashMap<>(); // {tokens, lastNanosOfClockMillis}

  TokenBuckets(double rate, int burst, Clock clock) {
    this.rate = rate;
    this.burst = burst;
    this.clock = clock;
  }

  /**
   * Takes {@code n} tokens for {@code who}, or none.
   *
   * @return 0 if taken, else how many milliseconds until {@code n} would be there
   */
  synchronized long take(String who, int n) {
    double now = clock.millis();
    double[] b = buckets.computeIfAbsent(who, k -> new double[] {burst, now});
    double elapsed = Math.max(0, now - b[1]);
    b[0] = Math.min(burst, b[0] + elapsed * rate / 1000.0);
    b[1] = now;
    if (b[0] >= n) {
      b[0] -= n;
      return 0;
    }
    return (long) Math.ceil((n - b[0]) * 1000.0 / rate);
  }
}
