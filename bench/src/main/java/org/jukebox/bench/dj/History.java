package org.jukebox.bench.dj;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jukebox.api.EventKind;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.SongId;

/**
 * A generated listening history with planted tastes, in primitive arrays so that five million
 * events take about 130 MB: a catalog (songs with an artist, a genre and a length), listeners in
 * taste groups, and the events, in time order.
 *
 * <p>The planted structure ({@link #generate}):
 * <ul>
 *   <li>Popularity: every song has a global rank, and the chance of picking it at random falls
 *       as 1/(rank+1) (Zipf, exponent 1). Listeners' activity is skewed too: the listener of
 *       activity rank r plays in proportion to 1/(r+1)^0.5.
 *   <li>Tastes: each group has favourite artists (disjoint between groups) and two favourite
 *       genres. A play picks a favourite artist's song with probability 0.45 (the artist
 *       uniformly, then its k-th most popular song by 1/(k+1)), a song of a favourite genre with
 *       probability 0.25 (the genre's k-th most popular song by 1/sqrt(k+1)), and any song by
 *       global popularity otherwise (the noise: random plays).
 *   <li>Outcomes: a song the group likes (favourite artist or genre) is played to the end with
 *       probability 0.8 and skipped otherwise (early skips are noise here); any other song is
 *       played to the end with probability 0.2 (noise) and skipped otherwise. Skips are early
 *       (2 to 25 % into the song) 85 % of the time, late (40 to 90 %) otherwise, and one in ten is
 *       reported as a fast-forward. After a finished liked song: "like" with probability 0.12, a
 *       4 or 5 with probability 0.05; after a skipped other song: "dislike" 0.08, a 1 or 2 0.03,
 *       "removed" 0.01; a "like" after a song the group does not like 0.02 (noise); a pause
 *       mid-song 0.05.
 *   <li>Time: plays start at evenly spread instants from 2026-01-01, one every
 *       180 days / (events / 2.1) with jitter, so that the history spans about 180 days; the
 *       events of a play at their real offsets (a finish at start + length, a like one second
 *       later); the whole history is then sorted by time (ties in generation order).
 * </ul>
 * The last play may be cut short so that the history holds exactly {@code shape.events()}.
 *
 * <p>Immutable after {@link #generate}; the arrays are shared, not copied: read them only.
 */
final class History {
  /** The first instant of every history. */
  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  static final long SPAN_MILLIS = Duration.ofDays(180).toMillis();
  private static final EventKind[] KINDS = EventKind.values();

  final Shape shape;
  // catalog
  final int[] songArtist;
  final int[] songGenre;
  final int[] songLengthMillis;
  final int[] artistGenre;
  // listeners
  final int[] userGroup;
  final int[][] groupArtists;
  final int[][] groupGenres;
  // events, in time order
  final int[] user;
  final int[] song;
  final byte[] kind;
  final int[] positionMillis;
  final byte[] score;
  final long[] time;
  // per listener: userEvents[userStart[u] .. userStart[u+1]) are u's event indices in time order
  final int[] userStart;
  final int[] userEvents;

  private History(Shape shape, int[] songArtist, int[] songGenre, int[] songLengthMillis, int[] artistGenre,
      int[] userGroup, int[][] groupArtists, int[][] groupGenres, int[] user, int[] song, byte[] kind,
      int[] positionMillis, byte[] score, long[] time) {
    this.shape = shape;
    this.songArtist = songArtist;
    this.songGenre = songGenre;
    this.songLengthMillis = songLengthMillis;
    this.artistGenre = artistGenre;
    this.userGroup = userGroup;
    this.groupArtists = groupArtists;
    this.groupGenres = groupGenres;
    this.user = user;
    this.song = song;
    this.kind = kind;
    this.positionMillis = positionMillis;
    this.score = score;
    this.time = time;
    this.userStart = new int[shape.users() + 1];
    for (int u : user) {
      userStart[u + 1]++;
    }
    for (int u = 0; u < shape.users(); u++) {
      userStart[u + 1] += userStart[u];
    }
    this.userEvents = new int[user.length];
    int[] next = Arrays.copyOf(userStart, shape.users());
    for (int i = 0; i < user.length; i++) {
      userEvents[next[user[i]]++] = i;
    }
  }

