package org.jukebox.bench.dj;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jukebox.api.EventKind;

/** Hand-made histories for tests, and simple rules that follow the DJ's defaults. */
final class Events {
  /** The DJ's default weights (docs/DJ.md), written out: early = before 30 % or 30 s. */
  static final Evidence.Weigher RULES = (kind, fraction, position, score) -> {
    boolean early = fraction < 0.3 || position.compareTo(Duration.ofSeconds(30)) < 0;
    return switch (kind) {
      case STARTED, PAUSED -> 0;
      case SKIPPED -> early ? -1 : 0.25;
      case FAST_FORWARDED -> early ? -0.5 : 0;
      case FINISHED -> 1;
      case LIKED -> 3;
      case DISLIKED -> -3;
      case RATED -> (score - 3) * 1.5;
      case REMOVED -> -2;
    };
  };
  static final Evidence EVIDENCE = new Evidence(RULES, Duration.ofDays(90));

  private record E(int user, int song, EventKind kind, int position, int score, long time) {}

  private final int users;
  private final int[] lengths;
  private final List<E> events = new ArrayList<>();

  Events(int users, int songs, int lengthMillis) {
    this.users = users;
    this.lengths = new int[songs];
    java.util.Arrays.fill(lengths, lengthMillis);
  }

  Events add(int user, int song, EventKind kind, int position, long time) {
    events.add(new E(user, song, kind, position, 0, time));
    return this;
  }

  Events rated(int user, int song, int score, long time) {
    events.add(new E(user, song, EventKind.RATED, 0, score, time));
    return this;
  }

  History history() {
    List<E> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(E::time));
    int n = sorted.size();
    int[] user = new int[n];
    int[] song = new int[n];
    EventKind[] kind = new EventKind[n];
    int[] position = new int[n];
    int[] score = new int[n];
    long[] time = new long[n];
    for (int i = 0; i < n; i++) {
      E e = sorted.get(i);
      user[i] = e.user;
      song[i] = e.song;
      kind[i] = e.kind;
      position[i] = e.position;
      score[i] = e.score;
      time[i] = e.time;
    }
    return History.of(users, lengths, user, song, kind, position, score, time);
  }
}
