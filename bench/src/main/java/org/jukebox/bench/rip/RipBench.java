package org.jukebox.bench.rip;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jukebox.soundsmith.cd.Disc;
import org.jukebox.soundsmith.cd.DiscImage;
import org.jukebox.soundsmith.cd.Toc;
import org.jukebox.soundsmith.cd.Wav;
import org.jukebox.soundsmith.rip.DiscReport;
import org.jukebox.soundsmith.rip.Quality;
import org.jukebox.soundsmith.rip.RipDaemon;
import org.jukebox.soundsmith.rip.TrackReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench rip}: rips a disc image of synthesized music (made on the fly in a temporary
 * folder, one WAV per track) with the real {@link RipDaemon} — double read and compare, jump3r
 * encoding, mp3agic tags, atomic moves — and reports the speed against real time, with the
 * encoder's own speed (audio time over time spent inside the encoder) beside it.
 */
public final class RipBench {
  private RipBench() {}

  /** The parameters of one run, checked. */
  public record Params(int minutes, int tracks, int threads, Quality quality, Signal signal, Path dir, boolean keep) {
    public Params {
      java.util.Objects.requireNonNull(signal, "signal");
      if (minutes < 1 || minutes > 80) {
        throw new IllegalArgumentException("minutes not in 1..80: " + minutes);
      }
      if (tracks < 1 || tracks > 99) {
        throw new IllegalArgumentException("tracks not in 1..99: " + tracks);
      }
      if (threads < 1 || threads > 8) {
        throw new IllegalArgumentException("threads not in 1..8: " + threads);
      }
    }
  }

  /** What the generated disc holds. */
  public enum Signal {
    /** A melody over a two-note chord with a little noise: tonal, like most music. */
    MUSIC,
    /** White noise at a quarter of full scale, independent per channel: the encoder's worst case. */
    NOISE
  }

  /** What one run measured. */
  public record Result(Duration audio, Duration generate, Duration rip, long encodeNanos, long readNanos, int ripped,
      int failed, long mp3Bytes) {
    public double realTimeFactor() {
      return audio.toNanos() / (double) rip.toNanos();
    }

    public double encoderFactor() {
      return audio.toNanos() / (double) encodeNanos;
    }
  }

  /** Makes the image, rips it, prints the figures; deletes what it made unless {@code keep}. */
  public static Result run(Params p, PrintStream out) throws Exception {
    Files.createDirectories(p.dir());
    Path work = Files.createTempDirectory(p.dir(), "rip-bench-");
    try {
      out.println("rip benchmark: " + p.minutes() + " min disc of " + p.signal().name().toLowerCase(Locale.ROOT) + ", "
          + p.tracks() + " tracks, " + p.quality() + ", " + p.threads() + " encoder thread(s), in " + work);
      long g0 = System.nanoTime();
      Path image = makeImage(work.resolve("image"), p.minutes(), p.tracks(), p.signal());
      Duration generate = Duration.ofNanos(System.nanoTime() - g0);
      Disc disc = DiscImage.open(image);
      Toc toc = disc.toc();
      out.printf(Locale.ROOT, "image:       %s (%d tracks, %s, %.0f MB of PCM), made in %.1f s%n", toc.freedbId(),
          toc.trackCount(), clock(toc.duration()), (toc.leadOut() - 150) * 2352 / 1e6, generate.toMillis() / 1e3);
      Path library = work.resolve("library");
      long r0 = System.nanoTime();
      DiscReport report;
      try (RipDaemon daemon = RipDaemon.builder(library).quality(p.quality()).threads(p.threads()).build()) {
        daemon.start();
        report = daemon.rip(disc).get(1, TimeUnit.HOURS);
      }
      Duration rip = Duration.ofNanos(System.nanoTime() - r0);
      long mp3Bytes = 0;
      for (TrackReport t : report.tracks()) {
        if (t.file() != null) {
          mp3Bytes += Files.size(t.file());
        }
      }
      long readNanos = report.tracks().stream().mapToLong(TrackReport::readNanos).sum();
      Result r = new Result(toc.duration(), generate, rip, report.encodeNanos(), readNanos,
          (int) report.count(TrackReport.Status.RIPPED), (int) report.count(TrackReport.Status.FAILED), mp3Bytes);
      print(r, out);
      return r;
    } finally {
      if (!p.keep()) {
        delete(work);
      }
    }
  }

  static void print(Result r, PrintStream out) {
    out.printf(Locale.ROOT, "ripped:      %d tracks, %d failed, %.1f MB of MP3%n", r.ripped(), r.failed(),
        r.mp3Bytes() / 1e6);
    out.printf(Locale.ROOT, "rip time:    %.1f s for %s of audio = %.1fx real time (target >= 20x)%n",
        r.rip().toMillis() / 1e3, clock(r.audio()), r.realTimeFactor());
    out.printf(Locale.ROOT, "encoder:     %.1f s inside jump3r = %.1fx real time per encoder thread%n",
        r.encodeNanos() / 1e9, r.encoderFactor());
    out.printf(Locale.ROOT, "reads:       %.1f s reading every track twice and comparing (CRC-32C)%n",
        r.readNanos() / 1e9);
  }