  /**
   * A hand-made history (a test seam): one group, every song by its own artist in genre 0, the
   * given events, which must be in time order.
   *
   * @throws IllegalArgumentException if the events are not in time order
   */
  static History of(int users, int[] songLengthMillis, int[] user, int[] song, EventKind[] kinds, int[] positionMillis,
      int[] score, long[] time) {
    int n = user.length;
    byte[] k = new byte[n];
    byte[] sc = new byte[n];
    for (int i = 0; i < n; i++) {
      k[i] = (byte) kinds[i].ordinal();
      sc[i] = (byte) score[i];
      if (i > 0 && time[i] < time[i - 1]) {
        throw new IllegalArgumentException("event " + i + " is before event " + (i - 1));
      }
    }
    int songs = songLengthMillis.length;
    int[] artist = new int[songs];
    for (int s = 0; s < songs; s++) {
      artist[s] = s;
    }
    return new History(new Shape(users, songs, Math.max(1, n), 1, 0), artist, new int[songs], songLengthMillis.clone(),
        new int[songs], new int[users], new int[][] {{0}}, new int[][] {{0}}, user.clone(), song.clone(), k,
        positionMillis.clone(), sc, time.clone());
  }

  /** Events in the history. */
  int size() {
    return user.length;
  }

  EventKind kind(int event) {
    return KINDS[kind[event]];
  }

  /** Whether the group of listener {@code u} likes song {@code s} (a favourite artist or genre). */
  boolean liked(int u, int s) {
    int g = userGroup[u];
    for (int a : groupArtists[g]) {
      if (songArtist[s] == a) {
        return true;
      }
    }
    for (int genre : groupGenres[g]) {
      if (songGenre[s] == genre) {
        return true;
      }
    }
    return false;
  }

  /** The user name of listener {@code u}: {@code "u"} and its number. */
  static String userName(int u) {
    return "u" + u;
  }

  /** The id of song {@code s}: {@code "s"} and its number. */
  static SongId songId(int s) {
    return new SongId("s" + s);
  }

  /** The song number of an id made by {@link #songId}. */
  static int songNumber(SongId id) {
    return Integer.parseInt(id.value().substring(1));
  }

  /**
   * Event {@code i} as the api's record, reported {@code now - time} after it happened.
   *
   * @throws IllegalArgumentException if {@code now} is before the event
   */
  ListeningEvent event(int i, Instant now) {
    Duration ago = Duration.between(EPOCH.plusMillis(time[i]), now);
    if (ago.isNegative()) {
      throw new IllegalArgumentException("event " + i + " is after " + now);
    }
    return new ListeningEvent(songId(song[i]), kind(i), Duration.ofMillis(positionMillis[i]),
        Duration.ofMillis(songLengthMillis[song[i]]), score[i], ago);
  }

  /** The instant of the last event. */
  Instant end() {
    return EPOCH.plusMillis(time[time.length - 1]);
  }

  /** The instant of event {@code i}. */
  Instant instant(int i) {
    return EPOCH.plusMillis(time[i]);
  }

  /** Makes the history of {@code shape}; the same shape always gives the same history. */
  static History generate(Shape shape) {
    return new Generator(shape).run();
  }

  /** One generation; not thread-safe, used once. */
  private static final class Generator {
    private final Shape shape;
    private final SplittableRandom rnd;
    private final int[] songArtist;
    private final int[] songGenre;
    private final int[] songLength;
    private final int[] artistGenre;
    private final int[] userGroup;
    private final int[][] groupArtists;
    private final int[][] groupGenres;
    private final double[] userCumulative;
    private final int[] songAtRank;
    private final double[] rankCumulative;
    // songs of each artist / genre, in global popularity order, with cumulative weights
    private final int[] artistStart;
    private final int[] artistSongs;
    private final int[] genreStart;
    private final int[] genreSongs;
    private final double[] genreCumulative;

    private int n;
    private final int[] user;
    private final int[] song;
    private final byte[] kind;
    private final int[] position;
    private final byte[] score;
    private final long[] time;

