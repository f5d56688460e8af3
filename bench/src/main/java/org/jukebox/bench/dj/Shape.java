package org.jukebox.bench.dj;

/**
 * How big a generated listening history is, and the seed that makes it.
 *
 * <p>Derived sizes: one artist per ten songs (at least two per group), up to twenty genres (one
 * per five artists, at least two), and per group up to eight favourite artists (disjoint between
 * groups) and two favourite genres.
 *
 * @param users listeners, 1 to 1,000,000
 * @param songs songs in the catalog, 10 to 1,000,000
 * @param events listening events in the whole history, 1 to {@link #MAX_EVENTS}
 * @param groups taste groups the listeners fall into, 1 to 1,000, at most {@code users} and at
 *     most half the songs (every artist has a song)
 * @param seed the generator's seed: the same shape and seed give the same history
 */
record Shape(int users, int songs, int events, int groups, long seed) {
  /** The most events a history holds: the time sort packs an event index in 23 bits. */
  static final int MAX_EVENTS = 1 << 23;

  /** Checks the sizes, with messages like {@code "users < 1: 0"}. */
  Shape {
    Ranges.check("users", users, 1, 1_000_000);
    Ranges.check("songs", songs, 10, 1_000_000);
    Ranges.check("events", events, 1, MAX_EVENTS);
    Ranges.check("groups", groups, 1, Math.min(1_000, users));
    if (2 * groups > songs) {
      throw new IllegalArgumentException("groups > songs / 2: " + groups + " groups, " + songs + " songs");
    }
  }

  /** Artists in the catalog. */
  int artists() {
    return Math.max(2 * groups, songs / 10);
  }

  /** Genres in the catalog. */
  int genres() {
    return Math.max(2, Math.min(20, artists() / 5));
  }

  /** Favourite artists per group. */
  int favouriteArtists() {
    return Math.max(1, Math.min(8, artists() / (2 * groups)));
  }
}
