package org.jukebox.bench.dj;

import java.time.Duration;
import java.util.Objects;
import org.jukebox.api.EventKind;

/**
 * Event weights applied to a generated {@link History}, so that every method of the evaluation
 * sees the same evidence: a listener prefers a song when the faded sum of that listener's event
 * weights about it is positive. The evaluation passes the DJ's own rules (its
 * {@code DjRules.weight} and half-life).
 *
 * <p>The DJ fades a weight {@code w} of time {@code t} to {@code w * 2^-((now - t) / halfLife)}.
 * The sign of a sum of such terms does not depend on {@code now} (every term has the same factor
 * {@code 2^-(now / halfLife)}), so "positive preference" needs no clock: the sum of
 * {@code w * 2^(t / halfLife)} decides, with {@code t} measured from {@link History#EPOCH}.
 *
 * <p>Immutable; thread-safe if the weigher is.
 */
final class Evidence {
  /** The weight of one event before fading, as the DJ's rules give it. */
  @FunctionalInterface
  interface Weigher {
    /**
     * @param fraction how far into the song, 0..1
     * @param position where in the song
     * @param score 1..5 for {@link EventKind#RATED}, else 0
     */
    double weight(EventKind kind, double fraction, Duration position, int score);
  }

  private final Weigher weigher;
  private final double perMilli;

  /**
   * @throws IllegalArgumentException if {@code halfLife} is not positive
   */
  Evidence(Weigher weigher, Duration halfLife) {
    this.weigher = Objects.requireNonNull(weigher, "weigher");
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife <= 0: " + halfLife);
    }
    this.perMilli = Math.log(2) / halfLife.toMillis();
  }

  /** The weight of event {@code i} of {@code h}, unfaded. */
  double weight(History h, int i) {
    int position = h.positionMillis[i];
    return weigher.weight(h.kind(i), fraction(h, i), Duration.ofMillis(position), h.score[i]);
  }

  /** {@link #weight} scaled by {@code 2^(t / halfLife)}: summed per pair, positive iff the DJ's preference is. */
  double timeless(History h, int i) {
    double w = weight(h, i);
    return w == 0 ? 0 : w * Math.exp(h.time[i] * perMilli);
  }

  /** How far into its song event {@code i} happened, 0..1, as the DJ computes it from position and length. */
  static double fraction(History h, int i) {
    return h.positionMillis[i] / (double) h.songLengthMillis[h.song[i]];
  }
}