  /**
   * Writes a folder of track WAVs: {@code tracks} tracks sharing {@code minutes} of the signal
   * (never silence, which would flatter the encoder).
   */
  static Path makeImage(Path folder, int minutes, int tracks, Signal signal) throws IOException {
    Files.createDirectories(folder);
    long totalFrames = minutes * 60L * Toc.FRAMES_PER_SECOND;
    for (int t = 1; t <= tracks; t++) {
      long frames = totalFrames / tracks + (t == tracks ? totalFrames % tracks : 0);
      byte[] pcm = signal == Signal.MUSIC ? music(t, (int) frames) : noise(t, (int) frames);
      Wav.write(folder.resolve(String.format(Locale.ROOT, "track%02d.wav", t)), pcm);
    }
    return folder;
  }

  private static byte[] music(int track, int frames) {
    int samples = frames * Toc.BYTES_PER_FRAME / 4;
    byte[] pcm = new byte[frames * Toc.BYTES_PER_FRAME];
    SplittableRandom random = new SplittableRandom(track);
    double[] scale = {261.63, 293.66, 329.63, 349.23, 392.00, 440.00, 493.88, 523.25};
    double root = scale[track % scale.length] / 2;
    double melody = scale[0];
    double pm = 0;
    double pr = 0;
    double pf = 0;
    int noteLength = 44_100 / 4;
    for (int i = 0; i < samples; i++) {
      if (i % noteLength == 0) {
        melody = scale[random.nextInt(scale.length)] * (random.nextBoolean() ? 1 : 2);
      }
      double envelope = 1.0 - (i % noteLength) / (double) noteLength * 0.7;
      pm += 2 * Math.PI * melody / 44_100;
      pr += 2 * Math.PI * root / 44_100;
      pf += 2 * Math.PI * root * 1.5 / 44_100;
      double v = 0.35 * envelope * Math.sin(pm) + 0.2 * Math.sin(pr) + 0.12 * Math.sin(pf)
          + 0.02 * (random.nextDouble() - 0.5);
      int left = (int) (v * 26_000);
      int right = (int) ((0.8 * v + 0.05 * Math.sin(pm * 0.5)) * 26_000);
      pcm[4 * i] = (byte) left;
      pcm[4 * i + 1] = (byte) (left >> 8);
      pcm[4 * i + 2] = (byte) right;
      pcm[4 * i + 3] = (byte) (right >> 8);
    }
    return pcm;
  }

  private static byte[] noise(int track, int frames) {
    byte[] pcm = new byte[frames * Toc.BYTES_PER_FRAME];
    SplittableRandom random = new SplittableRandom(1000 + track);
    for (int i = 0; i + 1 < pcm.length; i += 2) {
      int v = random.nextInt(-8192, 8192);
      pcm[i] = (byte) v;
      pcm[i + 1] = (byte) (v >> 8);
    }
    return pcm;
  }

  private static String clock(Duration d) {
    long s = d.toSeconds();
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
  // held so the level set on it is not lost to garbage collection
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.jukebox.soundsmith.rip");

  /** The {@code bench rip} subcommand. */
  @Command(name = "rip", mixinStandardHelpOptions = true,
      description = "Rip + encode a generated disc image with the rip daemon; speed against real time, encoder speed beside it.")
  public static final class Cli implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "60", description = "disc length in minutes, 1..80 (default ${DEFAULT-VALUE})")
    int minutes;
    @Option(names = "--tracks", defaultValue = "15", description = "tracks on the disc (default ${DEFAULT-VALUE})")
    int tracks;
    @Option(names = "--threads", defaultValue = "1", description = "tracks encoded at once, 1..8 (default ${DEFAULT-VALUE}, the daemon's default)")
    int threads;
    @Option(names = "--quality", defaultValue = "192", description = "192, cbr:N, vbr or vbr:N (default ${DEFAULT-VALUE})")
    String quality;
    @Option(names = "--signal", defaultValue = "MUSIC", description = "MUSIC (tonal) or NOISE (the encoder's worst case); default ${DEFAULT-VALUE}")
    Signal signal;
    @Option(names = "--dir", defaultValue = "/tmp", description = "where the temporary image and library go (default ${DEFAULT-VALUE})")
    Path dir;
    @Option(names = "--keep", description = "keep the image and the MP3s")
    boolean keep;
    @Option(names = "--progress", description = "show the daemon's progress log lines")
    boolean progress;

    @Override
    public Integer call() throws Exception {
      if (!progress) {
        QUIET.setLevel(java.util.logging.Level.WARNING);
      }
      org.jukebox.bench.Machine.describe(System.out);
      Result r = run(new Params(minutes, tracks, threads, Quality.parse(quality), signal, dir, keep), System.out);
      return r.failed() == 0 && r.ripped() == tracks ? 0 : 1;
    }
  }
}
