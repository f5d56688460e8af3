package org.jukebox.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * One thing a listener did with one song, reported to the {@link DiscJockey}. The listener is
 * never part of the event: the DJ takes it from the authenticated caller.
 *
 * <p>Only the shape is checked here; whether the values make sense (a position past the end, an
 * event from the future) is the DJ's to judge, so that it can refuse them with a clear message.
 *
 * @param song the song
 * @param kind what happened
 * @param position where in the song it happened; zero when it does not apply
 * @param length the song's playing time as the client knows it; zero when unknown
 * @param score 1 to 5 for {@link EventKind#RATED}, 0 for every other kind
 * @param ago how long before the report it happened, by the client's clock (a duration, not an
 *     instant, because clocks differ); zero for "just now"
 */
public record ListeningEvent(SongId song, EventKind kind, Duration position, Duration length, int score, Duration ago)
    implements Serializable {
  public ListeningEvent {
    Objects.requireNonNull(song, "song");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(ago, "ago");
    if (kind == EventKind.RATED ? score < 1 || score > 5 : score != 0) {
      throw new IllegalArgumentException(kind == EventKind.RATED
          ? "score not in 1..5: " + score
          : "score given for " + kind + ": " + score);
    }
  }

  /** An event that happened just now, with no position and no score. */
  public static ListeningEvent of(SongId song, EventKind kind, Duration length) {
    return new ListeningEvent(song, kind, Duration.ZERO, length, 0, Duration.ZERO);
  }

  /** An event that happened just now at {@code position} of a song {@code length} long. */
  public static ListeningEvent at(SongId song, EventKind kind, Duration position, Duration length) {
    return new ListeningEvent(song, kind, position, length, 0, Duration.ZERO);
  }

  /** An explicit score of 1 (worst) to 5 (best), just now. */
  public static ListeningEvent rated(SongId song, int score) {
    return new ListeningEvent(song, EventKind.RATED, Duration.ZERO, Duration.ZERO, score, Duration.ZERO);
  }

  /** The same event, said to have happened {@code ago} before the report. */
  public ListeningEvent ago(Duration ago) {
    return new ListeningEvent(song, kind, position, length, score, ago);
  }
}
