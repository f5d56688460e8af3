package org.jukebox.dj;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.jukebox.api.EventKind;
import org.jukebox.api.Pick;
import org.jukebox.api.Preference;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.jukebox.dj.internal.Model;

/**
 * The DJ's learning and selection in-process, without a database, access checks or rate limits:
 * for offline evaluation and benchmarks, and as the core of the service. Feed it events with
 * {@link #load}, train with {@link #retrain()}, then ask {@link #recommend} or {@link #nextSongs}.
 * An engine made here never retrains by itself.
 *
 * <p>Thread-safe.
 */
public final class DjEngine {
  private final Model model;
  private final int threads;

  DjEngine(Model model, int threads) {
    this.model = model;
    this.threads = threads;
  }

  /**
   * An empty engine.
   *
   * @param clock what "now" is for fading and the recent-play window
   * @param kind which recommender finds discoveries
   */
  public static DjEngine inMemory(DjRules rules, Clock clock, Recommender kind) {
    return inMemory(rules, clock, kind, new Random(1));
  }

  /** Like {@link #inMemory(DjRules, Clock, Recommender)}, with the random source of the last-resort picks. */
  public static DjEngine inMemory(DjRules rules, Clock clock, Recommender kind, Random random) {
    return new DjEngine(new Model(rules, clock, kind, random), Runtime.getRuntime().availableProcessors());
  }

  /**
   * Takes one event as if {@code user} had reported it, at {@code epochMillis}. Nothing is
   * validated beyond nulls.
   *
   * @param positionFraction for {@link EventKind#SKIPPED} and {@link EventKind#FAST_FORWARDED}:
   *     how far into the song (0..1); ignored otherwise
   * @param score 1..5 for {@link EventKind#RATED}, ignored otherwise
   */
  public void load(String user, SongId song, EventKind kind, double positionFraction, int score, long epochMillis) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(song, "song");
    Objects.requireNonNull(kind, "kind");
    // Only the fraction is known: the position never makes it early by itself.
    double w = model.rules().weight(kind, positionFraction, Duration.ofDays(3650), score);
    model.apply(new Model.Event(user, song, kind, w, epochMillis));
  }

  /**
   * Takes one event as {@code DiscJockey.report} would infer it (the same early/late rule from
   * position and length), at {@code epochMillis}. Nothing is validated beyond nulls.
   *
   * @param position where in the song it happened (skips, fast-forwards); zero when it does not apply
   * @param length the song's length; zero when unknown
   * @param score 1..5 for {@link EventKind#RATED}, ignored otherwise
   */
  public void load(String user, SongId song, EventKind kind, Duration position, Duration length, int score,
      long epochMillis) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(song, "song");
    Objects.requireNonNull(kind, "kind");
    double fraction = length.isZero() ? Double.NaN : Math.min(1.0, (double) position.toMillis() / length.toMillis());
    double w = model.rules().weight(kind, fraction, position, score);
    model.apply(new Model.Event(user, song, kind, w, epochMillis));
  }

  /** Rebuilds the collaborative-filtering model now, on this thread (using all cores). */
  public void retrain() {
    model.retrain(threads);
  }

  /**
   * The {@code n} best songs for {@code user} among every song the engine knows that the user has
   * no evidence about and that is not in {@code exclude}, best first: discoveries by the
   * recommender, then popular songs.
   */
  public List<Pick> recommend(String user, int n, Set<SongId> exclude) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(exclude, "exclude");
    return model.recommend(user, n, exclude);
  }

  /**
   * What {@code DiscJockey.nextSongs} answers {@code user}, without access checks: up to
   * {@code n} of {@code available}, favourites interleaved with discoveries, never a song
   * {@code user} started recently, then popular, then random songs.
   */
  public List<Pick> nextSongs(String user, Taste taste, List<SongId> available, int n) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(taste, "taste");
    Objects.requireNonNull(available, "available");
    return model.select(user, taste.users(), taste.blend(), available, n);
  }

  /** The user's preference for a song now, if it has any evidence. */
  public Optional<Preference> preference(String user, SongId song) {
    return model.preference(user, song);
  }

  /** The user's strongest {@code top} preferences, strongest likes first. */
  public List<Preference> profile(String user, int top) {
    return model.top(user, top);
  }

  /** Events taken so far (loaded, reported or replayed from the store). */
  public long eventCount() {
    return model.events();
  }

  /** Sizes and the model in use, for logs and reports. */
  public String stats() {
    return model.stats();
  }

  /** The model (for the service in this module). */
  Model model() {
    return model;
  }
}