    Generator(Shape shape) {
      this.shape = shape;
      SplittableRandom catalog = new SplittableRandom(shape.seed());
      this.rnd = new SplittableRandom(shape.seed() ^ 0x5DEECE66DL);
      int songs = shape.songs();
      int artists = shape.artists();
      int genres = shape.genres();
      artistGenre = new int[artists];
      int[] artistOrder = permutation(artists, catalog);
      for (int a = 0; a < artists; a++) {
        artistGenre[artistOrder[a]] = a % genres;
      }
      songArtist = new int[songs];
      songGenre = new int[songs];
      songLength = new int[songs];
      int[] songOrder = permutation(songs, catalog);
      for (int s = 0; s < songs; s++) {
        songArtist[s] = songOrder[s] % artists;
        songGenre[s] = artistGenre[songArtist[s]];
        songLength[s] = 120_000 + catalog.nextInt(300_001);
      }
      songAtRank = permutation(songs, catalog);
      rankCumulative = new double[songs];
      double sum = 0;
      for (int r = 0; r < songs; r++) {
        sum += 1.0 / (r + 1);
        rankCumulative[r] = sum;
      }
      artistStart = new int[artists + 1];
      artistSongs = new int[songs];
      group(songArtist, artists, artistStart, artistSongs);
      genreStart = new int[genres + 1];
      genreSongs = new int[songs];
      group(songGenre, genres, genreStart, genreSongs);
      genreCumulative = new double[songs];
      double c = 0; // one running sum over all genres: pick() takes differences within a genre
      for (int g = 0; g < genres; g++) {
        for (int i = genreStart[g]; i < genreStart[g + 1]; i++) {
          // milder than the global skew: a genre's hit must not outplay a group's favourite artists
          c += 1.0 / Math.sqrt(i - genreStart[g] + 1);
          genreCumulative[i] = c;
        }
      }

      int groups = shape.groups();
      int fav = shape.favouriteArtists();
      int[] favOrder = permutation(artists, catalog);
      int[] genreOrder = permutation(genres, catalog);
      groupArtists = new int[groups][];
      groupGenres = new int[groups][];
      for (int g = 0; g < groups; g++) {
        groupArtists[g] = new int[fav];
        for (int k = 0; k < fav; k++) {
          // disjoint while there are artists enough (2 * groups * fav <= artists by construction)
          groupArtists[g][k] = favOrder[(g * fav + k) % artists];
        }
        int first = genreOrder[g % genres];
        int second = genreOrder[(g + 1 + g / genres) % genres];
        groupGenres[g] = first == second ? new int[] {first} : new int[] {first, second};
      }
      int users = shape.users();
      userGroup = new int[users];
      int[] byGroup = permutation(users, catalog);
      for (int u = 0; u < users; u++) {
        userGroup[byGroup[u]] = u % groups;
      }
      int[] activity = permutation(users, catalog);
      userCumulative = new double[users];
      double a = 0;
      for (int u = 0; u < users; u++) {
        a += 1.0 / Math.sqrt(activity[u] + 1);
        userCumulative[u] = a;
      }
      int events = shape.events();
      user = new int[events];
      song = new int[events];
      kind = new byte[events];
      position = new int[events];
      score = new byte[events];
      time = new long[events];
    }

    History run() {
      // about 2.1 events per play: spread the plays evenly over about the span
      long plays = Math.max(1, Math.round(shape.events() / 2.1));
      long step = Math.max(1, SPAN_MILLIS / plays);
      for (long p = 0; n < shape.events(); p++) {
        play(p * step + rnd.nextLong(step));
      }
      sortByTime();
      return new History(shape, songArtist, songGenre, songLength, artistGenre, userGroup, groupArtists,
          groupGenres, user, song, kind, position, score, time);
    }

