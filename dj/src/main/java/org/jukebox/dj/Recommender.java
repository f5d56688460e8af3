package org.jukebox.dj;

/** Which collaborative-filtering model the DJ finds discoveries with. */
public enum Recommender {
  /** Item-based neighbours: cosine similarity of songs over positive preferences, top-K per song. */
  ITEM_BASED,
  /** Hu-Koren-Volinsky implicit-feedback alternating least squares. */
  ALS,
  /** No collaborative filtering: popularity only (the baseline). */
  POPULARITY
}
