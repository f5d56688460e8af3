package org.jukebox.soundsmith.rip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;
import org.jukebox.soundsmith.cd.CdDrive;
import org.jukebox.soundsmith.cd.Disc;
import org.jukebox.soundsmith.cd.DiscInfo;
import org.jukebox.soundsmith.cd.DiscInfoSource;
import org.jukebox.soundsmith.cd.DiscListener;
import org.jukebox.soundsmith.cd.DiscLookupException;
import org.jukebox.soundsmith.cd.Toc;
import org.jukebox.soundsmith.internal.mp3.Mp3Encoder;

/**
 * The rip daemon: turns the audio CDs in its drives (real drives or disc images) into tagged MP3
 * files in a library folder that an {@code Mp3SoundSmith} serves, while the discs stay playable
 * from a {@code CdSoundSmith}.
 *
 * <p>For each disc (present at {@link #start()}, inserted later, or handed to {@link #rip}) it
 * asks its {@link DiscInfoSource} for names (generic ones, "Track 3" on "Unknown disc 0e031e04",
 * when it has none or fails), then for each track: reads the audio twice and compares the two
 * reads (CRC-32C), reading again up to {@link Builder#readAttempts} times when they differ and
 * reporting the track as failed if they never agree; encodes it with jump3r ({@link Quality},
 * CBR 192 kbps by default); tags it with mp3agic (title, artist, album, track n/N, year, genre,
 * and the MusicBrainz and freedb disc ids in TXXX frames); writes it to a temporary file and
 * moves it atomically to the place its {@link FileTemplate} names, so a folder watcher never
 * sees half a file.
 *
 * <p>Resumable: each finished track is appended to a state file per disc (in the
 * {@linkplain Builder#stateDir state folder}, named by the MusicBrainz disc id), and a file at
 * the track's place whose tag names this disc and track also counts as done, so after a crash
 * or a restart only unfinished tracks are ripped. Partial temporary files are deleted at start.
 *
 * <p>Background work: one rip thread reads discs one after another, and encoder threads (one
 * unless {@linkplain Builder#threads set}) encode while the next track is read; all run at
 * {@link Thread#MIN_PRIORITY}. Java thread priority is only a hint on Linux: running the process
 * under {@code nice} is up to whoever launches it. Progress goes to {@link RipListener}s and to
 * the log (java.util.logging INFO, {@code "ripping disc 0e031e04 (A / B): track 3/11 42% (encoding)"}).
 *
 * <p>Life cycle: {@link #builder}, {@link #start()}, {@link #close()} (bounded and idempotent;
 * the track being encoded is abandoned and ripped again next time). Thread-safe.
 */
