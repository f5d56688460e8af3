package org.jukebox.dj.internal;

/**
 * The implicit-feedback matrix as of one instant, users by songs, in compressed rows: user
 * {@code u}'s entries are {@code items[start[u] .. start[u+1])} with faded preferences
 * {@code values}. Immutable once built; training runs on it without holding the model's lock.
 *
 * @param users rows
 * @param items columns (songs known when the snapshot was taken)
 */
record TrainingData(int users, int itemCount, int[] start, int[] items, float[] values) {
  int pairs() {
    return start[users];
  }
}
