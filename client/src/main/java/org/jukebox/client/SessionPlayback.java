package org.jukebox.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionSnapshot;
import org.jukebox.api.SessionSong;
import org.jukebox.api.Song;
import org.jukebox.api.StreamTicket;
import org.jukebox.client.internal.AudioReader;
import org.jukebox.client.internal.CorruptAudioException;
import org.jukebox.client.internal.Mp3FrameReader;
import org.jukebox.client.internal.StreamOpener;
import org.jukebox.client.internal.Threads;
import org.jukebox.client.session.TimelineState;
import org.jukebox.client.sync.ClockEstimate;
import org.jukebox.client.sync.ClockOffsetEstimator;
import org.jukebox.client.sync.MicrosClock;
import org.jukebox.client.sync.SyncController;
import org.jukebox.client.sync.SyncDecision;
import org.jukebox.client.sync.SyncScheduler;
import org.jukebox.client.sync.SyncStats;
import org.jukebox.client.sync.SyncTargets;
import org.jukebox.client.sync.SyncedSink;

/**
 * Plays the session a {@link SessionClient} is in, in step with its host: the session's audio
 * goes through the sync engine to an {@link AudioSink}. A {@link ClockOffsetEstimator} learns the
 * session server's clock through {@link SessionClient#clockSource()}; every
 * {@link TimelineState} becomes a target for a {@link SyncController}, whose decisions this class
 * carries out on its own player thread (open the entry at a position, pause, wait for play,
 * wait for the host's next, stop); a {@link SyncedSink} keeps the audio on the target while it
 * plays. Joining mid-song starts at {@code position + (server now − stamp)}.
 *
 * <p>Each entry's audio is fetched whole, once, with one ticket ({@link SessionClient#audio()}),
 * and the next entry is fetched while the current one plays, so songs follow each other without
 * a gap and seeks land at once on an exact frame. The host's copy tells the session server when
 * a song has been heard to its end ({@link SessionClient#songEnded}); a listener that gets there
 * first waits for that. When the host is gone the song plays out and the player waits; when the
 * host ends the session it stops.
 *
 * <p>The transport controls ({@link #play()}, {@link #pause()}, {@link #next()}, {@link #seek})
 * are the host's: a listener is refused locally, with the reason, before anything is sent.
 *
 * <p>Thread-safe. Listeners are called on the player's thread or the session client's event
 * thread, one call at a time per source; they must not block.
 */
