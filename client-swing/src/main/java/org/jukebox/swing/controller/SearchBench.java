package org.jukebox.swing.controller;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;

/**
 * Measures the library's search on a large synthetic catalog: building the {@link SongIndex},
 * then each keystroke of typed queries as the library controller runs it (a narrowing of the
 * previous result when the query grew, else a full scan), a full scan for every prefix, and
 * sorting. Prints medians and maxima in milliseconds. Not a test: figures go to
 * docs/BENCHMARKS.md (swing).
 *
 * <p>Usage: {@code SearchBench [songs=100000] [rounds=30]}.
 */
public final class SearchBench {
  private static final String[] WORDS = ("love night city rain summer blue heart fire dream light road river moon "
      + "star gold stone wild ocean song dance time home world sun shadow glass echo paper winter neon velvet "
      + "silver electric morning midnight garden station avenue weather signal ghost mirror thunder honey").split(" ");

  private SearchBench() {}

  public static void main(String[] args) throws Exception {
    int songs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Random random = new Random(42);
    List<SongRow> rows = new ArrayList<>(songs);
    String[] artists = new String[Math.max(1, songs / 20)];
    for (int i = 0; i < artists.length; i++) {
      artists[i] = cap(pick(random)) + " " + cap(pick(random)) + (i % 7 == 0 ? " & The " + cap(pick(random)) + "s" : "");
    }
    for (int i = 0; i < songs; i++) {
      String artist = artists[random.nextInt(artists.length)];
      String album = cap(pick(random)) + " " + cap(pick(random));
      String title = cap(pick(random)) + " " + pick(random) + (random.nextInt(4) == 0 ? " " + pick(random) : "");
      Song s = new Song(new SongId("s" + i), title, artist, album, 1 + i % 12, 1, 2000 + i % 25, "",
          Duration.ofSeconds(120 + random.nextInt(240)), 192, 44_100, false, 4_000_000, "audio/mpeg");
      rows.add(new SongRow(s, i % 3 == 0 ? "Bob's CDs" : "Alice's MP3s", i % 3 == 0 ? "cd" : "mp3"));
    }

    long t0 = System.nanoTime();
    SongIndex index = SongIndex.of(rows);
    double buildMs = ms(System.nanoTime() - t0);

    String[] queries = {"midnight", "velvet thunder", "silver moon", "zzz"};
    // Warm up the JIT as a running client would be after a few searches.
    for (int w = 0; w < 5; w++) {
      for (String q : queries) {
        typeAll(index, q);
      }
    }
    List<Double> keystroke = new ArrayList<>();
    List<Double> fullScan = new ArrayList<>();
    int lastHits = 0;
    for (int r = 0; r < rounds; r++) {
      for (String q : queries) {
        String previous = null;
        int[] result = null;
        for (int k = 1; k <= q.length(); k++) {
          String typed = q.substring(0, k);
          long a = System.nanoTime();
          result = result != null && SongIndex.narrows(previous, typed) ? index.narrow(result, typed, null, null)
              : index.filter(typed, null, null);
          keystroke.add(ms(System.nanoTime() - a));
          long b = System.nanoTime();
          int[] full = index.filter(typed, null, null);
          fullScan.add(ms(System.nanoTime() - b));
          if (full.length != result.length) {
            throw new AssertionError("narrowing found " + result.length + ", a full scan " + full.length + " for " + typed);
          }
          previous = typed;
        }
        lastHits = result.length;
      }
    }
    List<Double> sorts = new ArrayList<>();
    int[] all = index.filter("", null, null);
    for (int r = 0; r < 11; r++) {
      long a = System.nanoTime();
      index.sort(all, Column.TITLE, r % 2 == 0);
      sorts.add(ms(System.nanoTime() - a));
    }

    System.out.printf(Locale.ROOT, "songs: %,d  (index built in %.1f ms)%n", songs, buildMs);
    System.out.printf(Locale.ROOT, "per keystroke as the controller runs it (narrowing when the query grew): median %.2f ms,"
        + " p99 %.2f ms, max %.2f ms over %d keystrokes%n", pct(keystroke, 50), pct(keystroke, 99), max(keystroke),
        keystroke.size());
    System.out.printf(Locale.ROOT, "full scan of every prefix: median %.2f ms, p99 %.2f ms, max %.2f ms%n",
        pct(fullScan, 50), pct(fullScan, 99), max(fullScan));
    double first = sorts.remove(0);
    System.out.printf(Locale.ROOT, "sort all %,d by title: first %.0f ms (ranks the column once), then median %.1f ms,"
        + " max %.1f ms%n", songs, first, pct(sorts, 50), max(sorts));
    System.out.printf(Locale.ROOT, "(last query '%s': %d hits)%n", queries[queries.length - 1], lastHits);
    System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s, load average %s%n",
        Runtime.getRuntime().availableProcessors(), cpu(), System.getProperty("java.version"), load());
  }

  private static void typeAll(SongIndex index, String q) {
    for (int k = 1; k <= q.length(); k++) {
      index.filter(q.substring(0, k), null, null);
    }
  }

  private static String pick(Random r) {
    return WORDS[r.nextInt(WORDS.length)];
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double pct(List<Double> xs, int p) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[Math.min(a.length - 1, (int) Math.ceil(p / 100.0 * a.length) - 1)];
  }

  private static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (Exception e) {
      return "unknown CPU";
    }
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
