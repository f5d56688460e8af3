package org.jukebox.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.client.internal.AudioReader;
import org.jukebox.client.internal.CorruptAudioException;
import org.jukebox.client.internal.Mp3FrameReader;
import org.jukebox.client.internal.PcmStreamReader;
import org.jukebox.client.internal.PlaybackException;
import org.jukebox.client.internal.StallWatchdog;
import org.jukebox.client.internal.StreamOpener;
import org.jukebox.client.internal.Threads;
import org.jukebox.client.internal.WatchedInputStream;

/**
 * Plays the songs of a {@link Playlist}: for each, asks the SoundSmith that serves it for a
 * ticket, GETs the audio over HTTP, decodes it frame by frame with JLayer (MP3) or reads it as
 * uncompressed 16-bit PCM (a song whose content type is {@code audio/basic} or {@code audio/wav},
 * as a CD SoundSmith serves tracks) and writes the PCM to an {@link AudioSink}. Seeking in PCM
 * asks for the exact byte where the target frame starts.
 *
 * <p>While a song plays, the next one is prefetched (its ticket opened and its first bytes, or
 * all of it when small, read into memory) once the current song is within the prefetch lead of
 * its end, so that songs follow each other without a gap. Seeking opens a fresh ticket and asks
 * for the bytes from the matching offset with a Range request. A song that cannot be opened, is
 * lost mid-way (after one attempt to reopen it where it broke) or cannot be decoded is reported
 * through {@link PlayerListener#error} and the player moves on to the next one. A stream that
 * sends nothing for the stall timeout (10 s by default) counts as lost.
 *
 * <p>Thread-safe: every control only queues a command for the player's own thread, which does
 * all decoding and I/O, and returns at once. Controls that leave the current stream behind
 * ({@link #next()}, {@link #stop()}, {@link #seek}, {@link #play(int)}, {@link #previous()}) also
 * close it, so they take effect even while the player waits for a stalled server. Observers are
 * called on a separate event thread.
 */
