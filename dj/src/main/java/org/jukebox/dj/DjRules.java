package org.jukebox.dj;

import java.time.Duration;
import java.util.Objects;
import org.jukebox.api.EventKind;

/**
 * How the DJ turns events into preferences, picks songs and protects itself: every number in
 * one immutable record, {@link #defaults()} documented in {@code docs/DJ.md}. Change one with
 * its {@code with...} method.
 *
 * <p>Preference of a user for a song = the sum of the weights of that user's events about the
 * song, each faded by {@code 2^(-age / halfLife)}. Weights: {@link #weight}.
 *
 * @param earlyFraction a skip or fast-forward before this fraction of the song is early
 * @param earlySeconds ... or before this many seconds into it (either makes it early)
 * @param earlySkip weight of an early skip (negative)
 * @param lateSkip weight of a later skip (slightly positive: most of it was heard)
 * @param earlyFastForward weight of an early fast-forward (negative, milder than a skip)
 * @param lateFastForward weight of a later fast-forward
 * @param finished weight of listening to the end
 * @param liked weight of "like"
 * @param disliked weight of "dislike" (negative)
 * @param ratingStep weight per point of a 1-5 rating away from 3: 1 is {@code -2*step}, 5 is
 *     {@code +2*step}
 * @param removed weight of removing the song from a playlist (negative)
 * @param paused weight of a pause (neutral by default)
 * @param halfLife evidence this old counts half
 * @param recentWindow a song the caller started less than this long ago ...
 * @param recentCount ... and that is among its last this-many started songs is never picked
 * @param favouriteRun favourites in each run of the interleave (3 of 5: 60/40)
 * @param discoveryRun discoveries in each run of the interleave
 * @param neighbours item-based: neighbours kept per song
 * @param trainItemsPerUser training uses at most this many of a user's strongest likes
 * @param alsFactors ALS: latent factors
 * @param alsIterations ALS: alternating sweeps per training
 * @param alsLambda ALS: regularisation
 * @param alsAlpha ALS: confidence is {@code 1 + alpha * |preference|}
 * @param retrainEvery retrain in the background after this many new events ...
 * @param retrainInterval ... or this long after the last training, whichever first (if any new)
 * @param eventsPerSecond per-principal sustained report rate
 * @param burst per-principal bucket size
 * @param maxBatch most events in one report call
 * @param positionSlack a position may exceed the length by this much (clients round)
 */
