package org.jukebox.dj.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jukebox.api.EventKind;
import org.jukebox.api.Pick;
import org.jukebox.api.Preference;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.jukebox.dj.DjRules;
import org.jukebox.dj.Recommender;

/**
 * Everything the DJ knows, in memory: songs and users mapped to dense ints, one {@link Profile}
 * per user, how many users like each song, and the current collaborative-filtering model.
 * Selection reads only these arrays, never the database.
 *
 * <p>Thread-safe: events take the write lock, reads the read lock; training snapshots under the
 * read lock and computes without it, then swaps the new model in.
 */
public final class Model {
  /** Event times are kept as int seconds since 2000-01-01T00:00Z (good until 2068). */
  static final long BASE_SECOND = 946_684_800L;
  private static final int BECAUSE = 3;

  private final DjRules rules;
  private final Clock clock;
  private final Recommender kind;
  private final Random random;
  private final double lnDecay;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final SongIndex songIndex = new SongIndex();
  private final ArrayList<SongId> songs = new ArrayList<>();
  private final HashMap<String, Profile> users = new HashMap<>();
  private final ArrayList<Profile> userList = new ArrayList<>();
  private int[] popularity = new int[64];
  private long events;
  private final AtomicLong sinceTraining = new AtomicLong();
  private volatile Cf cf = Cf.NONE;
  private volatile Instant trainedAt;

  /** One event as the model takes it: already validated and weighed. */
  public record Event(String user, SongId song, EventKind kind, double weight, long atMillis) {}

