package org.jukebox.dj.internal;

/**
 * A trained collaborative-filtering model. Immutable: training makes a new one and the model
 * swaps it in. Scoring always reads the user's live row, so a user's new events count at once;
 * only what is learnt across users waits for the next training.
 */
interface Cf {
  /** No model yet: no discoveries. */
  Cf NONE = new Cf() {
    @Override
    public UserScorer forUser(Profile p, int now, double lnDecay) {
      return UserScorer.NONE;
    }

    @Override
    public String describe() {
      return "none";
    }
  };

  /** Prepares scores for one user's row as of second {@code now}. */
  UserScorer forUser(Profile p, int now, double lnDecay);

  String describe();

  /** Scores for one user; not thread-safe, used by one call. */
  interface UserScorer {
    UserScorer NONE = new UserScorer() {
      @Override
      public double score(int item) {
        return 0;
      }

      @Override
      public int[] because(int item, int max) {
        return new int[0];
      }

      @Override
      public double[] scores() {
        return new double[0];
      }
    };

    /** How strongly the user's similar listeners like {@code item}; 0 when nothing says so. */
    double score(int item);

    /** Up to {@code max} songs the user likes that contributed most to {@code item}'s score. */
    int[] because(int item, int max);

    /**
     * {@link #score} of every song the model knows, indexed by song (songs past the end score 0).
     * Computed in one sequential pass: reading it for 100,000 candidates in any order is cheap,
     * while scoring them one by one in the caller's order is a cache miss each.
     */
    double[] scores();
  }
}
