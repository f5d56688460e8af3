package org.jukebox.bench;

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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
import org.jukebox.soundsmith.SoundSmithConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Many concurrent streams of one MP3 from one SoundSmith on loopback, through the path a client
 * takes: find the SoundSmith in the MusicDirectory, read its catalog, then per stream
 * {@code openStream} over RMI for a ticket and a plain HTTP/1.1 GET of the ticket's URL on a raw
 * socket. All streams start together and read as fast as they can (harder on the server than
 * players pacing themselves at real time), each at least {@code readSeconds} of audio.
 *
 * <p>Time to first byte runs from just before the TCP connect of the GET to the first body byte
 * read; throughput is body bytes over the same span through the last byte, so it includes the
 * wait for the first byte. A stream is real-time if that is at least {@code bitrate/8} bytes/s.
 */
final class StreamingBench {
  private StreamingBench() {}

  /** What to run; validated at construction with exact messages. */
  record Params(int streams, int audioSeconds, int bitrateKbps, int readSeconds, int warmupRounds, int pacing,
      Duration timeLimit, boolean inProcess) {
    Params {
      Bench.inRange("pacing", pacing, 0, 1000);
      Bench.inRange("streams", streams, 1, 5_000);
      Bench.inRange("warmupRounds", warmupRounds, 0, 10);
      Bench.inRange("audioSeconds", audioSeconds, 1, 3_600);
      Bench.inRange("bitrateKbps", bitrateKbps, 32, 320);
      Bench.inRange("readSeconds", readSeconds, 1, audioSeconds);
      Bench.inRange("timeLimit", timeLimit, Duration.ofSeconds(1), Duration.ofMinutes(30));
    }

    /** Bytes per second of real-time playback. */
    long realTimeBytesPerSecond() {
      return bitrateKbps * 1000L / 8;
    }
  }

  /** What a run measured: latencies in nanoseconds, throughput in bytes per second. */
  record Result(Params params, long fileBytes, long bytesWanted, int completed, int failed, int unfinished,
      String firstError, Samples.Summary ticket, Samples.Summary ttfb, Samples.Summary throughput,
      int realTime, int peakConcurrent, long totalBytes, long wallNanos) {

    boolean clean() {
      return completed == params.streams() && failed == 0 && unfinished == 0;
    }

    void print(PrintStream out) {
      Params p = params;
      long rt = p.realTimeBytesPerSecond();
      out.println();
      out.printf(Locale.ROOT, "streams: %d started, %d completed, %d failed, %d unfinished at the %s limit; "
              + "each read %d of %d bytes (%.1f s of audio)%n", p.streams(), completed, failed, unfinished,
          Bench.text(p.timeLimit()), bytesWanted, fileBytes, (double) bytesWanted / rt);
      if (firstError != null) {
        out.println("  first error: " + firstError);
      }
      out.printf(Locale.ROOT, "ticket (openStream over RMI): %s%n", ticket.millis());
      out.printf(Locale.ROOT, "time to first byte (connect + GET to first body byte): %s%n", ttfb.millis());
      out.printf(Locale.ROOT, "throughput per stream: min %.1f kB/s (%.1fx real time), p50 %.1f kB/s, max %.1f kB/s%n",
          throughput.min() / 1e3, throughput.min() / (double) rt, throughput.percentile(50) / 1e3, throughput.max() / 1e3);
      out.printf(Locale.ROOT, "streams at >= real time (%d bytes/s): %d of %d%n", rt, realTime, p.streams());
      out.printf(Locale.ROOT, "peak streams receiving at once: %d; aggregate %.1f MB/s over %.2f s%n",
          peakConcurrent, totalBytes / (wallNanos / 1e9) / 1e6, wallNanos / 1e9);
      out.printf(Locale.ROOT, "target every stream >= real time: %s; target TTFB p99 <= 50 ms: %s (p99 %.3f ms)%n",
          realTime == p.streams() ? "met" : "MISSED",
          ttfb.count() == p.streams() && ttfb.percentile(99) <= 50_000_000L ? "met" : "MISSED",
          ttfb.percentile(99) / 1e6);
    }
  }

