package org.jukebox.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Whose preferences the {@link DiscJockey} picks songs by: the caller's own profile, another
 * user's published profile, or a blend of several published profiles (the caller's own may be
 * among them, published or not).
 *
 * @param users the profiles, by user name; empty means the caller's own
 * @param blend how several profiles are combined; ignored for one
 */
public record Taste(List<String> users, Blend blend) implements Serializable {
  /** How several profiles are combined into one ranking. */
  public enum Blend {
    /** Only songs that every one of them likes (the shared office). */
    ALL_LIKE,
    /** Rank by the least happy listener's score. */
    LEAST_MISERY,
    /** Rank by the mean score. */
    AVERAGE
  }

  public Taste {
    users = List.copyOf(users);
    Objects.requireNonNull(blend, "blend");
    for (String u : users) {
      Checks.notBlank(u, "user");
    }
    if (users.size() != users.stream().distinct().count()) {
      throw new IllegalArgumentException("a user is named twice: " + users);
    }
  }

  /** The caller's own profile. */
  public static Taste own() {
    return new Taste(List.of(), Blend.AVERAGE);
  }

  /** One user's profile: the caller's own, or a published one. */
  public static Taste of(String user) {
    return new Taste(List.of(user), Blend.AVERAGE);
  }

  /** Several profiles blended. */
  public static Taste blend(Blend blend, List<String> users) {
    return new Taste(users, blend);
  }
}
