package org.jukebox.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jukebox.api.Song;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.NullAudioSink;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load on one proxy (issue 8, "how well"): N simulated browser users on loopback, each logged
 * in, browsing pages with a think time and streaming one song at a time through the proxy.
 * Reports page latency percentiles and stream underruns (a stream is behind when the bytes it
 * has received fall short of what real-time playback needs after a 1 s start buffer).
 *
 * <p>A benchmark, not a test: runs only with
 * {@code mvn -pl client-web verify -Djukebox.bench=web -Dtest=WebLoadBench
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dweb.users=200 -Dweb.seconds=30]}; results go to
 * {@code target/web-bench.txt}. Thread.sleep here models a user's think time, not test timing.
 */
@EnabledIfSystemProperty(named = "jukebox.bench", matches = "web")
class WebLoadBench {
  private static final int USERS = Integer.getInteger("web.users", 200);
  private static final int SECONDS = Integer.getInteger("web.seconds", 30);
  private static final double SONG_SECONDS = 20;

  @RegisterExtension
  static final JukeboxExtension jukebox = JukeboxExtension.builder()
      .soundSmith("shelf", (config, data) -> {
        Path music = Files.createDirectories(data.resolveSibling("shelf-music"));
        for (int i = 1; i <= 4; i++) {
          Path f = music.resolve(i + ".mp3");
          if (!Files.exists(f)) {
            SampleLibrary.writeTone(f, 220 * i, SONG_SECONDS, SampleLibrary.Tags.titled("Long Tune " + i)
                .withArtist("Artist " + (i % 2)).withAlbum("Album " + i));
          }
        }
        return Mp3SoundSmith.builder(music, data, config).build();
      })
      .build();

  @TempDir Path data;

  @Test
  void manyBrowsersBrowseAndStreamThroughOneProxy() throws Exception {
    jukebox.awaitListed(Duration.ofSeconds(60), "shelf");
    try (JukeboxClient client = JukeboxClient.builder(jukebox.directory()).audioSink(NullAudioSink.create()).build()) {
      client.start();
      JukeboxExtension.await(Duration.ofSeconds(60), "four songs", () -> client.catalog().size() == 4);
      List<Song> songs = client.catalog();
      // A cheap KDF: logins are not what is measured (the real one costs ~0.1-0.3 s per login).
      UserStore users = UserStore.open(data.resolve("users"), new UserStore.KdfCost(1024, 1, 1));
      for (int i = 0; i < USERS; i++) {
        users.put("user" + i, ("password-" + i).toCharArray(), "user" + i, new char[0]);
      }
      try (ProxyServer proxy = ProxyServer.builder(client, JukeboxAccess.insecure(null), data).users(users).port(0)
          .loginLimits(1000, 100_000, Duration.ofMinutes(1)).build().start()) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        ConcurrentLinkedQueue<Long> pageNanos = new ConcurrentLinkedQueue<>();
        AtomicInteger pageErrors = new AtomicInteger();
        AtomicInteger streams = new AtomicInteger();
        AtomicInteger underruns = new AtomicInteger();
        AtomicInteger streamErrors = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
        // Pages of the first 5 s are not counted: the JIT is still compiling the proxy.
        long warm = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        CountDownLatch done = new CountDownLatch(USERS * 2);
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
          Browser b = new Browser(proxy.url(), http);
          if (b.login("user" + u, "password-" + u).statusCode() != 200) {
            throw new AssertionError("login of user" + u);
          }
          threads.add(new Thread(() -> {
            try {
              ThreadLocalRandom r = ThreadLocalRandom.current();
              while (System.nanoTime() < end) {
                Song s = songs.get(r.nextInt(songs.size()));
                String page = switch (r.nextInt(5)) {
                  case 0 -> "/library";
                  case 1 -> "/search?q=tune+" + (1 + r.nextInt(4));
                  case 2 -> "/song/" + s.id().value();
                  case 3 -> "/playlist/" + b.playlist;
                  default -> "/api/songs?q=long";
                };
                long t0 = System.nanoTime();
                try {
                  HttpResponse<String> resp = b.get(page);
                  if (resp.statusCode() != 200) {
                    pageErrors.incrementAndGet();
                  }
                } catch (Exception e) {
                  pageErrors.incrementAndGet();
                }
                if (t0 > warm) {
                  pageNanos.add(System.nanoTime() - t0);
                }
                Thread.sleep(500 + r.nextInt(1000)); // a user's think time
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              done.countDown();
            }
          }, "browse-" + u));
          threads.add(new Thread(() -> {
            try {
              ThreadLocalRandom r = ThreadLocalRandom.current();
              // Listeners press play at different moments, not all in the same millisecond.
              Thread.sleep(r.nextLong((long) (SONG_SECONDS * 1000)));
              while (System.nanoTime() < end) {
                Song s = songs.get(r.nextInt(songs.size()));
                double bytesPerSecond = s.sizeBytes() / (double) s.duration().toMillis() * 1000;
                try {
                  HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(proxy.url().resolve("/stream/" + s.id().value()))
                      .header("Cookie", b.cookie).build(), HttpResponse.BodyHandlers.ofInputStream());
                  long t0 = System.nanoTime();
                  long got = 0;
                  boolean behind = false;
                  byte[] buf = new byte[8192];
                  try (InputStream in = resp.body()) {
                    int n;
                    while ((n = in.read(buf)) > 0 && System.nanoTime() < end) {
                      got += n;
                      double played = (System.nanoTime() - t0) / 1e9 - 1.0; // 1 s start buffer
                      if (played > 0 && got < played * bytesPerSecond && got < s.sizeBytes()) {
                        behind = true;
                      }
                    }
                  }
                  // The browser fetches ahead, then the user listens: the next song starts when
                  // this one has played to its end.
                  long playedTo = t0 + s.duration().toNanos();
                  while (System.nanoTime() < Math.min(playedTo, end)) {
                    Thread.sleep(Math.max(1, Math.min(500, (Math.min(playedTo, end) - System.nanoTime()) / 1_000_000)));
                  }
                  streams.incrementAndGet();
                  if (behind) {
                    underruns.incrementAndGet();
                  }
                } catch (java.io.IOException e) {
                  streamErrors.incrementAndGet();
                }
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              done.countDown();
            }
          }, "stream-" + u));
        }
        threads.forEach(Thread::start);
        assertTrue(done.await(SECONDS + 60, java.util.concurrent.TimeUnit.SECONDS));
        List<Long> sorted = new ArrayList<>(pageNanos);
        Collections.sort(sorted);
        String report = String.format(Locale.ROOT,
            "web: %d users, %d s, %d pages after 5 s warm-up (%d errors): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms;"
                + " %d streams (%d errors), %d behind real time; %d cores, %s%n",
            USERS, SECONDS, sorted.size(), pageErrors.get(), ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99),
            ms(sorted, 1.0), streams.get(), streamErrors.get(), underruns.get(),
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        Files.writeString(Path.of("target", "web-bench.txt"), report,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(sorted.size() > USERS);
      }
    }
  }

  private static double ms(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
    return sorted.get(Math.max(i, 0)) / 1e6;
  }
}
