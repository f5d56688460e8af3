package org.jukebox.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a profile infers about one song.
 *
 * @param song the song
 * @param score the inferred preference now (after fading): positive likes, negative dislikes
 * @param evidence how many events went into it
 */
public record Preference(SongId song, double score, int evidence) implements Serializable {
  public Preference {
    Objects.requireNonNull(song, "song");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score is NaN");
    }
    Checks.notNegative(evidence, "evidence");
  }
}
