package org.jukebox.bench.dj;

import java.util.Arrays;
import org.jukebox.api.EventKind;

/**
 * A time-ordered hold-out split of a {@link History}, per listener.
 *
 * <p>A listener's <em>positive interactions</em> are its events of positive weight under the DJ's
 * rules ({@link Evidence#weight}: finished, liked, rated 4 or 5, skipped late). A listener with at
 * least {@code minPositives} of them has the last {@code fraction} of them (by time, at least one)
 * held out: its <em>split time</em> is the start (the {@code STARTED} event) of the play of its
 * first held-out positive interaction. Training is every listener's events before its own split
 * time; everything from the split time on is the test period. A listener with fewer positives
 * keeps all its events in training and is not evaluated.
 *
 * <p>Per listener, as sorted song arrays:
 * <ul>
 *   <li>{@link #heard}: every song it has a training event for. Every method's recommendations
 *       exclude these, identically.
 *   <li>{@link #liked}: songs it prefers in training (positive faded sum of its training events,
 *       {@link Evidence#timeless}): the evidence Mahout and the popularity baseline get.
 *   <li>{@link #relevant}: songs it prefers in the test period (positive faded sum of its test
 *       events) and has not heard in training: the binary relevance of the metrics.
 * </ul>
 */
final class HoldOut {
  /** Split time of a listener that is not held out. */
  static final long NEVER = Long.MAX_VALUE;

  final History history;
  final long[] split;
  private final int[] heardStart;
  private final int[] heardSongs;
  private final int[] likedStart;
  private final int[] likedSongs;
  private final int[] relevantStart;
  private final int[] relevantSongs;
  private int trainingEvents;

  private HoldOut(History history, long[] split, int[][] heard, int[][] liked, int[][] relevant) {
    this.history = history;
    this.split = split;
    int users = split.length;
    heardStart = new int[users + 1];
    likedStart = new int[users + 1];
    relevantStart = new int[users + 1];
    heardSongs = flatten(heard, heardStart);
    likedSongs = flatten(liked, likedStart);
    relevantSongs = flatten(relevant, relevantStart);
  }

  /**
   * Splits {@code h}.
   *
   * @param fraction of each listener's positive interactions held out, in (0, 1)
   * @param minPositives listeners with fewer positive interactions are not held out, at least 2
   * @throws IllegalArgumentException if {@code fraction} or {@code minPositives} is out of range
   */
  static HoldOut split(History h, Evidence evidence, double fraction, int minPositives) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction not in (0, 1): " + fraction);
    }
    Ranges.check("minPositives", minPositives, 2, Integer.MAX_VALUE);
    int users = h.shape.users();
    long[] split = new long[users];
    int[][] heard = new int[users][];
    int[][] liked = new int[users][];
    int[][] relevant = new int[users][];
    double[] trainSum = new double[h.shape.songs()];
    double[] testSum = new double[h.shape.songs()];
    // per song, while one listener is scanned: 1 = seen, 2 = has a training event
    byte[] seen = new byte[h.shape.songs()];
    int[] touched = new int[16];
    int training = 0;
    for (int u = 0; u < users; u++) {
      int from = h.userStart[u];
      int to = h.userStart[u + 1];
      split[u] = splitTime(h, evidence, from, to, fraction, minPositives);
      int distinct = 0;
      for (int k = from; k < to; k++) {
        int i = h.userEvents[k];
        int s = h.song[i];
        if (seen[s] == 0) {
          seen[s] = 1;
          if (distinct == touched.length) {
            touched = Arrays.copyOf(touched, distinct * 2);
          }
          touched[distinct++] = s;
        }
        double w = evidence.timeless(h, i);
        if (h.time[i] < split[u]) {
          trainSum[s] += w;
          // a song with any training event is heard, even one of no weight (a start, a pause)
          seen[s] = 2;
          training++;
        } else {
          testSum[s] += w;
        }
      }
      int[] heardOf = new int[distinct];
      int[] likedOf = new int[distinct];
      int[] relevantOf = new int[distinct];
      int nh = 0;
      int nl = 0;
      int nr = 0;
      Arrays.sort(touched, 0, distinct);
      for (int k = 0; k < distinct; k++) {
        int s = touched[k];
        if (seen[s] == 2) {
          heardOf[nh++] = s;
          if (trainSum[s] > 0) {
            likedOf[nl++] = s;
          }
        } else if (testSum[s] > 0) {
          relevantOf[nr++] = s;
        }
        trainSum[s] = 0;
        testSum[s] = 0;
        seen[s] = 0;
      }
      heard[u] = Arrays.copyOf(heardOf, nh);
      liked[u] = Arrays.copyOf(likedOf, nl);
      relevant[u] = Arrays.copyOf(relevantOf, nr);
    }
    HoldOut result = new HoldOut(h, split, heard, liked, relevant);
    result.trainingEvents = training;
    return result;
  }

  private static long splitTime(History h, Evidence evidence, int from, int to, double fraction, int minPositives) {
    int positives = 0;
    for (int k = from; k < to; k++) {
      if (evidence.weight(h, h.userEvents[k]) > 0) {
        positives++;
      }
    }
    if (positives < minPositives) {
      return NEVER;
    }
    int held = Math.max(1, (int) (positives * fraction));
    int keep = positives - held;
    int firstHeld = -1;
    for (int k = from, p = 0; k < to; k++) {
      if (evidence.weight(h, h.userEvents[k]) > 0 && p++ == keep) {
        firstHeld = k;
        break;
      }
    }
    // back to the start of that play, so that no part of a held-out play is in training
    int s = h.song[h.userEvents[firstHeld]];
    for (int k = firstHeld; k >= from; k--) {
      int i = h.userEvents[k];
      if (h.song[i] == s && h.kind(i) == EventKind.STARTED) {
        return h.time[i];
      }
    }
    return h.time[h.userEvents[firstHeld]];
  }

  private static int[] flatten(int[][] lists, int[] start) {
    int total = 0;
    for (int u = 0; u < lists.length; u++) {
      start[u] = total;
      total += lists[u].length;
    }
    start[lists.length] = total;
    int[] flat = new int[total];
    for (int u = 0; u < lists.length; u++) {
      System.arraycopy(lists[u], 0, flat, start[u], lists[u].length);
    }
    return flat;
  }

  /** Whether event {@code i} is in training. */
  boolean isTraining(int i) {
    return history.time[i] < split[history.user[i]];
  }

  /** Events in training. */
  int trainingEvents() {
    return trainingEvents;
  }

  /** Whether listener {@code u} has a test period. */
  boolean heldOut(int u) {
    return split[u] != NEVER;
  }

  int[] heard(int u) {
    return Arrays.copyOfRange(heardSongs, heardStart[u], heardStart[u + 1]);
  }

  int[] liked(int u) {
    return Arrays.copyOfRange(likedSongs, likedStart[u], likedStart[u + 1]);
  }

  int[] relevant(int u) {
    return Arrays.copyOfRange(relevantSongs, relevantStart[u], relevantStart[u + 1]);
  }

  /** Songs liked in training, over all listeners: the pairs Mahout and the popularity baseline get. */
  int likedPairs() {
    return likedSongs.length;
  }
}