    private void play(long start) {
      int u = pick(userCumulative, 0, userCumulative.length);
      int g = userGroup[u];
      double which = rnd.nextDouble();
      int s;
      if (which < 0.45) {
        int artist = groupArtists[g][rnd.nextInt(groupArtists[g].length)];
        s = artistSongs[artistStart[artist] + harmonicIndex(artistStart[artist + 1] - artistStart[artist])];
      } else if (which < 0.70) {
        int genre = groupGenres[g][rnd.nextInt(groupGenres[g].length)];
        s = genreSongs[pick(genreCumulative, genreStart[genre], genreStart[genre + 1])];
      } else {
        s = songAtRank[pick(rankCumulative, 0, rankCumulative.length)];
      }
      boolean liked = likes(g, s);
      int length = songLength[s];
      emit(u, s, EventKind.STARTED, 0, 0, start);
      boolean finish = rnd.nextDouble() < (liked ? 0.8 : 0.2);
      if (finish) {
        if (rnd.nextDouble() < 0.05) {
          int at = length / 10 + rnd.nextInt(length * 8 / 10);
          emit(u, s, EventKind.PAUSED, at, 0, start + at);
        }
        emit(u, s, EventKind.FINISHED, length, 0, start + length);
        if (liked ? rnd.nextDouble() < 0.12 : rnd.nextDouble() < 0.02) {
          emit(u, s, EventKind.LIKED, 0, 0, start + length + 1_000);
        }
        if (liked && rnd.nextDouble() < 0.05) {
          emit(u, s, EventKind.RATED, 0, 4 + rnd.nextInt(2), start + length + 2_000);
        }
      } else {
        boolean early = rnd.nextDouble() < 0.85;
        int at = early ? length / 50 + rnd.nextInt(length * 23 / 100) : length * 2 / 5 + rnd.nextInt(length / 2);
        EventKind how = rnd.nextDouble() < 0.1 ? EventKind.FAST_FORWARDED : EventKind.SKIPPED;
        emit(u, s, how, at, 0, start + at);
        if (!liked) {
          if (rnd.nextDouble() < 0.08) {
            emit(u, s, EventKind.DISLIKED, 0, 0, start + at + 500);
          }
          if (rnd.nextDouble() < 0.03) {
            emit(u, s, EventKind.RATED, 0, 1 + rnd.nextInt(2), start + at + 1_000);
          }
          if (rnd.nextDouble() < 0.01) {
            emit(u, s, EventKind.REMOVED, 0, 0, start + at + 1_500);
          }
        }
      }
    }

    private boolean likes(int g, int s) {
      for (int a : groupArtists[g]) {
        if (songArtist[s] == a) {
          return true;
        }
      }
      for (int genre : groupGenres[g]) {
        if (songGenre[s] == genre) {
          return true;
        }
      }
      return false;
    }

    private void emit(int u, int s, EventKind k, int at, int stars, long when) {
      if (n == user.length) {
        return;
      }
      user[n] = u;
      song[n] = s;
      kind[n] = (byte) k.ordinal();
      position[n] = at;
      score[n] = (byte) stars;
      time[n] = when;
      n++;
    }

    /** Sorts the events by time, ties in generation order, through one packed long per event. */
    private void sortByTime() {
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        keys[i] = time[i] << 23 | i;
      }
      Arrays.sort(keys);
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = (int) (keys[i] & ((1 << 23) - 1));
      }
      keys = null;
      permute(user, order);
      permute(song, order);
      permute(position, order);
      permute(kind, order);
      permute(score, order);
      long[] t = time.clone();
      for (int i = 0; i < n; i++) {
        time[i] = t[order[i]];
      }
    }

    private static void permute(int[] a, int[] order) {
      int[] copy = a.clone();
      for (int i = 0; i < order.length; i++) {
        a[i] = copy[order[i]];
      }
    }

    private static void permute(byte[] a, int[] order) {
      byte[] copy = a.clone();
      for (int i = 0; i < order.length; i++) {
        a[i] = copy[order[i]];
      }
    }

    /** An index in [from, to) drawn by the weights whose running sums are {@code cumulative}. */
    private int pick(double[] cumulative, int from, int to) {
      double base = from == 0 ? 0 : cumulative[from - 1];
      double x = base + rnd.nextDouble() * (cumulative[to - 1] - base);
      int lo = from;
      int hi = to - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] <= x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** An index in [0, m) drawn with weights 1/(k+1). */
    private int harmonicIndex(int m) {
      double total = 0;
      for (int k = 0; k < m; k++) {
        total += 1.0 / (k + 1);
      }
      double x = rnd.nextDouble() * total;
      for (int k = 0; k < m - 1; k++) {
        x -= 1.0 / (k + 1);
        if (x < 0) {
          return k;
        }
      }
      return m - 1;
    }

    /** Groups items by their key into {@code start}/{@code members}, members in their order of {@code songAtRank}. */
    private void group(int[] keyOf, int keys, int[] start, int[] members) {
      for (int s : songAtRank) {
        start[keyOf[s] + 1]++;
      }
      for (int k = 0; k < keys; k++) {
        start[k + 1] += start[k];
      }
      int[] next = Arrays.copyOf(start, keys);
      for (int s : songAtRank) {
        members[next[keyOf[s]]++] = s;
      }
    }

    private static int[] permutation(int size, SplittableRandom r) {
      int[] p = new int[size];
      for (int i = 0; i < size; i++) {
        p[i] = i;
      }
      for (int i = size - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    }
  }
}