  /**
   * Encodes the song, starts directory and SoundSmith (here or in a child JVM), runs the streams
   * and returns what they measured.
   *
   * @throws Exception if the servers cannot be started or reached
   */
  static Result run(Params p, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "streaming benchmark: %d concurrent streams of a %d kbps MP3 (%d s of audio), "
            + "reading %d s worth each, server pacing %s, server %s%n", p.streams(), p.bitrateKbps(), p.audioSeconds(),
        p.readSeconds(), p.pacing() == 0 ? "off" : p.pacing() + "x real time after its burst",
        p.inProcess() ? "in this JVM" : "in a child JVM");
    Machine.describe(out);
    Path dir = Files.createTempDirectory("jukebox-bench-stream-");
    try {
      long encodeStart = System.nanoTime();
      Path file = dir.resolve("bench-" + p.bitrateKbps() + "k.mp3");
      Files.write(file, Mp3Making.encodeStereo(p.audioSeconds(), p.bitrateKbps(), 7));
      out.printf(Locale.ROOT, "encoded %s (%d bytes) with jump3r in %.1f s%n", file.getFileName(), Files.size(file),
          (System.nanoTime() - encodeStart) / 1e9);
      int maxStreams = Math.max(SoundSmithConfig.DEFAULT_MAX_CONCURRENT_STREAMS, p.streams());
      try (AutoCloseable server = p.inProcess()
          ? ServerSide.start(file, p.audioSeconds(), p.bitrateKbps(), maxStreams, p.pacing())
          : ServerProcess.start(List.of("-Xmx1g"), List.of("serve-streaming", "--file", file.toString(),
              "--audio-seconds", Integer.toString(p.audioSeconds()), "--bitrate", Integer.toString(p.bitrateKbps()),
              "--max-streams", Integer.toString(maxStreams), "--pacing", Integer.toString(p.pacing()),
              "--lifetime", "30m"), Duration.ofSeconds(30))) {
        int port = server instanceof ServerSide s ? s.directoryPort() : ((ServerProcess) server).port();
        MusicDirectory directory = RemoteLookup.directory(HostPort.of("127.0.0.1", port));
        SoundSmith smith = awaitSoundSmith(directory, System.nanoTime() + 30_000_000_000L);
        Song song = smith.catalog(0).upserts().get(0);
        for (int w = 1; w <= p.warmupRounds(); w++) {
          Result warm = new Run(p, Files.size(file), smith, song).run();
          out.printf(Locale.ROOT, "warm-up round %d: %d completed, %d failed, TTFB p99 %.3f ms, ticket p99 %.3f ms%n",
              w, warm.completed(), warm.failed(), warm.ttfb().percentile(99) / 1e6, warm.ticket().percentile(99) / 1e6);
          Thread.sleep(1_000); // let the server's threads and sockets of that round wind down; not a test
        }
        out.println("measured round ...");
        return new Run(p, Files.size(file), smith, song).run();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static SoundSmith awaitSoundSmith(MusicDirectory directory, long deadline) throws Exception {
    while (true) {
      for (SoundSmithEntry e : directory.soundSmiths()) {
        if (e.info().songCount() > 0) {
          return e.soundSmith();
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("no SoundSmith with songs listed in the directory within 30 s");
      }
      Thread.sleep(50); // polling the directory, as a client would; not a test
    }
  }

  /** Directory and SoundSmith, in whichever JVM serves. */
  static final class ServerSide implements AutoCloseable {
    private final DirectoryServer directory;
    private final FileSoundSmith soundSmith;

    private ServerSide(DirectoryServer directory, FileSoundSmith soundSmith) {
      this.directory = directory;
      this.soundSmith = soundSmith;
    }

    static ServerSide start(Path file, int audioSeconds, int bitrateKbps, int maxStreams, int pacing)
        throws IOException {
      DirectoryServer directory = DirectoryServer.builder().port(0).build().start();
      FileSoundSmith smith = null;
      try {
        SoundSmithConfig config = SoundSmithConfig.builder(new SoundSmithId("bench-streamer"), "Bench streamer")
            .maxConcurrentStreams(maxStreams).streamPacing(pacing).build();
        smith = new FileSoundSmith(config, file, Duration.ofSeconds(audioSeconds), bitrateKbps);
        HostPort at = HostPort.of("127.0.0.1", directory.port());
        smith.joinDirectory(() -> RemoteLookup.directory(at), Duration.ofSeconds(20));
        smith.start();
        return new ServerSide(directory, smith);
      } catch (IOException | RuntimeException e) {
        if (smith != null) {
          smith.close();
        }
        directory.close();
        throw e;
      }
    }

    int directoryPort() {
      return directory.port();
    }

    @Override
    public void close() {
      soundSmith.close();
      directory.close();
    }
  }

  private static final class Run {
    private final Params p;
    private final long fileBytes;
    private final SoundSmith smith;
    private final Song song;
    private final Samples ticket;
    private final Samples ttfb;
    private final Samples throughput;
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger receiving = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong totalBytes = new AtomicLong();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicReferenceArray<Socket> sockets;
    private volatile boolean aborted;

    Run(Params p, long fileBytes, SoundSmith smith, Song song) {
      this.p = p;
      this.fileBytes = fileBytes;
      this.smith = smith;
      this.song = song;
      this.ticket = new Samples(p.streams());
      this.ttfb = new Samples(p.streams());
      this.throughput = new Samples(p.streams());
      this.sockets = new AtomicReferenceArray<>(p.streams());
    }

    Result run() throws Exception {
      long wanted = Math.min(song.sizeBytes(), p.readSeconds() * p.realTimeBytesPerSecond());
      CountDownLatch ready = new CountDownLatch(p.streams());
      CountDownLatch go = new CountDownLatch(1);
      Thread[] clients = new Thread[p.streams()];
      for (int s = 0; s < clients.length; s++) {
        int index = s;
        clients[s] = new Thread(() -> {
          ready.countDown();
          try {
            go.await();
            stream(index, smith, song, wanted);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "bench-stream-" + s);
        clients[s].setDaemon(true);
        clients[s].start();
      }
      ready.await();
      long deadline = System.nanoTime() + p.timeLimit().toNanos();
      go.countDown();
      for (Thread t : clients) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      int unfinished = 0;
      if (System.nanoTime() - deadline >= 0) {
        aborted = true;
        for (int s = 0; s < sockets.length(); s++) {
          Socket socket = sockets.get(s);
          if (socket != null) {
            try {
              socket.close();
            } catch (IOException e) {
              // closing is all we want
            }
          }
        }
        for (Thread t : clients) {
          t.join(5_000);
          if (t.isAlive()) {
            unfinished++;
          }
        }
      }
      unfinished = Math.max(unfinished, p.streams() - completed.get() - failed.get());
      Samples.Summary tp = throughput.summary();
      return new Result(p, fileBytes, wanted, completed.get(), failed.get(), unfinished, firstError.get(),
          ticket.summary(), ttfb.summary(), tp, tp.atLeast(p.realTimeBytesPerSecond()), peak.get(),
          totalBytes.get(), Math.max(0, lastEnd.get() - firstStart.get()));
    }

    private void stream(int index, SoundSmith smith, Song song, long wanted) {
      boolean counted = false;
      try {
        long t0 = System.nanoTime();
        firstStart.accumulateAndGet(t0, Math::min);
        StreamTicket t = smith.openStream(song.id());
        ticket.add(System.nanoTime() - t0);
        URI url = t.url();
        try (Socket socket = new Socket()) {
          sockets.set(index, socket);
          if (aborted) {
            return;
          }
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
          while ((headerEnd = indexOfBlankLine(buf, filled)) < 0) {
            if (filled == buf.length) {
              throw new IOException("response headers longer than " + buf.length + " bytes");
            }
            int r = in.read(buf, filled, buf.length - filled);
            if (r < 0) {
              throw new IOException("connection closed before the response headers ended");
            }
            filled += r;
          }
          String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
          int status = Integer.parseInt(head.substring(9, 12));
          if (status != 200) {
            throw new IOException("HTTP " + status + ": " + head.lines().findFirst().orElse(""));
          }
          long body = filled - (headerEnd + 4);
          while (body == 0) {
            int r = in.read(buf);
            if (r < 0) {
              throw new IOException("no body");
            }
            body = r;
          }
          long first = System.nanoTime();
          ttfb.add(first - start);
          int now = receiving.incrementAndGet();
          counted = true;
          peak.accumulateAndGet(now, Math::max);
          while (body < wanted) {
            int r = in.read(buf);
            if (r < 0) {
              throw new IOException("body ended after " + body + " of " + wanted + " bytes");
            }
            body += r;
          }
          long end = System.nanoTime();
          lastEnd.accumulateAndGet(end, Math::max);
          totalBytes.addAndGet(body);
          throughput.add((long) (body * 1e9 / Math.max(1, end - start)));
          completed.incrementAndGet();
        }
      } catch (Exception e) {
        if (!aborted) {
          failed.incrementAndGet();
          firstError.compareAndSet(null, "stream " + index + ": " + e);
        }
      } finally {
        if (counted) {
          receiving.decrementAndGet();
        }
      }
    }

    private static int indexOfBlankLine(byte[] b, int length) {
      for (int i = 0; i + 3 < length; i++) {
        if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }
  }

  /** {@code bench streaming}. */
  @Command(name = "streaming", mixinStandardHelpOptions = true,
      description = "Concurrent ticketed HTTP streams of one MP3 from one SoundSmith on loopback: TTFB, throughput.")
  static final class Cli implements Callable<Integer> {
    @Option(names = "--streams", defaultValue = "500", description = "concurrent streams (default ${DEFAULT-VALUE})")
    int streams;
    @Option(names = "--audio-seconds", defaultValue = "60", description = "length of the encoded song (default ${DEFAULT-VALUE})")
    int audioSeconds;
    @Option(names = "--bitrate", defaultValue = "192", description = "CBR bit rate in kbit/s (default ${DEFAULT-VALUE})")
    int bitrate;
    @Option(names = "--read-seconds", defaultValue = "60", description = "seconds of audio each stream reads (default ${DEFAULT-VALUE})")
    int readSeconds;
    @Option(names = "--warmup-rounds", defaultValue = "1", description = "unmeasured rounds of the same streams first, so JIT and pools are warm (default ${DEFAULT-VALUE})")
    int warmupRounds;
    @Option(names = "--pacing", defaultValue = "" + SoundSmithConfig.DEFAULT_STREAM_PACING,
        description = "the SoundSmith's stream pacing, times real time after a 256 KiB burst; 0 = off (default ${DEFAULT-VALUE}, the product default)")
    int pacing;
    @Option(names = "--time-limit", defaultValue = "120s", description = "per round: streams still running then are cut (default ${DEFAULT-VALUE})")
    Duration timeLimit;
    @Option(names = "--in-process", description = "run directory and SoundSmith in this JVM instead of a child JVM")
    boolean inProcess;

    @Override
    public Integer call() throws Exception {
      Result r = run(new Params(streams, audioSeconds, bitrate, readSeconds, warmupRounds, pacing, timeLimit, inProcess), System.out);
      r.print(System.out);
      return r.clean() ? 0 : 1;
    }
  }

  /** {@code bench serve-streaming}: directory and SoundSmith, in the child JVM. */
  @Command(name = "serve-streaming", hidden = true)
  static final class Serve implements Callable<Integer> {
    @Option(names = "--file", required = true)
    Path file;
    @Option(names = "--audio-seconds", defaultValue = "60")
    int audioSeconds;
    @Option(names = "--bitrate", defaultValue = "192")
    int bitrate;
    @Option(names = "--max-streams", defaultValue = "1000")
    int maxStreams;
    @Option(names = "--pacing", defaultValue = "8")
    int pacing;
    @Option(names = "--lifetime", defaultValue = "30m")
    Duration lifetime;

    @Override
    public Integer call() throws Exception {
      try (ServerSide side = ServerSide.start(file, audioSeconds, bitrate, maxStreams, pacing)) {
        ServerProcess.serveUntilParentGoes(side.directoryPort(), lifetime);
      }
      return 0;
    }
  }
}
