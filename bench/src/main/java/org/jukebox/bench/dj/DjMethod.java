package org.jukebox.bench.dj;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.jukebox.api.Pick;
import org.jukebox.api.SongId;
import org.jukebox.dj.DjEngine;
import org.jukebox.dj.DjRules;
import org.jukebox.dj.Recommender;

/**
 * The DJ's own engine ({@link DjEngine#inMemory}) as a method under evaluation: the chosen
 * events are loaded through its bulk path in time order, it is trained once, and
 * {@link DjEngine#recommend} answers with the listener's heard songs excluded.
 *
 * <p>Its clock stands still, by default one day after the last event of the history: the DJ's
 * "now" when it trained and answered. Whether a preference is positive does not depend on "now" (see
 * {@link Evidence}); how strong it is does, by the same factor for every preference.
 */
final class DjMethod implements Method {
  private final String name;
  private final DjEngine engine;
  private final SongId[] ids;
  private final String[] users;
  final long loadNanos;
  final long trainNanos;
  final int loaded;

  private DjMethod(String name, DjEngine engine, SongId[] ids, String[] users, long loadNanos, long trainNanos,
      int loaded) {
    this.name = name;
    this.engine = engine;
    this.ids = ids;
    this.users = users;
    this.loadNanos = loadNanos;
    this.trainNanos = trainNanos;
    this.loaded = loaded;
  }

  /** The instant the engine's clock shows: one day after the last event of {@code h}. */
  static Instant now(History h) {
    return h.end().plusSeconds(86_400);
  }

  /** Loads the events of {@code h} that {@code include} accepts, then trains; the clock at {@link #now(History)}. */
  static DjMethod train(String name, History h, IntPredicate include, DjRules rules, Recommender kind) {
    return train(name, h, include, rules, kind, now(h));
  }

  /** Loads the events of {@code h} that {@code include} accepts, then trains, its clock standing at {@code now}. */
  static DjMethod train(String name, History h, IntPredicate include, DjRules rules, Recommender kind, Instant now) {
    DjEngine engine = DjEngine.inMemory(rules, Clock.fixed(now, ZoneOffset.UTC), kind);
    SongId[] ids = new SongId[h.shape.songs()];
    for (int s = 0; s < ids.length; s++) {
      ids[s] = History.songId(s);
    }
    String[] users = new String[h.shape.users()];
    for (int u = 0; u < users.length; u++) {
      users[u] = History.userName(u);
    }
    long epoch = History.EPOCH.toEpochMilli();
    long t0 = System.nanoTime();
    int loaded = 0;
    for (int i = 0; i < h.size(); i++) {
      if (include.test(i)) {
        // position and length, so that the engine infers exactly what report() would
        engine.load(users[h.user[i]], ids[h.song[i]], h.kind(i), Duration.ofMillis(h.positionMillis[i]),
            Duration.ofMillis(h.songLengthMillis[h.song[i]]), h.score[i], epoch + h.time[i]);
        loaded++;
      }
    }
    long t1 = System.nanoTime();
    engine.retrain();
    long t2 = System.nanoTime();
    return new DjMethod(name, engine, ids, users, t1 - t0, t2 - t1, loaded);
  }

  DjEngine engine() {
    return engine;
  }

  SongId id(int song) {
    return ids[song];
  }

  String user(int u) {
    return users[u];
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int[] recommend(int user, int n, int[] heard) {
    Set<SongId> exclude = new HashSet<>(heard.length * 2);
    for (int s : heard) {
      exclude.add(ids[s]);
    }
    List<Pick> picks = engine.recommend(users[user], n, exclude);
    int[] out = new int[picks.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = History.songNumber(picks.get(i).song());
    }
    return out;
  }
}