public final class SessionPlayback implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SessionPlayback.class.getName());
  private static final long TICK_MILLIS = 250;
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

  /** What the session's playback is doing here. */
  public enum Phase {
    /** Not in a session, or the session has no current song. */
    IDLE,
    /** The session is paused on a song this client has not opened (it joined a paused session). */
    WAITING_FOR_PLAY,
    /** Playing, in step with the session. */
    PLAYING,
    /** The session is paused. */
    PAUSED,
    /** This copy finished the song before the session moved on: waiting for the host's next. */
    WAITING_FOR_NEXT,
    /** The host ended the session. */
    ENDED
  }

  /**
   * Where playback stands.
   *
   * @param phase what it does
   * @param song the entry open or waited on, or null
   * @param position how far into {@code song} the ear is (zero when none)
   * @param host who hosts the session, or null when not in one
   * @param hosting whether this client is the host
   * @param hostPresent whether the host is connected (when not: the song plays out, then waits)
   */
  public record Status(Phase phase, SessionSong song, Duration position, String host, boolean hosting,
      boolean hostPresent) {}

  /** Observes a {@link SessionPlayback}. Every method has an empty default; none may block. */
  public interface Listener {
    /** An entry's first audio is about to reach the sink, {@code at} into it. */
    default void songStarted(SessionSong song, Duration at) {}

    /** The phase changed. */
    default void phaseChanged(Status status) {}

    /** Something failed that the user should know (a song that cannot be fetched or decoded). */
    default void error(String message) {}
  }

  private final SessionClient client;
  private final AudioSink delegate;
  private final MicrosClock clock;
  private final HttpClient http;
  private final Duration seekMargin;
  private final ScheduledExecutorService timers;
  private final java.util.concurrent.ExecutorService fetchers =
      Executors.newCachedThreadPool(Threads.daemon("jukebox-session-fetch"));
  private final Thread thread;
  private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<Long, CompletableFuture<SessionAudioFile>> audio = new ConcurrentHashMap<>();
  private final Consumer<TimelineState> onTimeline = this::timeline;
  private volatile Duration outputLatency;
  private volatile Follow follow;
  private volatile TimelineState latest;
  private volatile boolean closing;
  private boolean started;

  // Player thread only.
  private Follow using;
  private AudioReader reader;
  private volatile long entry;
  private long nextFrameMicros;
  private PcmFormat sinkFormat;
  private boolean sinkPaused;
  private volatile Phase phase = Phase.IDLE;
  private volatile SessionSong song;
  private volatile long heardMicros;
  private String lastError;

  /** One session followed: its own clock estimate, controller and synced sink. */
  private final class Follow {
    final SessionId id;
    final ClockOffsetEstimator estimator;
    final SyncController controller;
    final SyncedSink sink;

    Follow(SessionId id) {
      this.id = id;
      estimator = ClockOffsetEstimator.builder(SyncTargets.timeSource(client.clockSource()), clock)
          .scheduler(SyncScheduler.of(timers)).build();
      controller = SyncController.builder(estimator, clock, d -> submit(() -> apply(this, d)))
          .seekMargin(seekMargin).build();
      sink = SyncedSink.wrap(delegate, controller).outputLatency(outputLatency).build();
    }
  }

  private SessionPlayback(Builder b) {
    this.client = b.client;
    this.delegate = b.sink != null ? b.sink : AudioSinks.best();
    this.clock = b.clock;
    this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.outputLatency = b.outputLatency;
    this.seekMargin = b.seekMargin;
    this.timers = Executors.newScheduledThreadPool(1, Threads.daemon("jukebox-session-sync"));
    this.thread = Threads.daemon("jukebox-session-player").newThread(this::run);
  }

  /**
   * Starts building playback for the session {@code client} joins.
   *
   * @throws NullPointerException if {@code client} is null
   */
  public static Builder builder(SessionClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /**
   * Follows the client's session from now on (the one it is in already, and every one it
   * joins or hosts later).
   *
   * @throws IllegalStateException if started already or closed
   */
  public synchronized SessionPlayback start() {
    if (started || closing) {
      throw new IllegalStateException(closing ? "session playback is closed" : "session playback already started");
    }
    started = true;
    thread.start();
    client.addTimelineListener(onTimeline);
    timers.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    TimelineState now = client.current();
    if (now != null) {
      timers.execute(() -> timeline(now));
    }
    return this;
  }

  /** Adds an observer. */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes an observer added before. */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /** The session client this plays for. */
  public SessionClient client() {
    return client;
  }

  /** Where playback stands now. */
  public Status status() {
    Optional<SessionSnapshot> s = client.snapshot();
    TimelineState t = latest;
    return new Status(phase, song, Duration.ofNanos(heardMicros * 1_000), s.map(SessionSnapshot::host).orElse(null),
        client.isHost(), s.map(SessionSnapshot::hostPresent).orElse(t == null || t.hostPresent()));
  }

  /** How far into the current entry the ear is; zero when nothing plays. */
  public Duration position() {
    return Duration.ofNanos(heardMicros * 1_000);
  }

  /** What the synced sink of the session followed has done (errors, corrections); zeros before a session. */
  public SyncStats syncStats() {
    Follow f = follow;
    return f == null ? new SyncStats(0, 0, 0, 0, 0, 0, false) : f.sink.stats();
  }

  /** The estimate of the session server's clock, once there is one. */
  public Optional<ClockEstimate> clockEstimate() {
    Follow f = follow;
    return f == null ? Optional.empty() : f.estimator.estimate();
  }

  /** The output latency honoured (Bluetooth speakers, slow cards). */
  public Duration outputLatency() {
    return outputLatency;
  }

  /**
   * Sets how long audio takes from the sink to the ear beyond what the sink reports: the sync
   * engine plays that much earlier.
   *
   * @throws IllegalArgumentException if negative or over 5 s
   */
  public void outputLatency(Duration latency) {
    Objects.requireNonNull(latency, "outputLatency");
    if (latency.isNegative() || latency.compareTo(Duration.ofSeconds(5)) > 0) {
      throw new IllegalArgumentException("outputLatency not in 0..5s: " + latency);
    }
    outputLatency = latency;
    Follow f = follow;
    if (f != null) {
      f.sink.outputLatency(latency);
    }
  }

  // --- the host's controls ----------------------------------------------------------------------

  /**
   * Plays the session (host).
   *
   * @throws IllegalStateException if not in a session, or following someone else's
   */
  public void play() throws RemoteException, JukeboxException {
    requireHost();
    client.play();
  }

  /** Pauses the session (host); see {@link #play()}. */
  public void pause() throws RemoteException, JukeboxException {
    requireHost();
    client.pause();
  }

  /** Skips to the session's next song (host); see {@link #play()}. */
  public void next() throws RemoteException, JukeboxException {
    requireHost();
    client.next();
  }

  /** Moves the session's current song to {@code position} (host); see {@link #play()}. */
  public void seek(Duration position) throws RemoteException, JukeboxException {
    Objects.requireNonNull(position, "position");
    if (position.isNegative()) {
      throw new IllegalArgumentException("seek position < 0: " + position);
    }
    requireHost();
    client.seek(position);
  }

  /**
   * Adds {@code song} to the session's playlist: the host always, a listener when the host lets
   * guests add.
   *
   * @throws IllegalStateException if not in a session, or a listener while guests may not add
   */
  public SessionSong add(Song song) throws RemoteException, JukeboxException {
    Objects.requireNonNull(song, "song");
    SessionSnapshot s = requireSession();
    if (!client.isHost() && !s.options().guestsMayAdd()) {
      throw new IllegalStateException("you are following " + s.host()
          + "'s session: only the host adds songs (unless the host turns guests on)");
    }
    return client.add(song);
  }

  /** Leaves the session: playback stops here, the session goes on. Idempotent. */
  public void leave() {
    client.leave();
    Follow f = follow;
    follow = null;
    latest = null;
    if (f != null) {
      f.estimator.close();
      submit(() -> stopHere(f, Phase.IDLE));
      // Say so at once; the player thread lets go of the audio next (decisions for f are ignored).
      song = null;
      heardMicros = 0;
      setPhase(Phase.IDLE);
    }
    audio.clear();
  }

  private SessionSnapshot requireSession() {
    return client.snapshot()
        .orElseThrow(() -> new IllegalStateException("not in a session: host one or join one first"));
  }

  private void requireHost() {
    SessionSnapshot s = requireSession();
    if (!client.isHost()) {
      throw new IllegalStateException("you are following " + s.host() + "'s session: only the host controls playback");
    }
  }

  // --- the session's timeline (session client's event thread) ----------------------------------

  /** On the session client's event thread (and once from {@link #start()}): serialized by this lock. */
  private synchronized void timeline(TimelineState t) {
    if (closing || t == null) {
      return;
    }
    Follow f = follow;
    if (f == null || !f.id.equals(t.session())) {
      if (f != null) {
        f.estimator.close();
        Follow old = f;
        submit(() -> stopHere(old, Phase.IDLE));
      }
      audio.clear();
      f = new Follow(t.session());
      follow = f;
      Follow fresh = f;
      timers.execute(() -> firstEstimate(fresh));
    }
    latest = t;
    prefetch(t.song());
    prefetch(t.next());
    audio.keySet().removeIf(e -> !isEntry(t.song(), e) && !isEntry(t.next(), e) && e != entry);
    f.controller.update(SyncTargets.from(t));
    if (t.ended()) {
      Follow ended = f;
      follow = null;
      ended.estimator.close();
      submit(() -> stopHere(ended, Phase.ENDED));
    }
  }

  private static boolean isEntry(SessionSong s, long e) {
    return s != null && s.entry() == e;
  }

  /** Takes a clock estimate at once (so that a join starts at the right place), then refreshes by itself. */
  private void firstEstimate(Follow f) {
    if (f != follow) {
      return;
    }
    try {
      f.estimator.refresh();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "first clock estimate failed; the estimator tries again", e);
    }
    try {
      f.estimator.start();
    } catch (IllegalStateException e) {
      return; // closed meanwhile
    }
    f.controller.tick();
  }

  private void tick() {
    Follow f = follow;
    if (f != null && f.estimator.hasEstimate()) {
      f.controller.tick();
    }
  }

  private void prefetch(SessionSong s) {
    if (s != null) {
      audioOf(s);
    }
  }

  private CompletableFuture<SessionAudioFile> audioOf(SessionSong s) {
    return audio.computeIfAbsent(s.entry(), e -> CompletableFuture.supplyAsync(() -> fetch(s), fetcher()));
  }

  private java.util.concurrent.Executor fetcher() {
    return fetchers;
  }

  /** Fetches an entry's audio whole, with one ticket. */
  private SessionAudioFile fetch(SessionSong s) {
    try {
      StreamTicket ticket = client.audio().open(s);
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(ticket.url()).timeout(FETCH_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      byte[] bytes;
      try (InputStream in = r.body()) {
        if (r.statusCode() != 200) {
          throw new IOException("HTTP " + r.statusCode() + " for its ticket");
        }
        bytes = in.readAllBytes();
      }
      String type = ticket.contentType().isBlank() ? s.song().contentType() : ticket.contentType();
      return new SessionAudioFile(bytes, type);
    } catch (IOException | CorruptAudioException e) {
      throw new java.util.concurrent.CompletionException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  // --- the player thread ------------------------------------------------------------------------

  private void submit(Runnable command) {
    if (!closing) {
      commands.add(command);
    }
  }

  private void run() {
    try {
      while (!closing) {
        boolean playing = reader != null && !sinkPaused;
        Runnable c = playing ? commands.poll() : commands.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
        try {
          if (c != null) {
            c.run();
          } else if (playing) {
            playFrame();
          } else {
            updateHeard();
          }
        } catch (RuntimeException e) {
          if (closing) {
            break;
          }
          LOG.log(Level.SEVERE, "session playback failed", e);
          fireError("Session playback failed (" + StreamOpener.reason(e) + "); waiting for the session's next change.");
          closeReader();
        }
      }
    } catch (InterruptedException e) {
      // closing
    } finally {
      closeReader();
      if (using != null) {
        using.sink.close();
      } else {
        delegate.close();
      }
    }
  }

  private void apply(Follow f, SyncDecision d) {
    if (f != follow) {
      return; // a decision for a session left since
    }
    use(f);
    if (d instanceof SyncDecision.Seek s) {
      seekTo(f, s);
    } else if (d instanceof SyncDecision.Pause) {
      if (!sinkPaused && sinkFormat != null) {
        f.sink.pause();
        sinkPaused = true;
      }
      setPhase(Phase.PAUSED);
    } else if (d instanceof SyncDecision.WaitForPlay w) {
      closeReader();
      f.sink.flush();
      song = songOf(w.entry());
      heardMicros = latest == null ? 0 : latest.positionMicros();
      setPhase(Phase.WAITING_FOR_PLAY);
    } else if (d instanceof SyncDecision.WaitForNext) {
      setPhase(Phase.WAITING_FOR_NEXT);
    } else if (d instanceof SyncDecision.Stop) {
      TimelineState t = latest;
      stopHere(f, t != null && t.ended() ? Phase.ENDED : Phase.IDLE);
    }
  }

  /** Makes {@code f}'s synced sink the one written to (a new session needs its own). */
  private void use(Follow f) {
    if (using == f) {
      return;
    }
    closeReader();
    if (using != null) {
      using.sink.flush();
      using.sink.close();
    } else {
      delegate.close();
    }
    sinkFormat = null;
    sinkPaused = false;
    using = f;
  }

  private void seekTo(Follow f, SyncDecision.Seek s) {
    SessionSong target = songOf(s.entry());
    if (target == null) {
      LOG.fine(() -> "entry " + s.entry() + " is no longer in the session; not seeking");
      return;
    }
    SessionAudioFile file;
    CompletableFuture<SessionAudioFile> pending = audioOf(target);
    try {
      file = pending.get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      audio.remove(target.entry(), pending);
      String why = "Cannot play " + describe(target) + ": " + StreamOpener.reason(e) + "; trying again.";
      if (!why.equals(lastError)) {
        lastError = why; // once, not at every retry
        fireError(why);
      }
      return; // the controller asks again when its seek is not cued in time
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    SessionAudioFile.Opened o;
    try {
      o = file.openAt(s.positionMicros());
    } catch (IOException | CorruptAudioException e) {
      fireError("Cannot play " + describe(target) + ": it cannot be decoded (" + e.getMessage() + ").");
      return;
    }
    // A song that ended with its tail still in the sink flows into the next: no flush, no gap.
    boolean seamless = reader == null && entry != s.entry() && sinkFormat != null && !sinkPaused
        && f.sink.bufferedFrames() > 0;
    lastError = null;
    closeReader();
    if (!seamless) {
      f.sink.flush();
    }
    if (sinkPaused) {
      f.sink.resume();
      sinkPaused = false;
    }
    boolean newSong = entry != s.entry();
    reader = o.reader();
    entry = s.entry();
    song = target;
    nextFrameMicros = o.landedMicros();
    f.sink.cue(entry, nextFrameMicros);
    LOG.fine(() -> "entry " + s.entry() + " at " + nextFrameMicros + " µs (" + s.reason() + ")");
    if (newSong || phase != Phase.PLAYING) {
      Duration at = Duration.ofNanos(nextFrameMicros * 1_000);
      for (Listener l : listeners) {
        safely(() -> l.songStarted(target, at));
      }
    }
    setPhase(Phase.PLAYING);
  }

  private void playFrame() {
    Follow f = using;
    Mp3FrameReader.Pcm pcm;
    try {
      pcm = reader.next();
    } catch (IOException | CorruptAudioException e) {
      fireError("Cannot play " + (song == null ? "entry " + entry : describe(song)) + " on: " + e.getMessage() + ".");
      pcm = null;
    }
    if (pcm == null) {
      closeReader();
      songEnded(f, entry);
      return;
    }
    if (!pcm.format().equals(sinkFormat)) {
      try {
        if (sinkFormat != null) {
          f.sink.drain();
        }
        f.sink.open(pcm.format());
        sinkFormat = pcm.format();
      } catch (IOException | RuntimeException e) {
        fireError("Cannot open the audio output for " + pcm.format() + " (" + e.getMessage() + ").");
        closeReader();
        return;
      }
    }
    f.sink.write(pcm.samples(), 0, pcm.samples().length);
    nextFrameMicros += pcm.format().framesToNanos(pcm.frames()) / 1_000;
    updateHeard();
  }

  private void updateHeard() {
    PcmFormat fmt = sinkFormat;
    Follow f = using;
    if (reader == null && phase != Phase.WAITING_FOR_NEXT) {
      return;
    }
    long buffered = fmt == null || f == null ? 0 : fmt.framesToNanos(f.sink.bufferedFrames()) / 1_000;
    heardMicros = Math.max(0, nextFrameMicros - buffered);
  }

  /**
   * This copy wrote the last frame of {@code e}: the controller hears of it (a listener ahead
   * waits); the host's copy tells the server when that frame will have been heard, less half a
   * round trip, so the next song's stamp falls where this one ends.
   */
  private void songEnded(Follow f, long e) {
    f.controller.ended(e);
    if (!client.isHost()) {
      return;
    }
    long bufferedMicros = sinkFormat == null ? 0 : sinkFormat.framesToNanos(f.sink.bufferedFrames()) / 1_000;
    long halfTrip = f.estimator.estimate().map(c -> c.bestRoundTripMicros() / 2).orElse(0L);
    long delay = Math.max(0, bufferedMicros + outputLatency.toNanos() / 1_000 - halfTrip);
    try {
      timers.schedule(() -> {
        try {
          client.songEnded(e);
        } catch (RemoteException | JukeboxException | RuntimeException ex) {
          LOG.log(Level.INFO, "cannot tell the session server that entry " + e + " ended", ex);
        }
      }, delay, TimeUnit.MICROSECONDS);
    } catch (RejectedExecutionException ex) {
      // closing
    }
  }

  private void stopHere(Follow f, Phase to) {
    if (using == f || using == null) {
      closeReader();
      if (using != null) {
        using.sink.flush();
        if (sinkPaused) {
          using.sink.resume();
          sinkPaused = false;
        }
      }
    }
    if (f == follow || follow == null) {
      song = null;
      heardMicros = 0;
      setPhase(to);
    }
  }

  private SessionSong songOf(long e) {
    TimelineState t = latest;
    if (t != null) {
      if (isEntry(t.song(), e)) {
        return t.song();
      }
      if (isEntry(t.next(), e)) {
        return t.next();
      }
    }
    return client.snapshot().flatMap(s -> s.playlist().stream().filter(x -> x.entry() == e).findFirst()).orElse(null);
  }

  private void closeReader() {
    AudioReader r = reader;
    reader = null;
    if (r != null) {
      r.close();
    }
  }

  private void setPhase(Phase p) {
    if (phase == p) {
      return;
    }
    phase = p;
    Status s = status();
    for (Listener l : listeners) {
      safely(() -> l.phaseChanged(s));
    }
  }

  private void fireError(String message) {
    LOG.warning(message);
    for (Listener l : listeners) {
      safely(() -> l.error(message));
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a session playback listener failed", e);
    }
  }

  static String describe(SessionSong s) {
    return Player.describe(s.song());
  }

  /**
   * Stops playing and following (the session client stays in its session); bounded and
   * idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    client.removeTimelineListener(onTimeline);
    Follow f = follow;
    follow = null;
    if (f != null) {
      f.estimator.close();
    }
    timers.shutdownNow();
    fetchers.shutdownNow();
    thread.interrupt();
    try {
      thread.join(1000);
      if (thread.isAlive()) {
        delegate.close(); // a sound card write does not heed interrupts
        thread.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    phase = Phase.IDLE;
  }

  /** Configures a {@link SessionPlayback}. Not thread-safe. */
  public static final class Builder {
    private final SessionClient client;
    private AudioSink sink;
    private MicrosClock clock = MicrosClock.system();
    private HttpClient http;
    private Duration outputLatency = Duration.ZERO;
    private Duration seekMargin = Duration.ofMillis(100);

    private Builder(SessionClient client) {
      this.client = client;
    }

    /** Where the session's audio goes; default {@link AudioSinks#best()}. The playback owns it. */
    public Builder audioSink(AudioSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** This machine's clock as the sync engine reads it; default {@link MicrosClock#system()}. */
    public Builder clock(MicrosClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The HTTP client that fetches audio; with security, pass {@code SecureHttp.httpClient(config)}. */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * The output latency to honour; default 0.
     *
     * @throws IllegalArgumentException if negative or over 5 s
     */
    public Builder outputLatency(Duration latency) {
      Objects.requireNonNull(latency, "outputLatency");
      if (latency.isNegative() || latency.compareTo(Duration.ofSeconds(5)) > 0) {
        throw new IllegalArgumentException("outputLatency not in 0..5s: " + latency);
      }
      this.outputLatency = latency;
      return this;
    }

    /**
     * How far behind the target a seek lands, for the sink to trim exactly; default 100 ms.
     *
     * @throws IllegalArgumentException if negative or over 10 s
     */
    public Builder seekMargin(Duration margin) {
      Objects.requireNonNull(margin, "seekMargin");
      if (margin.isNegative() || margin.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("seekMargin not in 0..10s: " + margin);
      }
      this.seekMargin = margin;
      return this;
    }

    /** A new playback, not started. */
    public SessionPlayback build() {
      return new SessionPlayback(this);
    }
  }
}