  public Model(DjRules rules, Clock clock, Recommender kind, Random random) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.random = Objects.requireNonNull(random, "random");
    this.lnDecay = Math.log(2) / rules.halfLife().toSeconds();
  }

  public DjRules rules() {
    return rules;
  }

  public Clock clock() {
    return clock;
  }

  public Recommender kind() {
    return kind;
  }

  static int second(long epochMillis) {
    long s = Math.floorDiv(epochMillis, 1000) - BASE_SECOND;
    return (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE - 1, s));
  }

  private int now() {
    return second(clock.millis());
  }

  /** Applies one event. */
  public void apply(Event e) {
    lock.writeLock().lock();
    try {
      applyLocked(e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Applies events in order, atomically with respect to readers. */
  public void applyAll(Collection<Event> batch) {
    lock.writeLock().lock();
    try {
      for (Event e : batch) {
        applyLocked(e);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void applyLocked(Event e) {
    Profile p = profileLocked(e.user(), true);
    int s = songLocked(e.song(), true);
    int at = second(e.atMillis());
    if (e.kind() == EventKind.STARTED) {
      p.started(s, at, rules.recentCount());
    } else {
      int code = p.add(s, e.weight(), at, lnDecay);
      int before = code / 3 - 1;
      int after = code % 3 - 1;
      if (before <= 0 && after > 0) {
        popularity[s]++;
      } else if (before > 0 && after <= 0) {
        popularity[s]--;
      }
    }
    events++;
    sinceTraining.incrementAndGet();
  }

  private Profile profileLocked(String user, boolean create) {
    Profile p = users.get(user);
    if (p == null && create) {
      p = new Profile(userList.size(), user);
      users.put(user, p);
      userList.add(p);
    }
    return p;
  }

  private int songLocked(SongId song, boolean create) {
    int i = songIndex.get(song);
    if (i >= 0) {
      return i;
    }
    if (!create) {
      return -1;
    }
    int n = songs.size();
    songIndex.put(song, n);
    songs.add(song);
    if (n == popularity.length) {
      popularity = Arrays.copyOf(popularity, n * 2);
    }
    return n;
  }

  /** Publishes or unpublishes a profile, creating it if need be. */
  public void setPublished(String user, boolean published) {
    lock.writeLock().lock();
    try {
      profileLocked(user, true).published = published;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Whether {@code user} has a profile that is published. */
  public boolean isPublished(String user) {
    lock.readLock().lock();
    try {
      Profile p = users.get(user);
      return p != null && p.published;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The published profiles, by name. */
  public List<String> published() {
    lock.readLock().lock();
    try {
      return userList.stream().filter(p -> p.published).map(p -> p.name).sorted().toList();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** One preference faded to now, if the user has evidence about the song. */
  public Optional<Preference> preference(String user, SongId song) {
    lock.readLock().lock();
    try {
      Profile p = users.get(user);
      int s = songLocked(song, false);
      if (p == null || s < 0) {
        return Optional.empty();
      }
      int e = p.find(s);
      return e < 0 ? Optional.empty() : Optional.of(new Preference(song, p.valueAt(e, now(), lnDecay), p.evidence[e]));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The strongest {@code top} preferences of {@code user}, strongest likes first, ties by song id. */
  public List<Preference> top(String user, int top) {
    lock.readLock().lock();
    try {
      Profile p = users.get(user);
      if (p == null) {
        return List.of();
      }
      int now = now();
      List<Preference> all = new ArrayList<>(p.size);
      for (int e = 0; e < p.size; e++) {
        all.add(new Preference(songs.get(p.songs[e]), p.valueAt(e, now, lnDecay), p.evidence[e]));
      }
      all.sort(Comparator.comparingDouble(Preference::score).reversed().thenComparing(Preference::song));
      return List.copyOf(all.subList(0, Math.min(top, all.size())));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Events applied so far. */
  public long events() {
    lock.readLock().lock();
    try {
      return events;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Events applied since the last training began. */
  public long sinceTraining() {
    return sinceTraining.get();
  }

  public String stats() {
    lock.readLock().lock();
    try {
      long pairs = 0;
      for (Profile p : userList) {
        pairs += p.size;
      }
      return userList.size() + " users, " + songs.size() + " songs, " + pairs + " preferences, " + events
          + " events; recommender " + kind + ": " + cf.describe() + (trainedAt == null ? "" : ", trained " + trainedAt);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Rebuilds the collaborative-filtering model from the profiles as they are now. Synchronous. */
  public void retrain(int threads) {
    if (kind == Recommender.POPULARITY) {
      sinceTraining.set(0);
      trainedAt = clock.instant();
      return;
    }
    TrainingData data = snapshot();
    Cf trained = switch (kind) {
      case ITEM_BASED -> ItemNeighbours.train(data, rules.neighbours(), threads);
      case ALS -> Als.train(data, rules.alsFactors(), rules.alsIterations(), rules.alsLambda(), rules.alsAlpha(),
          42, threads);
      case POPULARITY -> Cf.NONE;
    };
    cf = trained;
    trainedAt = clock.instant();
  }

  /** The current model (test seam). */
  Cf cf() {
    return cf;
  }

  int songIndexOf(SongId song) {
    lock.readLock().lock();
    try {
      return songLocked(song, false);
    } finally {
      lock.readLock().unlock();
    }
  }

  TrainingData snapshot() {
    lock.readLock().lock();
    try {
      sinceTraining.set(0);
      int cap = rules.trainItemsPerUser();
      int now = now();
      int u = userList.size();
      int[] start = new int[u + 1];
      IntList items = new IntList();
      FloatList values = new FloatList();
      long[] keyed = new long[16];
      double[] vals = new double[16];
      for (int row = 0; row < u; row++) {
        Profile p = userList.get(row);
        if (vals.length < p.size) {
          vals = new double[p.size];
          keyed = new long[p.size];
        }
        int pos = 0;
        int neg = 0;
        for (int e = 0; e < p.size; e++) {
          double v = p.valueAt(e, now, lnDecay);
          vals[e] = v;
          if (v > 0) {
            pos++;
          } else if (v < 0) {
            neg++;
          }
        }
        addStrongest(p, vals, cap, pos, true, items, values, keyed);
        if (kind == Recommender.ALS) {
          addStrongest(p, vals, cap, neg, false, items, values, keyed);
        }
        start[row + 1] = items.size;
      }
      return new TrainingData(u, songs.size(), start, items.toArray(), values.toArray());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Adds a profile's {@code cap} strongest likes (or dislikes) to the snapshot. */
  private static void addStrongest(Profile p, double[] vals, int cap, int count, boolean likes, IntList items,
      FloatList values, long[] scratch) {
    if (count == 0) {
      return;
    }
    if (count <= cap) {
      for (int e = 0; e < p.size; e++) {
        if (likes ? vals[e] > 0 : vals[e] < 0) {
          items.add(p.songs[e]);
          values.add((float) vals[e]);
        }
      }
      return;
    }
    Integer[] order = new Integer[count];
    int k = 0;
    for (int e = 0; e < p.size; e++) {
      if (likes ? vals[e] > 0 : vals[e] < 0) {
        order[k++] = e;
      }
    }
    Arrays.sort(order, (a, b) -> Double.compare(Math.abs(vals[b]), Math.abs(vals[a])));
    for (int x = 0; x < cap; x++) {
      items.add(p.songs[order[x]]);
      values.add((float) vals[order[x]]);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Selection

  /**
   * Picks up to {@code n} of {@code available} for {@code caller} by the profiles of
   * {@code members} (the caller's own when empty), blended by {@code blend}. Access has been
   * checked by the caller of this method.
   */
  public List<Pick> select(String caller, List<String> members, Taste.Blend blend, List<SongId> available, int n) {
    if (n <= 0 || available.isEmpty()) {
      return List.of();
    }
    lock.readLock().lock();
    try {
      return selectLocked(caller, members.isEmpty() ? List.of(caller) : members, blend, available, n);
    } finally {
      lock.readLock().unlock();
    }
  }

  private List<Pick> selectLocked(String caller, List<String> memberNames, Taste.Blend blend, List<SongId> available,
      int n) {
    int now = now();
    int songCount = songs.size();
    // Candidates: the available songs, each once, minus the caller's recent plays.
    // candPos: song -> candidate position; -1 not (yet) a candidate, -2 recently started.
    // Per-thread scratch, valid where stamp == gen: no 400 KB to allocate and clear per call.
    Scratch scratch = SCRATCH.get().next(songCount);
    int[] stamp = scratch.stamp;
    int[] candPos = scratch.pos;
    int gen = scratch.gen;
    Profile callerProfile = users.get(caller);
    if (callerProfile != null && rules.recentCount() > 0) {
      int since = now - (int) Math.min(Integer.MAX_VALUE / 2, rules.recentWindow().toSeconds());
      callerProfile.markRecent(since, s -> {
        stamp[s] = gen;
        candPos[s] = -2;
      });
    }
    int m = available.size();
    int[] cand = new int[m];
    SongId[] candId = new SongId[m];
    int c = 0;
    java.util.HashSet<SongId> unknownSeen = null;
    for (SongId id : available) {
      int s = songIndex.get(id);
      if (s >= 0) {
        if (stamp[s] == gen) {
          continue; // recent, or listed twice
        }
        stamp[s] = gen;
        candPos[s] = c;
        cand[c] = s;
      } else {
        if (unknownSeen == null) {
          unknownSeen = new java.util.HashSet<>();
        }
        if (!unknownSeen.add(id)) {
          continue;
        }
        cand[c] = -1;
      }
      candId[c++] = id;
    }
    int members = memberNames.size();
    Profile[] profiles = new Profile[members];
    for (int k = 0; k < members; k++) {
      profiles[k] = users.get(memberNames.get(k));
    }
    boolean single = members == 1;
    // Walk the members' profiles (hundreds of entries), not the candidates (maybe 100,000).
    double[] sum = new double[c];
    double[] minHeard = new double[c];
    int[] heardBy = new int[c];
    int[] likedBy = new int[c];
    Arrays.fill(minHeard, Double.POSITIVE_INFINITY);
    for (Profile p : profiles) {
      if (p == null) {
        continue;
      }
      for (int e = 0; e < p.size; e++) {
        int song = p.songs[e];
        int x = song < songCount && stamp[song] == gen ? candPos[song] : -1;
        if (x < 0) {
          continue;
        }
        double v = p.valueAt(e, now, lnDecay);
        sum[x] += v;
        minHeard[x] = Math.min(minHeard[x], v);
        heardBy[x]++;
        if (v > 0) {
          likedBy[x]++;
        }
      }
    }
    // Per candidate: favourite score, heard by anyone, vetoed.
    double[] fav = sum; // reused in place
    boolean[] heard = new boolean[c];
    boolean[] vetoed = new boolean[c];
    for (int x = 0; x < c; x++) {
      if (heardBy[x] == 0) {
        fav[x] = 0;
        continue;
      }
      heard[x] = true;
      // An unheard member counts 0.
      double min = heardBy[x] < members ? Math.min(minHeard[x], 0) : minHeard[x];
      double mean = sum[x] / members;
      if (single) {
        vetoed[x] = min < 0;
        fav[x] = min;
      } else {
        switch (blend) {
          case ALL_LIKE -> {
            vetoed[x] = min < 0;
            fav[x] = likedBy[x] == members ? mean : 0;
          }
          case LEAST_MISERY -> {
            vetoed[x] = min < 0;
            fav[x] = min;
          }
          case AVERAGE -> {
            vetoed[x] = mean < 0;
            fav[x] = mean;
          }
        }
      }
    }
    // Discoveries: songs none of the profiles has heard, scored by each one's CF model.
    double[] disc = new double[c];
    Cf.UserScorer[] scorers = new Cf.UserScorer[members];
    Cf model = cf;
    boolean anyScorer = false;
    for (int k = 0; k < members; k++) {
      scorers[k] = profiles[k] == null ? Cf.UserScorer.NONE : model.forUser(profiles[k], now, lnDecay);
      anyScorer |= scorers[k] != Cf.UserScorer.NONE;
    }
    if (anyScorer && kind != Recommender.POPULARITY) {
      double[][] per = new double[members][c];
      for (int k = 0; k < members; k++) {
        double max = 0;
        // Many candidates: one sequential pass over every song beats scattered scoring.
        double[] all = c * 4L >= songCount ? scorers[k].scores() : null;
        for (int x = 0; x < c; x++) {
          if (cand[x] >= 0 && !heard[x]) {
            double v = all == null ? scorers[k].score(cand[x]) : cand[x] < all.length ? all[cand[x]] : 0;
            per[k][x] = v;
            max = Math.max(max, v);
          }
        }
        if (!single && max > 0) {
          for (int x = 0; x < c; x++) {
            per[k][x] /= max; // blends: each member's scale 0..1
          }
        }
      }
      for (int x = 0; x < c; x++) {
        if (cand[x] < 0 || heard[x]) {
          continue;
        }
        double min = Double.POSITIVE_INFINITY;
        double total = 0;
        for (int k = 0; k < members; k++) {
          min = Math.min(min, per[k][x]);
          total += per[k][x];
        }
        disc[x] = single ? total : switch (blend) {
          case ALL_LIKE, LEAST_MISERY -> min;
          case AVERAGE -> total / members;
        };
      }
    }
    int[] favs = ranked(c, x -> !vetoed[x] && heard[x] && fav[x] > 0, fav, n);
    int[] discs = ranked(c, x -> !vetoed[x] && !heard[x] && disc[x] > 0, disc, n);
    List<Pick> picks = new ArrayList<>(Math.min(n, c));
    boolean[] taken = new boolean[c];
    int fi = 0;
    int di = 0;
    int run = rules.favouriteRun() + rules.discoveryRun();
    while (picks.size() < n && (fi < favs.length || di < discs.length)) {
      boolean wantFavourite = picks.size() % run < rules.favouriteRun();
      boolean takeFavourite = fi < favs.length && (wantFavourite || di >= discs.length);
      if (takeFavourite) {
        int x = favs[fi++];
        taken[x] = true;
        picks.add(new Pick(candId[x], fav[x], Pick.Reason.FAVOURITE, List.of()));
      } else {
        int x = discs[di++];
        taken[x] = true;
        picks.add(new Pick(candId[x], disc[x], Pick.Reason.DISCOVERY, because(scorers, cand[x])));
      }
    }
    if (picks.size() < n) {
      double[] pop = new double[c];
      for (int x = 0; x < c; x++) {
        pop[x] = cand[x] >= 0 ? popularity[cand[x]] : 0;
      }
      for (int x : ranked(c, x -> !vetoed[x] && !taken[x] && pop[x] > 0, pop, n - picks.size())) {
        if (picks.size() == n) {
          break;
        }
        taken[x] = true;
        picks.add(new Pick(candId[x], pop[x], Pick.Reason.POPULAR, List.of()));
      }
    }
    if (picks.size() < n) {
      int[] rest = new int[c];
      int count = 0;
      for (int x = 0; x < c; x++) {
        if (!vetoed[x] && !taken[x]) {
          rest[count++] = x;
        }
      }
      // A partial Fisher-Yates shuffle: only as many draws as picks wanted.
      synchronized (random) {
        for (int k = 0; k < count && picks.size() < n; k++) {
          int j = k + random.nextInt(count - k);
          int x = rest[j];
          rest[j] = rest[k];
          rest[k] = x;
          picks.add(new Pick(candId[x], 0, Pick.Reason.RANDOM, List.of()));
        }
      }
    }
    return picks;
  }

  private List<SongId> because(Cf.UserScorer[] scorers, int song) {
    List<SongId> out = new ArrayList<>(BECAUSE);
    for (int round = 0; round < BECAUSE && out.size() < BECAUSE; round++) {
      boolean more = false;
      for (Cf.UserScorer s : scorers) {
        int[] top = s.because(song, BECAUSE);
        if (round < top.length) {
          more = true;
          SongId id = songs.get(top[round]);
          if (!out.contains(id) && out.size() < BECAUSE) {
            out.add(id);
          }
        }
      }
      if (!more) {
        break;
      }
    }
    return out;
  }

  /**
   * The best {@code limit} indices {@code 0..c} passing {@code keep}, by {@code score}
   * descending, ties in input order. A bounded heap: choosing 10 of 100,000 must not sort them all.
   */
  private static int[] ranked(int c, java.util.function.IntPredicate keep, double[] score, int limit) {
    int[] heap = new int[Math.max(0, Math.min(limit, c))];
    int size = 0;
    for (int x = 0; x < c; x++) {
      if (heap.length == 0 || !keep.test(x)) {
        continue;
      }
      if (size < heap.length) {
        heap[size] = x;
        up(heap, size++, score);
      } else if (worse(heap[0], x, score)) {
        heap[0] = x;
        down(heap, size, score);
      }
    }
    int[] out = new int[size];
    for (int k = size - 1; k >= 0; k--) {
      out[k] = heap[0];
      heap[0] = heap[k];
      down(heap, k, score);
    }
    return out;
  }

  /** Whether a ranks below b: lower score, or equal score and later. */
  private static boolean worse(int a, int b, double[] score) {
    return score[a] < score[b] || (score[a] == score[b] && a > b);
  }

  private static void up(int[] heap, int pos, double[] score) {
    while (pos > 0) {
      int parent = (pos - 1) / 2;
      if (!worse(heap[pos], heap[parent], score)) {
        return;
      }
      int t = heap[pos];
      heap[pos] = heap[parent];
      heap[parent] = t;
      pos = parent;
    }
  }

  private static void down(int[] heap, int size, double[] score) {
    int pos = 0;
    while (true) {
      int l = 2 * pos + 1;
      int r = l + 1;
      int w = pos;
      if (l < size && worse(heap[l], heap[w], score)) {
        w = l;
      }
      if (r < size && worse(heap[r], heap[w], score)) {
        w = r;
      }
      if (w == pos) {
        return;
      }
      int t = heap[pos];
      heap[pos] = heap[w];
      heap[w] = t;
      pos = w;
    }
  }

  /**
   * The {@code n} best songs for {@code user} among all known songs it has no evidence about and
   * that are not in {@code exclude}: collaborative filtering first, then popularity.
   */
  public List<Pick> recommend(String user, int n, Set<SongId> exclude) {
    lock.readLock().lock();
    try {
      int now = now();
      int songCount = songs.size();
      boolean[] skip = new boolean[songCount];
      for (SongId id : exclude) {
        int s = songIndex.get(id);
        if (s >= 0) {
          skip[s] = true;
        }
      }
      Profile p = users.get(user);
      Cf.UserScorer scorer = Cf.UserScorer.NONE;
      if (p != null) {
        for (int e = 0; e < p.size; e++) {
          skip[p.songs[e]] = true;
        }
        if (kind != Recommender.POPULARITY) {
          scorer = cf.forUser(p, now, lnDecay);
        }
      }
      List<Pick> picks = new ArrayList<>(n);
      if (scorer != Cf.UserScorer.NONE) {
        double[] all = scorer.scores();
        double[] score = new double[songCount];
        for (int s = 0; s < songCount; s++) {
          score[s] = skip[s] || s >= all.length ? 0 : all[s];
        }
        for (int s : topN(score, n)) {
          skip[s] = true;
          picks.add(new Pick(songs.get(s), score[s], Pick.Reason.DISCOVERY,
              because(new Cf.UserScorer[] {scorer}, s)));
        }
      }
      if (picks.size() < n) {
        double[] pop = new double[songCount];
        for (int s = 0; s < songCount; s++) {
          pop[s] = skip[s] ? 0 : popularity[s];
        }
        for (int s : topN(pop, n - picks.size())) {
          picks.add(new Pick(songs.get(s), pop[s], Pick.Reason.POPULAR, List.of()));
        }
      }
      return picks;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Indices of the up-to-n largest positive scores, best first, ties by lower index. */
  private static int[] topN(double[] score, int n) {
    return ranked(score.length, s -> score[s] > 0, score, n);
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Song-indexed arrays one thread reuses across selections; an entry counts only if stamped now. */
  private static final class Scratch {
    int[] stamp = new int[0];
    int[] pos = new int[0];
    int gen;

    Scratch next(int songs) {
      if (stamp.length < songs) {
        int n = Math.max(songs, stamp.length * 2);
        stamp = new int[n];
        pos = new int[n];
        gen = 0;
      }
      if (++gen == Integer.MAX_VALUE) {
        Arrays.fill(stamp, 0);
        gen = 1;
      }
      return this;
    }
  }

  /** A growable int array. */
  static final class IntList {
    int[] a = new int[1024];
    int size;

    void add(int v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }

  /** A growable float array. */
  static final class FloatList {
    float[] a = new float[1024];
    int size;

    void add(float v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    float[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }
}
