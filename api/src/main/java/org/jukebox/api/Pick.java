package org.jukebox.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One song the {@link DiscJockey} picked, and why.
 *
 * @param song the song, one of those the caller said were available
 * @param score how strongly it was picked; higher is stronger, comparable within one answer only
 * @param reason the kind of pick
 * @param because songs the profile liked that led to this pick (for "because you liked X");
 *     empty when the reason is not a neighbour of liked songs
 */
public record Pick(SongId song, double score, Reason reason, List<SongId> because) implements Serializable {
  /** Why a song was picked. */
  public enum Reason {
    /** The profile already likes it. */
    FAVOURITE,
    /** Never heard by the profile; listeners with similar tastes like it. */
    DISCOVERY,
    /** Liked by many listeners; the profile has too little history to go by. */
    POPULAR,
    /** Nothing else to go by. */
    RANDOM
  }

  public Pick {
    Objects.requireNonNull(song, "song");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score is NaN");
    }
    Objects.requireNonNull(reason, "reason");
    because = List.copyOf(because);
  }
}
