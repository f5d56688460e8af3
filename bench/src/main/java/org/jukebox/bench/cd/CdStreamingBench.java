package org.jukebox.bench.cd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.StreamTicket;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.jukebox.soundsmith.CdSoundSmith;
import org.jukebox.soundsmith.SoundSmithConfig;
import org.jukebox.soundsmith.cd.CdDrives;
import org.jukebox.soundsmith.cd.Toc;
import org.jukebox.soundsmith.cd.Wav;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Concurrent {@code .au} streams of a CD track from a CdSoundSmith over a CUE/WAV disc image, on
 * loopback, through the path a client takes: the directory lists the SoundSmith, its catalog
 * gives the track, each stream gets a ticket over RMI and GETs it over HTTP on a raw socket. The
 * server converts the image's little-endian PCM to the big-endian {@code .au} body as it sends.
 * All streams start together and read as fast as the server lets them (it paces each at the
 * product's 8× real time after a 256 KiB burst); a stream is real-time if its bytes over its
 * time, connect to last byte, are at least 176,400 bytes/s.
 */
public final class CdStreamingBench {
  private CdStreamingBench() {}

  /** Bytes per second of CD audio playing in real time. */
  static final long REAL_TIME = 44_100L * 4;

  /** Writes a disc image with one track of {@code seconds} of noise; returns its CUE sheet. */
  static Path image(Path dir, int seconds) throws IOException {
    byte[] pcm = new byte[seconds * 75 * Toc.BYTES_PER_FRAME];
    new SplittableRandom(5).nextBytes(pcm);
    Wav.write(dir.resolve("bench.wav"), pcm);
    return Files.writeString(dir.resolve("bench.cue"), "FILE \"bench.wav\" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n");
  }

  /** {@code bench cd-streaming}. */
  @Command(name = "cd-streaming", mixinStandardHelpOptions = true,
      description = "Concurrent ticketed .au streams of a CD track from a CdSoundSmith over a disc image (target 100 at >= real time).")
  public static final class Cli implements Callable<Integer> {
    @Option(names = "--streams", defaultValue = "100", description = "concurrent streams (default ${DEFAULT-VALUE})")
    int streams;
    @Option(names = "--audio-seconds", defaultValue = "60", description = "length of the track (default ${DEFAULT-VALUE})")
    int audioSeconds;
    @Option(names = "--read-seconds", defaultValue = "30", description = "seconds of audio each stream reads (default ${DEFAULT-VALUE})")
    int readSeconds;
    @Option(names = "--pacing", defaultValue = "" + SoundSmithConfig.DEFAULT_STREAM_PACING,
        description = "the SoundSmith's stream pacing, times real time; 0 = off (default ${DEFAULT-VALUE}, the product default)")
    int pacing;
    @Option(names = "--warmup-rounds", defaultValue = "1", description = "unmeasured rounds first (default ${DEFAULT-VALUE})")
    int warmupRounds;

    @Override
    public Integer call() throws Exception {
      if (streams < 1 || streams > 2000) {
        throw new IllegalArgumentException("streams not in 1..2000: " + streams);
      }
      if (readSeconds < 1 || readSeconds > audioSeconds) {
        throw new IllegalArgumentException("read-seconds not in 1.." + audioSeconds + ": " + readSeconds);
      }
      PrintStream out = System.out;
      out.printf(Locale.ROOT, "CD streaming benchmark: %d concurrent .au streams of a %d s CD track (1411 kbit/s PCM),"
          + " reading %d s worth each, server pacing %s, server in this JVM%n", streams, audioSeconds, readSeconds,
          pacing == 0 ? "off" : pacing + "x real time after its burst");
      org.jukebox.bench.Machine.describe(out);
      Path dir = Files.createTempDirectory("jukebox-bench-cd-");
      try (DirectoryServer directory = DirectoryServer.builder().port(0).build().start()) {
        Path cue = image(dir, audioSeconds);
        SoundSmithConfig config = SoundSmithConfig.builder(new SoundSmithId("bench-cd"), "Bench CD")
            .maxConcurrentStreams(Math.max(streams, SoundSmithConfig.DEFAULT_MAX_CONCURRENT_STREAMS))
            .streamPacing(pacing).build();
        try (CdSoundSmith smith = CdSoundSmith.create(config, CdDrives.image(cue))) {
          HostPort at = HostPort.of("127.0.0.1", directory.port());
          smith.joinDirectory(() -> RemoteLookup.directory(at), Duration.ofSeconds(20));
          smith.start();
          MusicDirectory dirStub = RemoteLookup.directory(at);
          SoundSmith stub = awaitListed(dirStub);
          Song song = stub.catalog(0).upserts().get(0);
          long wanted = Math.min(song.sizeBytes(), readSeconds * REAL_TIME);
          for (int w = 1; w <= warmupRounds; w++) {
            Round r = new Round(streams, stub, song, wanted).run();
            out.printf(Locale.ROOT, "warm-up round %d: %d completed, %d failed%n", w, r.completed.get(), r.failed.get());
          }
          out.println("measured round ...");
          Round r = new Round(streams, stub, song, wanted).run();
          return r.print(out, wanted) ? 0 : 1;
        }
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    }
  }

  private static SoundSmith awaitListed(MusicDirectory directory) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      for (SoundSmithEntry e : directory.soundSmiths()) {
        if (e.info().songCount() > 0) {
          return e.soundSmith();
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the CD SoundSmith was not listed with songs within 30 s");
      }
      Thread.sleep(50); // polling the directory as a client would; not a test
    }
  }

  /** One round of concurrent streams. */
  private static final class Round {
    final int streams;
    final SoundSmith smith;
    final Song song;
    final long wanted;
    final long[] ticketNanos;
    final long[] ttfbNanos;
    final long[] bytesPerSecond;
    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicReference<String> firstError = new AtomicReference<>();
    long wallNanos;

    Round(int streams, SoundSmith smith, Song song, long wanted) {
      this.streams = streams;
      this.smith = smith;
      this.song = song;
      this.wanted = wanted;
      this.ticketNanos = new long[streams];
      this.ttfbNanos = new long[streams];
      this.bytesPerSecond = new long[streams];
    }

    Round run() throws InterruptedException {
      CountDownLatch go = new CountDownLatch(1);
      Thread[] threads = new Thread[streams];
      for (int i = 0; i < streams; i++) {
        int index = i;
        threads[i] = new Thread(() -> {
          try {
            go.await();
            stream(index);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "cd-bench-stream-" + i);
        threads[i].setDaemon(true);
        threads[i].start();
      }
      long start = System.nanoTime();
      go.countDown();
      for (Thread t : threads) {
        t.join(300_000);
      }
      wallNanos = System.nanoTime() - start;
      return this;
    }

    private void stream(int index) {
      try {
        long t0 = System.nanoTime();
        StreamTicket t = smith.openStream(song.id());
        ticketNanos[index] = System.nanoTime() - t0;
        URI url = t.url();
        try (Socket socket = new Socket()) {
          socket.setSoTimeout(30_000);
          long start = System.nanoTime();
          socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 10_000);
          OutputStream o = socket.getOutputStream();
          o.write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
              + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          o.flush();
          InputStream in = socket.getInputStream();
          byte[] buf = new byte[64 * 1024];
          int filled = 0;
          int headerEnd;
          while ((headerEnd = blankLine(buf, filled)) < 0) {
            int r = in.read(buf, filled, buf.length - filled);
            if (r < 0) {
              throw new IOException("connection closed before the response headers ended");
            }
            filled += r;
          }
          String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
          if (!head.startsWith("HTTP/1.1 200")) {
            throw new IOException(head.lines().findFirst().orElse("no status"));
          }
          if (!head.toLowerCase(Locale.ROOT).contains("content-type: audio/basic")) {
            throw new IOException("not audio/basic: " + head);
          }
          long body = filled - (headerEnd + 4);
          while (body == 0) {
            int r = in.read(buf);
            if (r < 0) {
              throw new IOException("no body");
            }
            body = r;
          }
          ttfbNanos[index] = System.nanoTime() - start;
          while (body < wanted) {
            int r = in.read(buf);
            if (r < 0) {
              throw new IOException("body ended after " + body + " of " + wanted + " bytes");
            }
            body += r;
          }
          bytesPerSecond[index] = (long) (body * 1e9 / Math.max(1, System.nanoTime() - start));
          completed.incrementAndGet();
        }
      } catch (Exception e) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, "stream " + index + ": " + e);
      }
    }

    private static int blankLine(byte[] b, int length) {
      for (int i = 0; i + 3 < length; i++) {
        if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private static long percentile(long[] sorted, double p) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    boolean print(PrintStream out, long wanted) {
      out.printf(Locale.ROOT, "streams: %d started, %d completed, %d failed; each read %d bytes (%.1f s of audio)%n",
          streams, completed.get(), failed.get(), wanted, (double) wanted / REAL_TIME);
      if (firstError.get() != null) {
        out.println("  first error: " + firstError.get());
      }
      long[] ticket = ticketNanos.clone();
      long[] ttfb = ttfbNanos.clone();
      long[] tp = bytesPerSecond.clone();
      Arrays.sort(ticket);
      Arrays.sort(ttfb);
      Arrays.sort(tp);
      out.printf(Locale.ROOT, "ticket (openStream over RMI): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
          percentile(ticket, 50) / 1e6, percentile(ticket, 99) / 1e6, ticket[ticket.length - 1] / 1e6);
      out.printf(Locale.ROOT, "time to first byte: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
          percentile(ttfb, 50) / 1e6, percentile(ttfb, 99) / 1e6, ttfb[ttfb.length - 1] / 1e6);
      out.printf(Locale.ROOT, "throughput per stream: min %.1f kB/s (%.2fx real time), p50 %.1f kB/s, max %.1f kB/s%n",
          tp[0] / 1e3, tp[0] / (double) REAL_TIME, percentile(tp, 50) / 1e3, tp[tp.length - 1] / 1e3);
      long realTime = Arrays.stream(tp).filter(v -> v >= REAL_TIME).count();
      out.printf(Locale.ROOT, "streams at >= real time (%d bytes/s): %d of %d; aggregate %.1f MB/s over %.2f s%n",
          REAL_TIME, realTime, streams, (double) completed.get() * wanted / (wallNanos / 1e9) / 1e6, wallNanos / 1e9);
      boolean met = realTime == streams && failed.get() == 0;
      out.printf(Locale.ROOT, "target %d concurrent real-time streams: %s%n", streams, met ? "met" : "MISSED");
      return met;
    }
  }
}
