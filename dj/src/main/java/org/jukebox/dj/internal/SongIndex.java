package org.jukebox.dj.internal;

import org.jukebox.api.SongId;

/**
 * SongId to dense int, open addressing: each slot's string hash and value sit side by side in
 * one int array, so a lookup of 100,000 available songs costs about one cache miss each rather
 * than a HashMap's table, node and boxed Integer.
 *
 * <p>Not thread-safe: the {@link Model}'s lock guards it.
 */
final class SongIndex {
  /** Per slot: {hash, value + 1}; value + 1 == 0 means empty. */
  private int[] slots = new int[2 * 1024];
  private SongId[] keys = new SongId[1024];
  private int size;

  /** The value of {@code id}, or -1. */
  int get(SongId id) {
    int h = id.value().hashCode();
    int mask = keys.length - 1;
    for (int s = mix(h) & mask; ; s = (s + 1) & mask) {
      int v = slots[2 * s + 1];
      if (v == 0) {
        return -1;
      }
      if (slots[2 * s] == h) {
        SongId k = keys[s];
        if (k == id || k.equals(id)) {
          return v - 1;
        }
      }
    }
  }

  /** Adds {@code id} (absent) with {@code value} (non-negative). */
  void put(SongId id, int value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    place(id, value);
    size++;
  }

  private void place(SongId id, int value) {
    int h = id.value().hashCode();
    int mask = keys.length - 1;
    int s = mix(h) & mask;
    while (slots[2 * s + 1] != 0) {
      s = (s + 1) & mask;
    }
    slots[2 * s] = h;
    slots[2 * s + 1] = value + 1;
    keys[s] = id;
  }

  private void grow() {
    int[] oldSlots = slots;
    SongId[] oldKeys = keys;
    keys = new SongId[oldKeys.length * 2];
    slots = new int[keys.length * 2];
    for (int s = 0; s < oldKeys.length; s++) {
      if (oldSlots[2 * s + 1] != 0) {
        place(oldKeys[s], oldSlots[2 * s + 1] - 1);
      }
    }
  }

  private static int mix(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 15);
  }
}
