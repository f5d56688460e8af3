package org.jukebox.dj.internal;

import java.util.Arrays;

/**
 * One user's inferred preferences in primitive arrays: per song it has evidence for, the faded
 * sum of event weights as of the latest event ({@code value} at {@code last}), and how many
 * events went in. Plus a ring of the user's last started songs, for "never repeat recent".
 *
 * <p>Fading: a value {@code v} stored at second {@code t} is worth {@code v * 2^-((now - t) / H)}
 * at {@code now}. Adding a weight {@code w} at second {@code a >= t}: {@code v <- v*2^-((a-t)/H) + w},
 * {@code t <- a}; at {@code a < t} (an event reported late): {@code v <- v + w*2^-((t-a)/H)}. Either
 * way the result is the sum of every weight faded from its own time, whatever the arrival order.
 *
 * <p>Not thread-safe: the {@link Model} guards it.
 */
final class Profile {
  final int user;
  final String name;
  boolean published;

  int size;
  int[] songs = new int[4];
  double[] value = new double[4];
  int[] last = new int[4];
  int[] evidence = new int[4];
  /** Open addressing: slot -> entry index + 1, 0 empty. Length a power of two. */
  private int[] table = new int[8];

  /** Last started songs, oldest overwritten first. */
  private int[] recentSong;
  private int[] recentAt;
  private int recentNext;
  private int recentSize;

  Profile(int user, String name) {
    this.user = user;
    this.name = name;
  }

  /** The entry index of {@code song}, or -1. */
  int find(int song) {
    int mask = table.length - 1;
    for (int s = mix(song) & mask; ; s = (s + 1) & mask) {
      int e = table[s];
      if (e == 0) {
        return -1;
      }
      if (songs[e - 1] == song) {
        return e - 1;
      }
    }
  }

  /**
   * Adds weight {@code w} at second {@code at}.
   *
   * @return the value's sign before (-1, 0, 1; 0 for a new entry) and after, packed as
   *     {@code (before + 1) * 3 + (after + 1)}; the model keeps popularity counts with it
   */
  int add(int song, double w, int at, double lnDecayPerSecond) {
    int i = find(song);
    if (i < 0) {
      i = insert(song);
      value[i] = w;
      last[i] = at;
      evidence[i] = 1;
      return 3 + sign(value[i]) + 1; // before: 0 (new)
    }
    int before = sign(value[i]);
    if (at >= last[i]) {
      value[i] = value[i] * Math.exp(-(double) (at - last[i]) * lnDecayPerSecond) + w;
      last[i] = at;
    } else {
      value[i] += w * Math.exp(-(double) (last[i] - at) * lnDecayPerSecond);
    }
    evidence[i]++;
    return (before + 1) * 3 + sign(value[i]) + 1;
  }

  /** The value of entry {@code i} faded to second {@code now}. */
  double valueAt(int i, int now, double lnDecayPerSecond) {
    int age = now - last[i];
    return age <= 0 ? value[i] : value[i] * Math.exp(-(double) age * lnDecayPerSecond);
  }

  void started(int song, int at, int capacity) {
    if (capacity == 0) {
      return;
    }
    if (recentSong == null || recentSong.length != capacity) {
      recentSong = new int[capacity];
      recentAt = new int[capacity];
      recentNext = 0;
      recentSize = 0;
    }
    recentSong[recentNext] = song;
    recentAt[recentNext] = at;
    recentNext = (recentNext + 1) % capacity;
    recentSize = Math.min(recentSize + 1, capacity);
  }

  /** Marks, in {@code mark} (indexed by song), songs started at or after second {@code since}. */
  void markRecent(int since, java.util.function.IntConsumer mark) {
    for (int k = 0; k < recentSize; k++) {
      if (recentAt[k] >= since) {
        mark.accept(recentSong[k]);
      }
    }
  }

  private int insert(int song) {
    if ((size + 1) * 2 > table.length) {
      rehash(table.length * 2);
    }
    if (size == songs.length) {
      int n = size * 2;
      songs = Arrays.copyOf(songs, n);
      value = Arrays.copyOf(value, n);
      last = Arrays.copyOf(last, n);
      evidence = Arrays.copyOf(evidence, n);
    }
    int i = size++;
    songs[i] = song;
    place(i);
    return i;
  }

  private void place(int i) {
    int mask = table.length - 1;
    int s = mix(songs[i]) & mask;
    while (table[s] != 0) {
      s = (s + 1) & mask;
    }
    table[s] = i + 1;
  }

  private void rehash(int capacity) {
    table = new int[capacity];
    for (int i = 0; i < size; i++) {
      place(i);
    }
  }

  private static int mix(int x) {
    int h = x * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static int sign(double v) {
    return v > 0 ? 1 : v < 0 ? -1 : 0;
  }
}