public record DjRules(
    double earlyFraction, Duration earlySeconds, double earlySkip, double lateSkip, double earlyFastForward,
    double lateFastForward, double finished, double liked, double disliked, double ratingStep, double removed,
    double paused, Duration halfLife, Duration recentWindow, int recentCount, int favouriteRun, int discoveryRun,
    int neighbours, int trainItemsPerUser, int alsFactors, int alsIterations, double alsLambda, double alsAlpha,
    int retrainEvery, Duration retrainInterval, double eventsPerSecond, int burst, int maxBatch,
    Duration positionSlack) {

  public DjRules {
    if (!(earlyFraction >= 0 && earlyFraction <= 1)) {
      throw new IllegalArgumentException("earlyFraction not in 0..1: " + earlyFraction);
    }
    notNegative(earlySeconds, "earlySeconds");
    positive(halfLife, "halfLife");
    notNegative(recentWindow, "recentWindow");
    notNegative(positionSlack, "positionSlack");
    Objects.requireNonNull(retrainInterval, "retrainInterval");
    atLeast(recentCount, 0, "recentCount");
    atLeast(favouriteRun, 0, "favouriteRun");
    atLeast(discoveryRun, 0, "discoveryRun");
    if (favouriteRun + discoveryRun == 0) {
      throw new IllegalArgumentException("favouriteRun + discoveryRun == 0");
    }
    atLeast(neighbours, 1, "neighbours");
    atLeast(trainItemsPerUser, 1, "trainItemsPerUser");
    atLeast(alsFactors, 1, "alsFactors");
    atLeast(alsIterations, 1, "alsIterations");
    atLeast(retrainEvery, 1, "retrainEvery");
    atLeast(burst, 1, "burst");
    atLeast(maxBatch, 1, "maxBatch");
    if (!(alsLambda > 0)) {
      throw new IllegalArgumentException("alsLambda <= 0: " + alsLambda);
    }
    if (!(alsAlpha > 0)) {
      throw new IllegalArgumentException("alsAlpha <= 0: " + alsAlpha);
    }
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("eventsPerSecond <= 0: " + eventsPerSecond);
    }
    for (double w : new double[] {earlySkip, lateSkip, earlyFastForward, lateFastForward, finished, liked, disliked,
        ratingStep, removed, paused}) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException("weight is not finite: " + w);
      }
    }
  }

  /** The documented defaults (docs/DJ.md). */
  public static DjRules defaults() {
    return new DjRules(0.30, Duration.ofSeconds(30), -1.0, 0.25, -0.5, 0.0, 1.0, 3.0, -3.0, 1.5, -2.0, 0.0,
        Duration.ofDays(90), Duration.ofHours(2), 50, 3, 2, 100, 200, 32, 10, 0.1, 10.0, 10_000,
        Duration.ofMinutes(10), 200, 2_000, 1_000, Duration.ofSeconds(5));
  }

  /**
   * The weight of one event before fading.
   *
   * @param fraction how far into the song a skip or fast-forward happened, 0..1; NaN when the
   *     length is unknown (then only {@code earlySeconds} decides)
   * @param position the position of a skip or fast-forward
   * @param score the rating for {@link EventKind#RATED}
   */
  public double weight(EventKind kind, double fraction, Duration position, int score) {
    return switch (kind) {
      case STARTED -> 0;
      case SKIPPED -> isEarly(fraction, position) ? earlySkip : lateSkip;
      case FAST_FORWARDED -> isEarly(fraction, position) ? earlyFastForward : lateFastForward;
      case FINISHED -> finished;
      case PAUSED -> paused;
      case LIKED -> liked;
      case DISLIKED -> disliked;
      case RATED -> (score - 3) * ratingStep;
      case REMOVED -> removed;
    };
  }

  private boolean isEarly(double fraction, Duration position) {
    return (!Double.isNaN(fraction) && fraction < earlyFraction) || position.compareTo(earlySeconds) < 0;
  }

  /** These rules with another half-life. */
  public DjRules withHalfLife(Duration halfLife) {
    return new DjRules(earlyFraction, earlySeconds, earlySkip, lateSkip, earlyFastForward, lateFastForward, finished,
        liked, disliked, ratingStep, removed, paused, halfLife, recentWindow, recentCount, favouriteRun, discoveryRun,
        neighbours, trainItemsPerUser, alsFactors, alsIterations, alsLambda, alsAlpha, retrainEvery, retrainInterval,
        eventsPerSecond, burst, maxBatch, positionSlack);
  }

  /** These rules with another recent-play window: neither within {@code window} nor among the last {@code count}. */
  public DjRules withRecent(Duration window, int count) {
    return new DjRules(earlyFraction, earlySeconds, earlySkip, lateSkip, earlyFastForward, lateFastForward, finished,
        liked, disliked, ratingStep, removed, paused, halfLife, window, count, favouriteRun, discoveryRun,
        neighbours, trainItemsPerUser, alsFactors, alsIterations, alsLambda, alsAlpha, retrainEvery, retrainInterval,
        eventsPerSecond, burst, maxBatch, positionSlack);
  }

  /** These rules with another interleave of favourites and discoveries. */
  public DjRules withInterleave(int favourites, int discoveries) {
    return new DjRules(earlyFraction, earlySeconds, earlySkip, lateSkip, earlyFastForward, lateFastForward, finished,
        liked, disliked, ratingStep, removed, paused, halfLife, recentWindow, recentCount, favourites, discoveries,
        neighbours, trainItemsPerUser, alsFactors, alsIterations, alsLambda, alsAlpha, retrainEvery, retrainInterval,
        eventsPerSecond, burst, maxBatch, positionSlack);
  }

  /** These rules keeping {@code k} neighbours per song. */
  public DjRules withNeighbours(int k) {
    return new DjRules(earlyFraction, earlySeconds, earlySkip, lateSkip, earlyFastForward, lateFastForward, finished,
        liked, disliked, ratingStep, removed, paused, halfLife, recentWindow, recentCount, favouriteRun, discoveryRun,
        k, trainItemsPerUser, alsFactors, alsIterations, alsLambda, alsAlpha, retrainEvery, retrainInterval,
        eventsPerSecond, burst, maxBatch, positionSlack);
  }

  /** These rules training on at most {@code n} of each user's strongest likes. */
  public DjRules withTrainItemsPerUser(int n) {
    return new DjRules(earlyFraction, earlySeconds, earlySkip, lateSkip, earlyFastForward, lateFastForward, finished,
        liked, disliked, ratingStep, removed, paused, halfLife, recentWindow, recentCount, favouriteRun, discoveryRun,
        neighbours, n, alsFactors, alsIterations, alsLambda, alsAlpha, retrainEvery, retrainInterval,
        eventsPerSecond, burst, maxBatch, positionSlack);
  }

  /** These rules with other ALS settings. */
  public DjRules withAls(int factors, int iterations, double lambda, double alpha) {
    return new DjRules(earlyFraction, earlySeconds, earlySkip, lateSkip, earlyFastForward, lateFastForward, finished,
        liked, disliked, ratingStep, removed, paused, halfLife, recentWindow, recentCount, favouriteRun, discoveryRun,
        neighbours, trainItemsPerUser, factors, iterations, lambda, alpha, retrainEvery, retrainInterval,
        eventsPerSecond, burst, maxBatch, positionSlack);
  }

  /** These rules with another ALS factor count. */
  public DjRules withAlsFactors(int factors) {
    return withAls(factors, alsIterations, alsLambda, alsAlpha);
  }

  /** These rules retraining after {@code events} new events or {@code interval}, whichever first. */
  public DjRules withRetrain(int events, Duration interval) {
    return new DjRules(earlyFraction, earlySeconds, earlySkip, lateSkip, earlyFastForward, lateFastForward, finished,
        liked, disliked, ratingStep, removed, paused, halfLife, recentWindow, recentCount, favouriteRun, discoveryRun,
        neighbours, trainItemsPerUser, alsFactors, alsIterations, alsLambda, alsAlpha, events, interval,
        eventsPerSecond, burst, maxBatch, positionSlack);
  }

  /** These rules with another per-principal rate limit. */
  public DjRules withRateLimit(double eventsPerSecond, int burst) {
    return new DjRules(earlyFraction, earlySeconds, earlySkip, lateSkip, earlyFastForward, lateFastForward, finished,
        liked, disliked, ratingStep, removed, paused, halfLife, recentWindow, recentCount, favouriteRun, discoveryRun,
        neighbours, trainItemsPerUser, alsFactors, alsIterations, alsLambda, alsAlpha, retrainEvery, retrainInterval,
        eventsPerSecond, burst, maxBatch, positionSlack);
  }

  /** These rules with another largest batch. */
  public DjRules withMaxBatch(int maxBatch) {
    return new DjRules(earlyFraction, earlySeconds, earlySkip, lateSkip, earlyFastForward, lateFastForward, finished,
        liked, disliked, ratingStep, removed, paused, halfLife, recentWindow, recentCount, favouriteRun, discoveryRun,
        neighbours, trainItemsPerUser, alsFactors, alsIterations, alsLambda, alsAlpha, retrainEvery, retrainInterval,
        eventsPerSecond, burst, maxBatch, positionSlack);
  }

  private static void notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " < 0: " + d);
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " <= 0: " + d);
    }
  }

  private static void atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " < " + min + ": " + value);
    }
  }
}