public final class RipDaemon implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RipDaemon.class.getName());
  /** The state folder inside the library unless set: state files and temporary files. */
  public static final String STATE_FOLDER = ".jukebox-rip";
  /** Sample rate of CD audio. */
  static final int SAMPLE_RATE = 44_100;
  /** How long {@link #close()} waits for the rip and encoder threads. */
  public static final Duration CLOSE_BOUND = Duration.ofSeconds(3);
  private static final int CHUNK = 1 << 20;

  /** Test seam: how PCM becomes MP3 (to count encodings or hold one back). */
  interface Encoder {
    byte[] encode(short[] pcm, Quality quality) throws InterruptedException;
  }

  /** jump3r through the module's one LAME loop, stereo 44.1 kHz. */
  static final Encoder JUMP3R = (pcm, q) -> Mp3Encoder.encode(pcm, SAMPLE_RATE, 2, q.kbps(), q.vbr());

  private final Path library;
  private final Path stateDir;
  private final Path tmpDir;
  private final List<CdDrive> drives;
  private final List<CdDrive> ownedDrives;
  private final DiscInfoSource discInfo;
  private final Quality quality;
  private final FileTemplate template;
  private final List<RipListener> listeners;
  private final int threads;
  private final int readAttempts;
  private final Encoder encoder;
  private final Duration closeBound;

  private final Object lifecycle = new Object();
  private boolean started;
  private volatile boolean closed;
  private ExecutorService ripThread;
  private ExecutorService encoders;
  private Semaphore permits;
  private final Map<CdDrive, DiscListener> driveListeners = new IdentityHashMap<>();
  private final Map<Disc, CompletableFuture<DiscReport>> queued = new LinkedHashMap<>();

  private RipDaemon(Builder b) {
    this.library = b.library;
    this.stateDir = b.stateDir != null ? b.stateDir : library.resolve(STATE_FOLDER);
    this.tmpDir = stateDir.resolve("tmp");
    this.drives = List.copyOf(b.drives);
    this.ownedDrives = List.copyOf(b.ownedDrives);
    this.discInfo = b.discInfo;
    this.quality = b.quality;
    this.template = b.template;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.threads = b.threads;
    this.readAttempts = b.readAttempts;
    this.encoder = b.encoder;
    this.closeBound = b.closeBound;
  }

  /**
   * Starts building a daemon that rips into {@code library}.
   *
   * @throws NullPointerException if it is null
   */
  public static Builder builder(Path library) {
    return new Builder(library);
  }

  /** The library folder, absolute. */
  public Path library() {
    return library;
  }

  /** The folder of state files and temporary files, absolute. */
  public Path stateDir() {
    return stateDir;
  }

  /**
   * Creates the folders, deletes temporary files a crash left behind, starts the drives it owns,
   * listens to every drive, and queues the discs they hold.
   *
   * @throws IOException if a folder cannot be made or an owned drive cannot start
   * @throws IllegalStateException if started twice ({@code "already started"}) or closed ({@code "closed"})
   */
  public void start() throws IOException {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (started) {
        throw new IllegalStateException("already started");
      }
      Files.createDirectories(library);
      Files.createDirectories(tmpDir);
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmpDir)) {
        for (Path p : leftovers) {
          LOG.info("deleting a partial file from an interrupted rip: " + p);
          Files.deleteIfExists(p);
        }
      }
      ripThread = Executors.newSingleThreadExecutor(threads("jukebox-rip"));
      encoders = Executors.newFixedThreadPool(threads, threads("jukebox-rip-encoder"));
      permits = new Semaphore(threads);
      started = true;
    }
    try {
      for (CdDrive drive : drives) {
        DiscListener l = e -> e.after().ifPresent(d -> {
          try {
            enqueue(d, () -> drive.disc().equals(Optional.of(d)));
          } catch (IllegalStateException closing) {
            // closed while the drive spoke: nothing to rip any more
          }
        });
        synchronized (lifecycle) {
          driveListeners.put(drive, l);
        }
        drive.addListener(l);
        if (ownedDrives.contains(drive)) {
          drive.start();
        }
        drive.disc().ifPresent(d -> enqueue(d, () -> drive.disc().equals(Optional.of(d))));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Queues a disc for ripping (a disc already queued is not queued twice).
   *
   * @return completes with the report when the disc is done; fails with a
   *     {@link CancellationException} if the daemon closes first
   * @throws IllegalStateException if not started ({@code "not started"}) or closed ({@code "closed"})
   */
  public CompletableFuture<DiscReport> rip(Disc disc) {
    Objects.requireNonNull(disc, "disc");
    return enqueue(disc, () -> true);
  }

  /** Adds a listener from now on. */
  public void addListener(RipListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private CompletableFuture<DiscReport> enqueue(Disc disc, BooleanSupplier present) {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (!started) {
        throw new IllegalStateException("not started");
      }
      CompletableFuture<DiscReport> existing = queued.get(disc);
      if (existing != null) {
        return existing;
      }
      CompletableFuture<DiscReport> future = new CompletableFuture<>();
      queued.put(disc, future);
      ripThread.execute(() -> run(disc, present, future));
      return future;
    }
  }

  private void run(Disc disc, BooleanSupplier present, CompletableFuture<DiscReport> future) {
    try {
      DiscReport report = ripDisc(disc, present);
      LOG.info(report.summary());
      for (RipListener l : listeners) {
        try {
          l.discFinished(report);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "rip listener failed", e);
        }
      }
      future.complete(report);
    } catch (InterruptedException | CancellationException e) {
      future.completeExceptionally(new CancellationException("rip daemon closed while ripping " + disc.origin()));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot rip " + disc.origin() + ": " + e.getMessage(), e);
      future.completeExceptionally(e);
    } finally {
      synchronized (lifecycle) {
        queued.remove(disc);
      }
    }
  }

  /** Progress bookkeeping of one disc: how much of each track is credited, so percentages only grow. */
  private final class Job {
    final String freedbId;
    final String discName;
    final Toc toc;
    final double[] credited;
    final long totalFrames;

    Job(Toc toc, String discName) {
      this.toc = toc;
      this.freedbId = toc.freedbId();
      this.discName = discName;
      this.credited = new double[toc.trackCount()];
      this.totalFrames = toc.leadOut() - toc.offset(toc.firstTrack());
    }

    /**
     * Credits a track's phase and tells the log and the listeners. Synchronized as a whole, so
     * the rip thread and the encoder threads deliver one disc's events in the order of their
     * percentages (listeners must return quickly, as {@link RipListener} says).
     */
    synchronized void progress(int track, RipProgress.Phase phase) {
      double fraction = switch (phase) {
        case READING -> 0;
        case VERIFYING -> 0.2;
        case ENCODING -> 0.4;
        default -> 1;
      };
      int i = track - toc.firstTrack();
      credited[i] = Math.max(credited[i], fraction);
      double done = 0;
      for (int t = 0; t < credited.length; t++) {
        done += credited[t] * toc.frames(toc.firstTrack() + t);
      }
      RipProgress p = new RipProgress(freedbId, discName, track, i + 1, toc.trackCount(), phase,
          (int) Math.floor(100 * done / totalFrames));
      if (phase != RipProgress.Phase.READING && phase != RipProgress.Phase.VERIFYING) {
        LOG.info(p.toString());
      }
      for (RipListener l : listeners) {
        try {
          l.progress(p);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "rip listener failed", e);
        }
      }
    }
  }

  private DiscReport ripDisc(Disc disc, BooleanSupplier present) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Toc toc = disc.toc();
    String mbid = toc.musicBrainzId();
    DiscInfo info = null;
    String named;
    try {
      info = discInfo.lookup(toc).orElse(null);
      named = info == null ? "no CDDB entry: generic names" : "CDDB " + info.discId();
    } catch (DiscLookupException e) {
      named = "CDDB lookup failed, generic names: " + e.getMessage();
      LOG.warning("disc " + toc.freedbId() + ": " + named);
    } catch (RuntimeException e) {
      named = "CDDB lookup failed, generic names: " + e;
      LOG.log(Level.WARNING, "disc " + toc.freedbId() + ": " + named, e);
    }
    String discName = info == null || info.album().isBlank() ? TrackNames.unknownAlbum(toc)
        : info.artist().isBlank() ? info.album() : info.artist() + " / " + info.album();
    Job job = new Job(toc, discName);
    RipState state = RipState.load(stateDir.resolve(mbid + ".done"));
    List<CompletableFuture<TrackReport>> results = new ArrayList<>();
    for (int track = toc.firstTrack(); track <= toc.lastTrack(); track++) {
      if (closed || Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      Duration audio = toc.duration(track);
      if (!present.getAsBoolean()) {
        results.add(CompletableFuture.completedFuture(failed(job, track, audio,
            "track " + track + ": the disc was removed before it was ripped", 0, 0)));
        continue;
      }
      TrackNames names = TrackNames.of(toc, info, track);
      Path target = target(names, mbid, track);
      Optional<TrackReport> done = alreadyDone(state, mbid, track, target, audio);
      if (done.isPresent()) {
        job.progress(track, RipProgress.Phase.ALREADY_DONE);
        results.add(CompletableFuture.completedFuture(done.get()));
        continue;
      }
      Read read = readTwice(disc, job, track);
      if (read.pcm == null) {
        results.add(CompletableFuture.completedFuture(failed(job, track, audio, read.problem, read.reads, read.nanos)));
        continue;
      }
      permits.acquire();
      int t = track;
      CompletableFuture<TrackReport> f;
      try {
        f = CompletableFuture.supplyAsync(() -> encodeAndWrite(job, state, mbid, t, names, target, audio, read),
            encoders);
      } catch (RuntimeException e) {
        permits.release();
        throw e;
      }
      f.whenComplete((r, e) -> permits.release());
      results.add(f);
    }
    List<TrackReport> reports = new ArrayList<>();
    for (CompletableFuture<TrackReport> f : results) {
      try {
        reports.add(f.get());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        if (cause instanceof CancellationException || cause instanceof InterruptedException) {
          throw new InterruptedException();
        }
        throw new IllegalStateException("encoding failed: " + cause, cause);
      }
    }
    return new DiscReport(disc.origin(), toc.freedbId(), mbid, discName, named, reports,
        Duration.ofNanos(System.nanoTime() - t0));
  }

  private TrackReport failed(Job job, int track, Duration audio, String why, int reads, long nanos) {
    LOG.warning("disc " + job.freedbId + " (" + job.discName + "): " + why);
    job.progress(track, RipProgress.Phase.FAILED);
    return new TrackReport(track, TrackReport.Status.FAILED, null, why, audio, reads, nanos, 0);
  }

  /** Where a track goes: its template place, unless another disc's file is there already. */
  private Path target(TrackNames names, String mbid, int track) {
    Path t = template.resolve(library, names);
    if (!Files.exists(t) || ours(t, mbid, track)) {
      return t;
    }
    String name = t.getFileName().toString();
    return t.resolveSibling(name.substring(0, name.length() - 4) + " [" + names.freedbId() + "]"
        + name.substring(name.length() - 4));
  }

  private static boolean ours(Path file, String mbid, int track) {
    return RipTags.identity(file).equals(Optional.of(new RipTags.Identity(mbid, track)));
  }

  private Optional<TrackReport> alreadyDone(RipState state, String mbid, int track, Path target, Duration audio)
      throws IOException {
    Optional<RipState.Done> d = state.done(track);
    if (d.isPresent()) {
      Path f = library.resolve(d.get().path());
      if (Files.isRegularFile(f) && Files.size(f) == d.get().size()) {
        return Optional.of(new TrackReport(track, TrackReport.Status.ALREADY_DONE, f, "", audio, 0, 0, 0));
      }
    }
    if (Files.isRegularFile(target) && ours(target, mbid, track)) {
      // ripped before the state file heard of it (a crash between the move and the state line, or a lost state folder)
      state.record(track, Files.size(target), relative(target));
      return Optional.of(new TrackReport(track, TrackReport.Status.ALREADY_DONE, target, "", audio, 0, 0, 0));
    }
    return Optional.empty();
  }

  private record Read(byte[] pcm, int reads, long nanos, String problem) {}

  /** Reads a track, then reads it again and compares, until two reads agree or the attempts run out. */
  private Read readTwice(Disc disc, Job job, int track) throws InterruptedException {
    long t0 = System.nanoTime();
    long bytes = disc.trackBytes(track);
    if (bytes > Integer.MAX_VALUE - 8) {
      return new Read(null, 0, 0, "track " + track + ": too long to rip (" + bytes + " bytes of audio)");
    }
    int reads = 0;
    try {
      for (int attempt = 1; attempt <= readAttempts; attempt++) {
        job.progress(track, RipProgress.Phase.READING);
        byte[] pcm = new byte[(int) bytes];
        long first = read(disc, track, pcm);
        reads++;
        job.progress(track, RipProgress.Phase.VERIFYING);
        long second = read(disc, track, null);
        reads++;
        if (first == second) {
          return new Read(pcm, reads, System.nanoTime() - t0, "");
        }
        LOG.warning("disc " + job.freedbId + " track " + track + ": the two reads differ (attempt " + attempt + " of "
            + readAttempts + ")");
      }
      return new Read(null, reads, System.nanoTime() - t0, "track " + track + ": the two reads differ in each of "
          + readAttempts + " attempts; not ripped (a scratched disc or a failing drive)");
    } catch (IOException e) {
      return new Read(null, reads, System.nanoTime() - t0, "track " + track + ": cannot read: " + e.getMessage());
    }
  }

  /** Reads a whole track into {@code into} (or nowhere) and returns its CRC-32C. */
  private static long read(Disc disc, int track, byte[] into) throws IOException, InterruptedException {
    long expected = disc.trackBytes(track);
    CRC32C crc = new CRC32C();
    byte[] buffer = into == null ? new byte[CHUNK] : null;
    long got = 0;
    try (InputStream in = disc.openTrack(track)) {
      while (got < expected) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        int want = (int) Math.min(CHUNK, expected - got);
        int n = into == null ? in.readNBytes(buffer, 0, want) : in.readNBytes(into, (int) got, want);
        if (n <= 0) {
          break;
        }
        crc.update(into == null ? buffer : into, into == null ? 0 : (int) got, n);
        got += n;
      }
    }
    if (got != expected) {
      throw new IOException("short read: " + got + " of " + expected + " bytes");
    }
    return crc.getValue();
  }

  private TrackReport encodeAndWrite(Job job, RipState state, String mbid, int track, TrackNames names, Path target,
      Duration audio, Read read) {
    job.progress(track, RipProgress.Phase.ENCODING);
    short[] samples = new short[read.pcm.length / 2];
    ByteBuffer.wrap(read.pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    long e0 = System.nanoTime();
    byte[] mp3;
    try {
      mp3 = encoder.encode(samples, quality);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while encoding track " + track);
    } catch (RuntimeException e) {
      // the encoder is third-party code: one track it chokes on must not cost the rest of the disc
      LOG.log(Level.WARNING, "encoder failed on disc " + job.freedbId + " track " + track, e);
      return failed(job, track, audio, "track " + track + ": the encoder failed: " + e, read.reads, read.nanos);
    }
    long encodeNanos = System.nanoTime() - e0;
    if (closed) {
      throw new CancellationException("closed while encoding track " + track);
    }
    Path temp = tmpDir.resolve(mbid + "-" + track + ".mp3.part");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(new ByteBuffer[] {ByteBuffer.wrap(RipTags.tagBytes(names, mbid)), ByteBuffer.wrap(mp3)});
        ch.force(true);
      }
      Files.createDirectories(target.getParent());
      moveIntoPlace(temp, target);
      state.record(track, Files.size(target), relative(target));
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // deleted at the next start
      }
      return failed(job, track, audio, "track " + track + ": cannot write " + target + ": " + e.getMessage(),
          read.reads, read.nanos);
    }
    job.progress(track, RipProgress.Phase.WRITTEN);
    return new TrackReport(track, TrackReport.Status.RIPPED, target,
        read.reads > 2 ? "read " + read.reads + " times" : "", audio, read.reads, read.nanos, encodeNanos);
  }

  /** Atomically, so a watcher sees no half file: across file systems via a hidden sibling. */
  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Path sibling = target.resolveSibling("." + target.getFileName() + ".part");
      try {
        Files.copy(temp, sibling, StandardCopyOption.REPLACE_EXISTING);
        Files.move(sibling, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(sibling);
        Files.deleteIfExists(temp);
      }
    }
  }

  private String relative(Path file) {
    return library.relativize(file).toString().replace('\\', '/');
  }

  /**
   * Stops: listens no more, closes the drives it owns, abandons queued discs (their futures fail
   * with {@link CancellationException}) and the track in progress, and waits at most
   * {@link #CLOSE_BOUND} for its threads. Idempotent.
   */
  @Override
  public void close() {
    List<CompletableFuture<DiscReport>> pending;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      driveListeners.forEach(CdDrive::removeListener);
      driveListeners.clear();
      pending = new ArrayList<>(queued.values());
    }
    for (CdDrive d : ownedDrives) {
      try {
        d.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing drive " + d.name() + " failed", e);
      }
    }
    if (ripThread != null) {
      ripThread.shutdownNow();
      encoders.shutdownNow();
      long deadline = System.nanoTime() + closeBound.toNanos();
      try {
        ripThread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        encoders.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (CompletableFuture<DiscReport> f : pending) {
      f.completeExceptionally(new CancellationException("rip daemon closed"));
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    };
  }

  /** Builds a {@link RipDaemon}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final Path library;
    private Path stateDir;
    private final List<CdDrive> drives = new ArrayList<>();
    private final List<CdDrive> ownedDrives = new ArrayList<>();
    private DiscInfoSource discInfo = DiscInfoSource.NONE;
    private Quality quality = Quality.DEFAULT;
    private FileTemplate template = FileTemplate.parse(FileTemplate.DEFAULT);
    private final List<RipListener> listeners = new ArrayList<>();
    private int threads = 1;
    private int readAttempts = 3;
    private Encoder encoder = JUMP3R;
    private Duration closeBound = CLOSE_BOUND;

    private Builder(Path library) {
      this.library = Objects.requireNonNull(library, "library").toAbsolutePath().normalize();
    }

    /**
     * A drive to rip from, started and closed by its owner (for example shared with a
     * CdSoundSmith). Start it before the daemon, so the disc it holds at start is seen.
     */
    public Builder drive(CdDrive drive) {
      drives.add(Objects.requireNonNull(drive, "drive"));
      return this;
    }

    /** A drive to rip from that the daemon starts in {@link #start()} and closes in {@link #close()}. */
    public Builder ownDrive(CdDrive drive) {
      drive(drive);
      ownedDrives.add(drive);
      return this;
    }

    /** Where disc names come from; none (generic names) unless set. */
    public Builder discInfo(DiscInfoSource source) {
      this.discInfo = Objects.requireNonNull(source, "discInfo");
      return this;
    }

    /** How to encode; {@link Quality#DEFAULT} (CBR 192 kbps) unless set. */
    public Builder quality(Quality value) {
      this.quality = Objects.requireNonNull(value, "quality");
      return this;
    }

    /** Where files go; {@value FileTemplate#DEFAULT} unless set. */
    public Builder template(FileTemplate value) {
      this.template = Objects.requireNonNull(value, "template");
      return this;
    }

    /** The folder for state and temporary files; {@value RipDaemon#STATE_FOLDER} inside the library unless set. */
    public Builder stateDir(Path folder) {
      this.stateDir = Objects.requireNonNull(folder, "stateDir").toAbsolutePath().normalize();
      return this;
    }

    public Builder listener(RipListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * How many tracks are encoded at once; 1 unless set (a background daemon should leave the
     * machine to its users; more makes a benchmark or a batch job faster on several cores).
     *
     * @throws IllegalArgumentException outside 1..8: {@code "threads < 1: 0"}, {@code "threads > 8: 9"}
     */
    public Builder threads(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("threads < 1: " + count);
      }
      if (count > 8) {
        throw new IllegalArgumentException("threads > 8: " + count);
      }
      this.threads = count;
      return this;
    }

    /**
     * How many times a track is read twice before it is given up as unreadable; 3 unless set.
     *
     * @throws IllegalArgumentException outside 1..10: {@code "readAttempts < 1: 0"}
     */
    public Builder readAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("readAttempts < 1: " + attempts);
      }
      if (attempts > 10) {
        throw new IllegalArgumentException("readAttempts > 10: " + attempts);
      }
      this.readAttempts = attempts;
      return this;
    }

    /** Test seam: the encoder. */
    Builder encoder(Encoder value) {
      this.encoder = Objects.requireNonNull(value, "encoder");
      return this;
    }

    /** Test seam: how long close waits for its threads. */
    Builder closeBound(Duration value) {
      this.closeBound = Objects.requireNonNull(value, "closeBound");
      return this;
    }

    public RipDaemon build() {
      return new RipDaemon(this);
    }
  }
}
