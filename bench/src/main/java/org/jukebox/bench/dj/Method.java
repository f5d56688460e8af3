package org.jukebox.bench.dj;

/**
 * One recommender under evaluation, trained already, asked the same question for every
 * listener: the best {@code n} songs, none of them in {@code heard}.
 */
interface Method {
  /** The name in the result table. */
  String name();

  /**
   * Up to {@code n} song numbers, best first, none in {@code heard}.
   *
   * @param heard sorted ascending; the listener's songs in training
   * @throws Exception if the method fails (the evaluation stops)
   */
  int[] recommend(int user, int n, int[] heard) throws Exception;
}