public final class Player implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Player.class.getName());

  private final SongLocator locator;
  private final Playlist playlist;
  private final AudioSink sink;
  private final StreamOpener opener;
  private final StallWatchdog watchdog;
  private final long prefetchLeadNanos;
  private final int wholeSongLimit;
  private final int prefetchHeadBytes;
  private final long restartThresholdNanos;
  private final long positionIntervalNanos;

  private final LinkedBlockingQueue<Command> commands = new LinkedBlockingQueue<>();
  private final List<PlayerListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService events = Executors.newSingleThreadExecutor(Threads.daemon("jukebox-player-events"));
  private final ExecutorService prefetcher = Executors.newSingleThreadExecutor(Threads.daemon("jukebox-prefetch"));
  private final Thread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean closing;

  private volatile PlayerState state = PlayerState.STOPPED;
  private volatile Song currentSong;
  private volatile long heardNanos;
  /** The body the current reader decodes, once it opened; controls close it to end a blocked read. */
  private volatile WatchedInputStream body;

  // Confined to the player thread.
  private ServedSong now;
  private AudioReader reader;
  /** Set while the current song is uncompressed PCM (.au or WAV): where and how its samples lie. */
  private PcmStreamReader.Layout pcmLayout;
  private long baseNanos;
  private long framesSinceBase;
  private long positionNanos;
  private long lastPositionEvent = Long.MIN_VALUE;
  private long audioStart;
  private int bitrateKbps;
  private long songLength;
  private boolean reopened;
  private PcmFormat sinkFormat;
  private boolean sinkPaused;
  private Prefetch prefetch;
  private int failuresInARow;
  /** Bumped whenever the player moves on (a start, an advance, a stop), so a queued skip can tell it is stale. */
  private long moves;

  @FunctionalInterface
  private interface Command {
    void run() throws InterruptedException;
  }

  /** A song being fetched ahead of time. */
  private record Prefetch(SongId song, CompletableFuture<Prefetched> future) {}

  /** What the prefetch read: the ticket, the first bytes, and the open rest of the body (null if all read). */
  private record Prefetched(long length, byte[] head, InputStream rest) {
    InputStream stream() {
      InputStream h = new ByteArrayInputStream(head);
      return rest == null ? h : new SequenceInputStream(h, rest);
    }
  }

  private Player(Builder b) {
    this.locator = b.locator;
    this.playlist = b.playlist == null ? Playlist.create() : b.playlist;
    this.sink = b.sink == null ? AudioSinks.best() : b.sink;
    HttpClient http = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.opener = new StreamOpener(http, Duration.ofSeconds(10));
    this.watchdog = new StallWatchdog(b.stallTimeout);
    this.prefetchLeadNanos = b.prefetchLead.toNanos();
    this.wholeSongLimit = b.wholeSongLimit;
    this.prefetchHeadBytes = b.prefetchHeadBytes;
    this.restartThresholdNanos = b.restartThreshold.toNanos();
    this.positionIntervalNanos = b.positionInterval.toNanos();
    this.thread = Threads.daemon("jukebox-player").newThread(this::run);
  }

  /**
   * Starts building a player that finds songs' SoundSmiths through {@code locator}.
   *
   * @throws NullPointerException if {@code locator} is null
   */
  public static Builder builder(SongLocator locator) {
    return new Builder(Objects.requireNonNull(locator, "locator"));
  }

  /** The playlist this player plays; change it freely while playing. */
  public Playlist playlist() {
    return playlist;
  }

  /** The sink the PCM goes to. */
  public AudioSink audioSink() {
    return sink;
  }

  /** What the player is doing now. */
  public PlayerState state() {
    return state;
  }

  /** The song open now (playing, paused or being opened), if any. */
  public Optional<Song> currentSong() {
    return Optional.ofNullable(currentSong);
  }

  /** How far into the current song the listener is (what has reached the ear, not just the sink); zero when stopped. */
  public Duration position() {
    return Duration.ofNanos(heardNanos);
  }

  /** Adds an observer; see {@link PlayerListener} for threading. */
  public void addListener(PlayerListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes an observer added before. */
  public void removeListener(PlayerListener listener) {
    listeners.remove(listener);
  }

  /**
   * Plays: resumes when paused, otherwise starts the playlist's current song (or its next one
   * when none is current). Does nothing while playing.
   */
  public void play() {
    submit(() -> {
      if (state == PlayerState.PAUSED) {
        doResume();
      } else if (now == null) {
        Optional<Song> s = playlist.current();
        if (s.isEmpty()) {
          s = playlist.next();
        }
        if (s.isPresent()) {
          startSong(s.get());
        }
      }
    });
  }

  /**
   * Makes the playlist's song at {@code index} current and plays it, ending the song playing now.
   * The song is selected when the command runs, after the controls queued before it, so that
   * {@code next(); play(3)} leaves song 3 current; if the playlist no longer has that index by
   * then, the command does nothing.
   *
   * @throws IndexOutOfBoundsException if the playlist has no such index now
   */
  public void play(int index) {
    Objects.checkIndex(index, playlist.size());
    submitAndCut(() -> {
      Song song;
      try {
        song = playlist.select(index);
      } catch (IndexOutOfBoundsException e) {
        LOG.fine("play(" + index + ") ignored: the playlist shrank to " + playlist.size() + " songs meanwhile");
        return;
      }
      endCurrent(SongEnd.SKIPPED);
      sink.flush();
      startSong(song);
    });
  }

  /** Holds the current song where it is; does nothing unless playing. */
  public void pause() {
    submit(() -> {
      if (state == PlayerState.PLAYING || state == PlayerState.BUFFERING) {
        pauseSink();
        setState(PlayerState.PAUSED);
      }
    });
  }

  /** Continues after {@link #pause()}; does nothing unless paused. */
  public void resume() {
    submit(() -> {
      if (state == PlayerState.PAUSED) {
        doResume();
      }
    });
  }

  /** Stops playing and forgets the position; {@link #play()} starts the current song over. */
  public void stop() {
    submitAndCut(() -> stopPlaying(SongEnd.STOPPED));
  }

  /**
   * Moves to {@code position} in the current song by reopening its stream from the matching byte
   * offset; a position past the end goes to the next song. Does nothing when stopped.
   *
   * @throws IllegalArgumentException if {@code position} is negative
   */
  public void seek(Duration position) {
    Objects.requireNonNull(position, "position");
    if (position.isNegative()) {
      throw new IllegalArgumentException("seek position < 0: " + position);
    }
    long target = position.toNanos();
    submitAndCut(() -> doSeek(target));
  }

  /** Ends the current song and plays the playlist's next one (stops at the end of the playlist). */
  public void next() {
    submitAndCut(() -> {
      endCurrent(SongEnd.SKIPPED);
      sink.flush();
      advance();
    });
  }

  /**
   * Starts the current song over if it has played for more than the restart threshold (3 s by
   * default), otherwise plays the playlist's previous song.
   */
  public void previous() {
    submitAndCut(() -> {
      if (now != null && positionNanos > restartThresholdNanos) {
        doSeek(0);
        return;
      }
      endCurrent(SongEnd.SKIPPED);
      sink.flush();
      Optional<Song> p = playlist.previous();
      if (p.isPresent()) {
        startSong(p.get());
      } else {
        stopPlaying(SongEnd.STOPPED);
      }
    });
  }

  /**
   * Stops playing, releases the sink and the player's threads; bounded (a few seconds at most)
   * and idempotent. Commands after this are ignored.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closing = true;
    commands.offer(() -> {});
    WatchedInputStream b = body;
    if (b != null) {
      b.cut();
    }
    thread.interrupt();
    try {
      thread.join(1000);
      if (thread.isAlive()) {
        // A sound card write does not heed interrupts; closing the line releases it.
        sink.close();
        thread.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    prefetcher.shutdownNow();
    watchdog.close();
    events.shutdown();
    try {
      events.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.shutdownNow();
  }

  /** Completes once every command queued before it has run on the player thread (a test seam). */
  CompletableFuture<Void> barrier() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(() -> done.complete(null));
    return done;
  }

  void start() {
    thread.start();
  }

  // ------------------------------------------------------------------ player thread

  private boolean submit(Command c) {
    if (closed.get()) {
      return false;
    }
    commands.add(c);
    return true;
  }

  /**
   * Queues a command that leaves the current stream behind, then closes that stream so a read
   * blocked on a stalled server ends now. The stream is taken before queuing: afterwards the
   * command may already have opened the next one, which must not be closed. The player sees
   * the closed stream as {@linkplain WatchedInputStream#wasCut() cut}, not lost, and runs the
   * command.
   */
  private void submitAndCut(Command c) {
    WatchedInputStream playing = body;
    if (submit(c) && playing != null) {
      playing.cut();
    }
  }

  private void run() {
    try {
      while (!closing) {
        Command c = state == PlayerState.PLAYING && reader != null ? commands.poll() : commands.take();
        try {
          if (c != null) {
            c.run();
          } else {
            playFrame();
          }
        } catch (InterruptedException e) {
          throw e;
        } catch (RuntimeException e) {
          if (closing) {
            break;
          }
          // A bug must not silence the jukebox for good: report, stop, keep taking commands.
          LOG.log(Level.SEVERE, "player failed", e);
          fire(l -> l.error("The player failed (" + StreamOpener.reason(e) + "); stopping."));
          stopQuietly();
        }
      }
    } catch (InterruptedException e) {
      // closing
    } finally {
      closeReader();
      discardPrefetch();
      sink.close();
      currentSong = null;
      setState(PlayerState.CLOSED);
    }
  }

  private void stopQuietly() {
    try {
      stopPlaying(SongEnd.FAILED);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not stop cleanly", e);
      now = null;
      currentSong = null;
      closeReader();
      setState(PlayerState.STOPPED);
    }
  }

  private void playFrame() throws InterruptedException {
    Mp3FrameReader.Pcm pcm;
    try {
      pcm = reader.next();
    } catch (IOException e) {
      WatchedInputStream b = body;
      if (closing || b != null && b.wasCut()) {
        return; // a control closed it; its command is queued and runs next
      }
      streamLost(e);
      return;
    } catch (CorruptAudioException e) {
      failCurrent("it cannot be decoded (" + e.getMessage() + ")");
      return;
    }
    if (pcm == null) {
      Song done = now.song();
      Duration at = Duration.ofNanos(positionNanos);
      closeReader();
      now = null;
      fire(l -> l.songEnded(done, SongEnd.COMPLETED, at));
      advance();
      return;
    }
    if (!openSink(pcm.format())) {
      return;
    }
    sink.write(pcm.samples(), 0, pcm.samples().length);
    failuresInARow = 0;
    framesSinceBase += pcm.frames();
    positionNanos = baseNanos + pcm.format().framesToNanos(framesSinceBase);
    publishPosition(false);
    maybePrefetch();
  }

  private void publishPosition(boolean force) {
    long buffered = sinkFormat == null ? 0 : sinkFormat.framesToNanos(sink.bufferedFrames());
    heardNanos = Math.max(0, positionNanos - buffered);
    if (force || lastPositionEvent == Long.MIN_VALUE || positionNanos - lastPositionEvent >= positionIntervalNanos) {
      lastPositionEvent = positionNanos;
      Song s = now.song();
      Duration p = Duration.ofNanos(force ? positionNanos : heardNanos);
      fire(l -> l.positionChanged(s, p));
    }
  }

  private boolean openSink(PcmFormat format) {
    if (format.equals(sinkFormat)) {
      return true;
    }
    try {
      if (sinkFormat != null) {
        sink.drain();
        sink.close();
      }
      sinkFormat = null;
      sink.open(format);
      sinkFormat = format;
      return true;
    } catch (IOException | RuntimeException e) {
      String msg = "Cannot open the audio output for " + format + " (" + e.getMessage() + "); stopping.";
      fire(l -> l.error(msg));
      stopPlaying(SongEnd.FAILED);
      return false;
    }
  }

  /** Moves to the playlist's next song, or stops at its end. */
  private void advance() throws InterruptedException {
    moves++;
    Optional<Song> n = playlist.next();
    if (n.isEmpty()) {
      // The end of the playlist: let the last song play out, then stop.
      sink.drain();
      discardPrefetch();
      currentSong = null;
      positionNanos = 0;
      heardNanos = 0;
      setState(PlayerState.STOPPED);
      return;
    }
    startSong(n.get());
  }

  private void startSong(Song song) throws InterruptedException {
    moves++;
    closeReader();
    if (sinkPaused) {
      sink.resume();
      sinkPaused = false;
    }
    currentSong = song;
    positionNanos = 0;
    heardNanos = 0;
    baseNanos = 0;
    framesSinceBase = 0;
    lastPositionEvent = Long.MIN_VALUE;
    reopened = false;
    Optional<ServedSong> located = locator.locate(song.id());
    if (located.isEmpty()) {
      now = null;
      failSong(song, "no live SoundSmith serves it any more", Duration.ZERO);
      return;
    }
    ServedSong s = located.get();
    now = s;
    audioStart = 0;
    bitrateKbps = song.bitrateKbps();
    songLength = song.sizeBytes();
    InputStream in = null;
    Prefetch p = takePrefetch(song.id());
    if (p != null) {
      try {
        Prefetched pf = p.future().get();
        in = pf.stream();
        songLength = pf.length();
      } catch (ExecutionException e) {
        LOG.fine("prefetch of " + song.id() + " failed, opening it again: " + e.getCause());
      }
    }
    if (in == null) {
      if (state != PlayerState.PLAYING) {
        setState(PlayerState.BUFFERING);
      }
      try {
        StreamOpener.Opened o = opener.open(s, 0);
        in = o.body();
        songLength = o.ticket().length();
      } catch (PlaybackException e) {
        failCurrent(e.getMessage());
        return;
      }
    }
    WatchedInputStream watched = watchdog.watch(in);
    pcmLayout = null;
    try {
      reader = openReader(song, watched, 0);
    } catch (IOException e) {
      closeQuietly(watched);
      failCurrent("lost its stream from SoundSmith " + s.serverLabel() + " (" + StreamOpener.reason(e) + ")");
      return;
    } catch (CorruptAudioException e) {
      closeQuietly(watched);
      failCurrent("it cannot be decoded (" + e.getMessage() + ")");
      return;
    }
    body = watched;
    audioStart = reader.audioStart();
    if (reader.firstBitrateKbps() > 0) {
      bitrateKbps = reader.firstBitrateKbps();
    }
    fire(l -> l.songStarted(song));
    setState(PlayerState.PLAYING);
    publishPosition(true);
  }

  private void streamLost(IOException e) throws InterruptedException {
    String at = clock(positionNanos);
    String why = "lost its stream from SoundSmith " + now.serverLabel() + " at " + at + " ("
        + StreamOpener.reason(e) + ")";
    if (reopened) {
      failCurrent(why);
      return;
    }
    reopened = true;
    LOG.info(describe(now.song()) + ": " + why + "; reopening at " + at);
    closeReader();
    try {
      openAt(positionNanos);
    } catch (PlaybackException pe) {
      failCurrent(why + " and could not reopen it: " + pe.getMessage());
    } catch (CorruptAudioException ce) {
      failCurrent(why + " and the reopened stream cannot be decoded (" + ce.getMessage() + ")");
    }
  }

  private void doSeek(long targetNanos) throws InterruptedException {
    if (now == null) {
      return;
    }
    long duration = durationNanos();
    if (duration > 0 && targetNanos >= duration) {
      endCurrent(SongEnd.SKIPPED);
      sink.flush();
      advance();
      return;
    }
    closeReader();
    sink.flush();
    try {
      openAt(targetNanos);
    } catch (PlaybackException e) {
      failCurrent("cannot seek to " + clock(targetNanos) + ": " + e.getMessage());
      return;
    } catch (CorruptAudioException e) {
      failCurrent("it cannot be decoded at " + clock(targetNanos) + " (" + e.getMessage() + ")");
      return;
    }
    publishPosition(true);
  }

  /** Opens the current song again from the byte matching {@code targetNanos}. */
  private void openAt(long targetNanos) throws PlaybackException, CorruptAudioException, InterruptedException {
    double bytesPerSecond = bytesPerSecond();
    long offset = targetNanos == 0 || bytesPerSecond <= 0 ? 0
        : pcmLayout != null ? pcmLayout.alignedOffset(targetNanos)
        : audioStart + (long) (targetNanos / 1e9 * bytesPerSecond);
    if (songLength > 0) {
      offset = Math.min(offset, songLength);
    }
    StreamOpener.Opened o = opener.open(now, offset);
    WatchedInputStream watched = watchdog.watch(o.body());
    try {
      reader = openReader(now.song(), watched, o.startOffset());
    } catch (IOException e) {
      closeQuietly(watched);
      throw new PlaybackException("lost the stream from SoundSmith " + now.serverLabel() + " ("
          + StreamOpener.reason(e) + ")", e);
    } catch (CorruptAudioException e) {
      closeQuietly(watched);
      throw e;
    }
    body = watched;
    if (o.startOffset() == 0) {
      audioStart = reader.audioStart();
      baseNanos = 0;
    } else {
      baseNanos = pcmLayout != null
          ? pcmLayout.format().framesToNanos((reader.firstFrameOffset() - audioStart) / pcmLayout.blockAlign())
          : bytesPerSecond <= 0 ? 0
          : (long) (Math.max(0, reader.firstFrameOffset() - audioStart) / bytesPerSecond * 1e9);
    }
    framesSinceBase = 0;
    positionNanos = baseNanos;
    lastPositionEvent = Long.MIN_VALUE;
  }

  /**
   * A reader for the song's format: uncompressed PCM ({@code .au}, WAV) by its content type, else
   * MP3. At offset 0 a PCM reader's header gives the layout later seeks use.
   */
  private AudioReader openReader(Song song, InputStream in, long offset) throws IOException, CorruptAudioException {
    if (!PcmStreamReader.handles(song.contentType())) {
      return Mp3FrameReader.open(in, offset);
    }
    PcmStreamReader r = PcmStreamReader.open(in, offset, offset == 0 ? null : pcmLayout);
    pcmLayout = r.layout();
    return r;
  }

  /** Average audio bytes per second: from size and duration when known (right for VBR too), else the bit rate. */
  private double bytesPerSecond() {
    if (pcmLayout != null) {
      return pcmLayout.bytesPerSecond();
    }
    Duration d = now.song().duration();
    if (!d.isZero() && songLength > audioStart) {
      return (songLength - audioStart) / (d.toNanos() / 1e9);
    }
    return bitrateKbps * 125.0;
  }

  private long durationNanos() {
    if (pcmLayout != null && pcmLayout.durationNanos() > 0) {
      return pcmLayout.durationNanos();
    }
    Duration d = now.song().duration();
    if (!d.isZero()) {
      return d.toNanos();
    }
    if (songLength > audioStart && bitrateKbps > 0) {
      return (long) ((songLength - audioStart) / (bitrateKbps * 125.0) * 1e9);
    }
    return 0;
  }

  private void maybePrefetch() {
    if (prefetch != null || now == null) {
      return;
    }
    long duration = durationNanos();
    if (duration > 0 && duration - positionNanos > prefetchLeadNanos) {
      return;
    }
    Optional<Song> next = playlist.peekNext();
    if (next.isEmpty()) {
      return;
    }
    Optional<ServedSong> s = locator.locate(next.get().id());
    if (s.isEmpty()) {
      return; // reported when its turn comes
    }
    CompletableFuture<Prefetched> f;
    try {
      f = CompletableFuture.supplyAsync(() -> fetch(s.get()), prefetcher);
    } catch (RejectedExecutionException e) {
      return;
    }
    prefetch = new Prefetch(next.get().id(), f);
  }

  /** Runs on the prefetch thread. */
  private Prefetched fetch(ServedSong s) {
    try {
      StreamOpener.Opened o = opener.open(s, 0);
      long length = o.ticket().length();
      int limit = length > 0 && length <= wholeSongLimit ? (int) length : prefetchHeadBytes;
      // Watched so that a stalled prefetch fails instead of holding up the song's start.
      WatchedInputStream in = watchdog.watch(o.body());
      byte[] head;
      try {
        head = in.readNBytes(limit);
      } catch (IOException e) {
        closeQuietly(in);
        throw new PlaybackException("lost the stream from SoundSmith " + s.serverLabel(), e);
      }
      boolean complete = head.length < limit || head.length == length;
      if (complete) {
        closeQuietly(in);
      }
      LOG.fine(() -> "prefetched " + head.length + (complete ? " (all)" : "") + " bytes of " + s.song().id());
      return new Prefetched(length, head, complete ? null : in);
    } catch (PlaybackException e) {
      throw new CompletionException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }

  private Prefetch takePrefetch(SongId id) {
    Prefetch p = prefetch;
    prefetch = null;
    if (p == null) {
      return null;
    }
    if (p.song().equals(id)) {
      return p;
    }
    discard(p);
    return null;
  }

  private void discardPrefetch() {
    Prefetch p = prefetch;
    prefetch = null;
    if (p != null) {
      discard(p);
    }
  }

  private static void discard(Prefetch p) {
    p.future().thenAccept(pf -> {
      if (pf.rest() != null) {
        closeQuietly(pf.rest());
      }
    });
  }

  private void doResume() {
    if (sinkPaused) {
      sink.resume();
      sinkPaused = false;
    }
    setState(reader == null ? PlayerState.STOPPED : PlayerState.PLAYING);
  }

  private void pauseSink() {
    if (!sinkPaused) {
      sink.pause();
      sinkPaused = true;
    }
  }

  /** Reports the current song as ended, closes its stream; nothing is current afterwards. */
  private void endCurrent(SongEnd how) {
    if (now == null) {
      return;
    }
    Song s = now.song();
    Duration at = Duration.ofNanos(positionNanos);
    closeReader();
    now = null;
    fire(l -> l.songEnded(s, how, at));
  }

  private void stopPlaying(SongEnd how) {
    endCurrent(how);
    sink.flush();
    if (sinkPaused) {
      sink.resume();
      sinkPaused = false;
    }
    discardPrefetch();
    currentSong = null;
    positionNanos = 0;
    heardNanos = 0;
    failuresInARow = 0;
    moves++;
    setState(PlayerState.STOPPED);
  }

  private void failCurrent(String clause) throws InterruptedException {
    Song s = now.song();
    Duration at = Duration.ofNanos(positionNanos);
    closeReader();
    now = null;
    failSong(s, clause, at);
  }

  private void failSong(Song song, String clause, Duration at) throws InterruptedException {
    fire(l -> l.songEnded(song, SongEnd.FAILED, at));
    failuresInARow++;
    String msg = "Cannot play " + describe(song) + ": " + clause + ".";
    LOG.warning(msg);
    if (failuresInARow >= Math.max(1, playlist.size())) {
      fire(l -> l.error(msg + " Stopping: no song in the playlist could be played."));
      failuresInARow = 0;
      stopPlaying(SongEnd.FAILED);
      return;
    }
    fire(l -> l.error(msg + " Skipping to the next song."));
    // Queued, not called: a playlist of unplayable songs must not recurse song after song on
    // this thread (thousands overflow its stack), and a control given meanwhile wins.
    long movesNow = moves;
    commands.add(() -> {
      if (moves == movesNow) {
        advance();
      }
    });
  }

  private void closeReader() {
    AudioReader r = reader;
    reader = null;
    body = null;
    if (r != null) {
      r.close();
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  private void setState(PlayerState s) {
    if (state != s) {
      state = s;
      fire(l -> l.stateChanged(s));
    }
  }

  private void fire(Consumer<PlayerListener> call) {
    for (PlayerListener l : listeners) {
      try {
        events.execute(() -> {
          try {
            call.accept(l);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "player listener failed", e);
          }
        });
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  static String describe(Song s) {
    return "\"" + s.title() + "\"" + (s.artist().isEmpty() ? "" : " by " + s.artist());
  }

  static String clock(long nanos) {
    long tenths = nanos / 100_000_000L;
    return String.format("%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10);
  }

  /** Configures a {@link Player}. Not thread-safe. */
  public static final class Builder {
    private final SongLocator locator;
    private Playlist playlist;
    private AudioSink sink;
    private HttpClient httpClient;
    private Duration prefetchLead = Duration.ofSeconds(15);
    private int wholeSongLimit = 16 << 20;
    private int prefetchHeadBytes = 1 << 20;
    private Duration restartThreshold = Duration.ofSeconds(3);
    private Duration positionInterval = Duration.ofMillis(250);
    private Duration stallTimeout = Duration.ofSeconds(10);

    private Builder(SongLocator locator) {
      this.locator = locator;
    }

    /** The playlist to play; default a new empty one. */
    public Builder playlist(Playlist playlist) {
      this.playlist = Objects.requireNonNull(playlist, "playlist");
      return this;
    }

    /** Where PCM goes; default {@link AudioSinks#best()}. */
    public Builder audioSink(AudioSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** The HTTP client for audio; default an HTTP/1.1 client with a 5 s connect timeout. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * How long before the end of a song the next one is prefetched; default 15 s. Songs shorter
     * than this have their successor prefetched as soon as they start.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder prefetchLead(Duration lead) {
      Objects.requireNonNull(lead, "prefetchLead");
      if (lead.isNegative()) {
        throw new IllegalArgumentException("prefetchLead < 0: " + lead);
      }
      this.prefetchLead = lead;
      return this;
    }

    /**
     * Songs up to this many bytes are prefetched whole, longer ones only their first
     * {@code headBytes}; defaults 16 MiB and 1 MiB.
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public Builder prefetchBytes(int wholeSongLimit, int headBytes) {
      if (wholeSongLimit <= 0) {
        throw new IllegalArgumentException("wholeSongLimit <= 0: " + wholeSongLimit);
      }
      if (headBytes <= 0) {
        throw new IllegalArgumentException("headBytes <= 0: " + headBytes);
      }
      this.wholeSongLimit = wholeSongLimit;
      this.prefetchHeadBytes = headBytes;
      return this;
    }

    /** {@link Player#previous()} restarts the current song when it has played longer than this; default 3 s. */
    public Builder restartThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "restartThreshold");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("restartThreshold < 0: " + threshold);
      }
      this.restartThreshold = threshold;
      return this;
    }

    /** How much audio plays between two position events; default 250 ms. */
    public Builder positionInterval(Duration interval) {
      this.positionInterval = JukeboxClient.Builder.positive(interval, "positionInterval");
      return this;
    }

    /**
     * How long a stream may send nothing before it counts as lost (reopened once where it
     * stalled, else reported and skipped); default 10 s.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder stallTimeout(Duration timeout) {
      this.stallTimeout = JukeboxClient.Builder.positive(timeout, "stallTimeout");
      return this;
    }

    /** A new player, its thread started, stopped. */
    public Player build() {
      Player p = new Player(this);
      p.start();
      return p;
    }
  }
}
