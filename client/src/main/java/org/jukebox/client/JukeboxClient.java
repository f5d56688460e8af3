package org.jukebox.client;

import java.net.http.HttpClient;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.server.ExportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.DepartureReason;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.Lease;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.UnknownLeaseException;
import org.jukebox.client.internal.MergedCatalog;
import org.jukebox.client.internal.Threads;
import org.jukebox.security.RemoteExporter;

/**
 * The headless Jukebox client: finds the live SoundSmiths through a {@link MusicDirectory}, keeps
 * one merged catalog of their songs up to date with catalog deltas, searches it, and owns a
 * {@link Player} and its {@link Playlist}.
 *
 * <p>Discovery: the client finds the directory through a {@link DirectoryLookup}; after listing
 * it at start, the client registers a
 * {@link DirectoryListener} (exported through {@link RemoteExporter}) and renews that lease at
 * half its life; when the listener cannot be exported or the lease cannot be kept, it polls
 * {@link MusicDirectory#soundSmiths()} instead, and goes back to listening when it can. When
 * the directory stops answering, the client drops its stub and, from the next tick on with a
 * doubling backoff (up to the poll interval), looks it up again, lists it and registers again,
 * so a restarted directory is found. A SoundSmith's catalog is fetched only when its beacon
 * announces a version newer than the one the client holds, and only the delta since that
 * version; a SoundSmith that restarted (a new remote reference under the same id) or whose
 * version went backwards is fetched whole again. A SoundSmith that departs takes its songs with
 * it.
 *
 * <p>Thread-safe. Remote calls run on one client thread; observers are called on an event
 * thread. {@link #close()} is bounded and idempotent.
 */
public final class JukeboxClient implements SongLocator, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(JukeboxClient.class.getName());

  private final DirectoryLookup lookup;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final ExecutorService events;
  private final RemoteExporter exporter;
  private final boolean ownsExporter;
  private final Duration tickInterval;
  private final Duration pollInterval;
  private final Duration watchLease;
  private final Duration startTimeout;
  private final Player player;

  private final MergedCatalog catalog = new MergedCatalog();
  private final Map<SoundSmithId, Tracked> tracked = new ConcurrentHashMap<>();
  private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  // Confined to the scheduler thread.
  /** The directory's stub; null until looked up, and again once it failed to answer. */
  private MusicDirectory directory;
  /** How long after the next failure to try the directory again; zero means the next tick. */
  private Duration retryDelay = Duration.ZERO;
  private boolean unreachable;
  private DirectoryListener listenerStub;
  private boolean exportFailed;
  private Lease lease;
  private Instant renewAt = Instant.MAX;
  private Instant nextPollAt = Instant.MIN;
  private volatile boolean watching;
  private volatile ScheduledFuture<?> ticker;

  /** What the client knows about one live SoundSmith; fields are written on the client thread. */
  private static final class Tracked {
    volatile SoundSmithEntry entry;
    long held = -1;
    Instant retryAt = Instant.MIN;

    Tracked(SoundSmithEntry entry) {
      this.entry = entry;
    }
  }

  private JukeboxClient(Builder b) {
    this.lookup = b.lookup;
    this.clock = b.clock;
    this.ownsScheduler = b.scheduler == null;
    this.scheduler = ownsScheduler
        ? Executors.newSingleThreadScheduledExecutor(Threads.daemon("jukebox-client"))
        : b.scheduler;
    this.events = Executors.newSingleThreadExecutor(Threads.daemon("jukebox-client-events"));
    this.ownsExporter = b.exporter == null;
    this.exporter = ownsExporter ? RemoteExporter.anyPort() : b.exporter;
    this.tickInterval = b.tickInterval;
    this.pollInterval = b.pollInterval;
    this.watchLease = b.watchLease;
    this.startTimeout = b.startTimeout;
    Player.Builder pb = Player.builder(this::locate)
        .playlist(Playlist.create(b.random))
        .audioSink(b.audioSink == null ? AudioSinks.best() : b.audioSink);
    if (b.httpClient != null) {
      pb.httpClient(b.httpClient);
    }
    this.player = pb.build();
  }

  /**
   * Starts building a client that finds the directory through {@code lookup}, for example
   * {@code () -> RemoteLookup.directory(address)}, and looks it up again whenever it stops
   * answering, so a restarted directory is found.
   *
   * @throws NullPointerException if {@code lookup} is null
   */
  public static Builder builder(DirectoryLookup lookup) {
    return new Builder(Objects.requireNonNull(lookup, "lookup"));
  }

  /**
   * Starts building a client over one directory stub. Convenient for tests and in-process
   * directories; a client built this way cannot follow a directory that restarts (its stub then
   * never answers again), so prefer {@link #builder(DirectoryLookup)}.
   *
   * @throws NullPointerException if {@code directory} is null
   */
  public static Builder builder(MusicDirectory directory) {
    Objects.requireNonNull(directory, "directory");
    return new Builder(() -> directory);
  }

  /**
   * Lists the directory, fetches the catalogs of the SoundSmiths it names and starts watching for
   * changes. Returns once that first pass is done or the start timeout has passed; a directory
   * that cannot be reached is not an error (the client keeps trying in the background).
   *
   * @throws IllegalStateException if the client was already started or is closed
   */
  public void start() {
    if (closed.get()) {
      throw new IllegalStateException("client is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("client already started");
    }
    Future<?> first = scheduler.submit(this::firstSync);
    long tick = tickInterval.toNanos();
    ticker = scheduler.scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.NANOSECONDS);
    try {
      first.get(startTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "first directory sync failed", e.getCause());
    } catch (TimeoutException e) {
      LOG.warning("first directory sync did not finish within " + startTimeout + "; continuing in the background");
    }
  }

  /** Every song of every live SoundSmith, sorted by artist, album, disc, track and title. */
  public List<Song> catalog() {
    List<Song> out = new ArrayList<>();
    for (MergedCatalog.Located l : catalog.songs()) {
      out.add(l.song());
    }
    return out;
  }

  /**
   * The songs whose title, artist or album contain every word of {@code query}
   * (case-insensitive, as {@link Song#matches}), across all live SoundSmiths, sorted by artist,
   * album, disc, track and title.
   *
   * @throws NullPointerException if {@code query} is null
   */
  public List<Song> search(String query) {
    return catalog.search(query, Integer.MAX_VALUE);
  }

  /**
   * As {@link #search(String)}, at most {@code limit} songs.
   *
   * @throws IllegalArgumentException if {@code limit < 0}
   */
  public List<Song> search(String query, int limit) {
    return catalog.search(query, limit);
  }

  /** One song of the merged catalog, or empty when no live SoundSmith serves it. */
  public Optional<Song> song(SongId id) {
    return catalog.find(Objects.requireNonNull(id, "id")).map(MergedCatalog.Located::song);
  }

  /** The live SoundSmiths the client knows of, ordered by id. */
  public List<SoundSmithInfo> soundSmiths() {
    return tracked.values().stream().map(t -> t.entry.info())
        .sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }

  @Override
  public Optional<ServedSong> locate(SongId id) {
    return catalog.find(Objects.requireNonNull(id, "id")).flatMap(l -> {
      Tracked t = tracked.get(l.soundSmith());
      return t == null ? Optional.empty()
          : Optional.of(new ServedSong(l.song(), t.entry.info(), t.entry.soundSmith()));
    });
  }

  /** Adds an observer of the catalog; see {@link CatalogListener} for threading. */
  public void addCatalogListener(CatalogListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes an observer added before; does nothing if it was not added. */
  public void removeCatalogListener(CatalogListener listener) {
    listeners.remove(listener);
  }

  /** The player, which plays this client's {@link #playlist()}. */
  public Player player() {
    return player;
  }

  /** The playlist the player plays. */
  public Playlist playlist() {
    return player.playlist();
  }

  /** Whether the client is registered with the directory for callbacks (else it polls). */
  boolean watching() {
    return watching;
  }

  /**
   * Stops the player, cancels the directory registration (best effort), unexports the callback
   * and stops the client's threads, within a few seconds even if the directory is unreachable.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    player.close();
    ScheduledFuture<?> t = ticker;
    if (t != null) {
      t.cancel(false);
    }
    if (started.get()) {
      try {
        scheduler.submit(this::cancelLease).get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
        LOG.fine("could not cancel the directory registration: " + e);
      }
    }
    if (ownsExporter) {
      exporter.close();
    } else if (listenerStub != null) {
      exporter.unexport(listenerImpl);
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    events.shutdown();
    try {
      if (ownsScheduler) {
        scheduler.awaitTermination(2, TimeUnit.SECONDS);
      }
      events.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.shutdownNow();
  }

  // ---------------------------------------------------------------- client thread

  private final DirectoryListener listenerImpl = new DirectoryListener() {
    @Override
    public void arrived(SoundSmithEntry entry) {
      onClientThread(() -> arrivedOrChanged(entry));
    }

    @Override
    public void changed(SoundSmithEntry entry) {
      onClientThread(() -> arrivedOrChanged(entry));
    }

    @Override
    public void departed(SoundSmithId id, DepartureReason reason) {
      onClientThread(() -> forget(id));
    }
  };

  private void onClientThread(Runnable r) {
    if (closed.get()) {
      return;
    }
    try {
      scheduler.execute(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "directory callback failed", e);
        }
      });
    } catch (RejectedExecutionException e) {
      // Closing: nothing left to update.
    }
  }

  private void firstSync() {
    try {
      listenerStub = exporter.export(listenerImpl);
    } catch (ExportException | IllegalStateException e) {
      exportFailed = true;
      LOG.warning("cannot export the directory listener, polling the directory every " + pollInterval
          + " instead: " + e.getMessage());
    }
    subscribe();
  }

  /** Lists the directory, reconciles, then registers for callbacks (or falls back to polling). */
  private void subscribe() {
    if (closed.get()) {
      return;
    }
    Instant now = clock.instant();
    MusicDirectory dir;
    try {
      dir = directory();
      reconcile(dir.soundSmiths());
    } catch (RemoteException e) {
      lost(now, "cannot list the directory", e);
      return;
    }
    reachable();
    if (listenerStub == null) {
      poll(now);
      return;
    }
    try {
      lease = dir.watch(listenerStub, watchLease);
      renewAt = now.plus(lease.duration().dividedBy(2));
      watching = true;
    } catch (RemoteException | RuntimeException e) {
      LOG.warning("cannot register with the directory, polling it instead: " + e.getMessage());
      poll(now);
    }
  }

  private void poll(Instant now) {
    watching = false;
    lease = null;
    nextPollAt = now.plus(pollInterval);
  }

  /** The directory's stub, looked up when there is none. */
  private MusicDirectory directory() throws RemoteException {
    if (directory == null) {
      MusicDirectory found;
      try {
        found = lookup.lookup();
      } catch (NotBoundException e) {
        throw new RemoteException("no MusicDirectory is bound (yet): " + e.getMessage(), e);
      }
      if (found == null) {
        throw new RemoteException("the directory lookup found nothing");
      }
      directory = found;
    }
    return directory;
  }

  /**
   * The directory did not answer. Its stub is dropped because a restarted directory is a new
   * remote object the old stub never reaches; the next attempt looks it up again, on the next
   * tick the first time and then with a doubling backoff up to the poll interval.
   */
  private void lost(Instant now, String what, RemoteException e) {
    directory = null;
    watching = false;
    lease = null;
    nextPollAt = now.plus(retryDelay);
    retryDelay = retryDelay.isZero() ? tickInterval : min(retryDelay.multipliedBy(2), pollInterval);
    if (unreachable) {
      LOG.fine(what + ": " + e.getMessage());
    } else {
      unreachable = true;
      LOG.warning(what + "; looking it up again, then every " + pollInterval + " at most: " + e.getMessage());
    }
  }

  private void reachable() {
    retryDelay = Duration.ZERO;
    if (unreachable) {
      unreachable = false;
      LOG.info("the directory answers again");
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void tickSafely() {
    if (closed.get()) {
      return; // a tick already queued when close() cancelled the ticker must not register again
    }
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "client maintenance failed", e);
    }
  }

  private void tick() {
    Instant now = clock.instant();
    if (watching && !now.isBefore(renewAt)) {
      try {
        MusicDirectory dir = directory();
        lease = dir.renew(lease.id(), watchLease);
        renewAt = now.plus(lease.duration().dividedBy(2));
        // Cheap audit at each renewal: a missed callback cannot leave a ghost for long.
        reconcile(dir.soundSmiths());
      } catch (UnknownLeaseException e) {
        LOG.info("directory registration was lost; registering again");
        subscribe();
      } catch (RemoteException e) {
        lost(now, "cannot renew the directory registration", e);
      }
    } else if (!watching && !now.isBefore(nextPollAt)) {
      nextPollAt = now.plus(pollInterval);
      subscribe();
    }
    for (Tracked t : tracked.values()) {
      if (t.entry.info().catalogVersion() > t.held && !now.isBefore(t.retryAt)) {
        fetch(t);
      }
    }
  }

  private void reconcile(List<SoundSmithEntry> live) {
    Set<SoundSmithId> seen = new HashSet<>();
    for (SoundSmithEntry e : live) {
      seen.add(e.id());
      arrivedOrChanged(e);
    }
    for (SoundSmithId id : List.copyOf(tracked.keySet())) {
      if (!seen.contains(id)) {
        forget(id);
      }
    }
  }

  private void arrivedOrChanged(SoundSmithEntry entry) {
    Tracked t = tracked.get(entry.id());
    boolean infoChanged;
    if (t == null) {
      t = new Tracked(entry);
      tracked.put(entry.id(), t);
      infoChanged = true;
    } else {
      boolean restarted = !t.entry.soundSmith().equals(entry.soundSmith());
      infoChanged = restarted || !t.entry.info().equals(entry.info());
      if (restarted || entry.info().catalogVersion() < t.held) {
        // A restarted SoundSmith (a new remote object) or one whose catalog went back, say to a
        // rebuilt index, numbers its versions afresh: a delta against what we hold means
        // nothing. Fetch it whole; the full delta replaces its songs.
        t.held = -1;
        t.retryAt = Instant.MIN;
      }
      t.entry = entry;
    }
    if (entry.info().catalogVersion() > t.held) {
      fetch(t);
    }
    if (infoChanged) {
      List<SoundSmithInfo> live = soundSmiths();
      fire(l -> l.soundSmithsChanged(live));
    }
  }

  private void forget(SoundSmithId id) {
    if (tracked.remove(id) == null) {
      return;
    }
    CatalogChange change = catalog.drop(id);
    List<SoundSmithInfo> live = soundSmiths();
    fire(l -> l.soundSmithsChanged(live));
    fire(l -> l.catalogChanged(change));
  }

  private void fetch(Tracked t) {
    SoundSmithEntry entry = t.entry;
    long since = Math.max(t.held, 0);
    try {
      CatalogDelta delta = entry.soundSmith().catalog(since);
      if (!delta.soundSmith().equals(entry.id())) {
        throw new RemoteException("answered for " + delta.soundSmith());
      }
      boolean restart = !delta.full() && delta.fromVersion() != since;
      if (restart) {
        // A delta from another version cannot be applied to what we hold: take everything again.
        delta = entry.soundSmith().catalog(0);
      }
      if (tracked.get(entry.id()) != t) {
        return; // departed while we were asking
      }
      if (restart && !delta.full()) {
        catalog.drop(entry.id());
      }
      CatalogChange change = catalog.apply(delta, entry.info().kind());
      t.held = delta.toVersion();
      t.retryAt = Instant.MIN;
      if (!change.isEmpty()) {
        fire(l -> l.catalogChanged(change));
      }
    } catch (RemoteException | RuntimeException e) {
      t.retryAt = clock.instant().plus(pollInterval);
      LOG.warning("cannot fetch the catalog of SoundSmith '" + entry.info().name() + "' (" + entry.id()
          + "), retrying in " + pollInterval + ": " + e.getMessage());
    }
  }

  private void cancelLease() {
    if (lease != null && directory != null) {
      try {
        directory.cancel(lease.id());
      } catch (RemoteException | UnknownLeaseException e) {
        LOG.fine("cancel of directory registration failed: " + e.getMessage());
      }
      lease = null;
      watching = false;
    }
  }

  private void fire(Consumer<CatalogListener> call) {
    for (CatalogListener l : listeners) {
      try {
        events.execute(() -> {
          try {
            call.accept(l);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "catalog listener failed", e);
          }
        });
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  /** Configures a {@link JukeboxClient}; every setting has a sensible default. Not thread-safe. */
  public static final class Builder {
    private final DirectoryLookup lookup;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private RemoteExporter exporter;
    private Duration tickInterval = Duration.ofSeconds(1);
    private Duration pollInterval = Duration.ofSeconds(10);
    private Duration watchLease = Duration.ofMinutes(1);
    private Duration startTimeout = Duration.ofSeconds(10);
    private AudioSink audioSink;
    private Random random = new Random();
    private HttpClient httpClient;

    private Builder(DirectoryLookup lookup) {
      this.lookup = lookup;
    }

    /** The clock that times lease renewal and polling; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The single-threaded scheduler that runs the client's remote calls; the caller keeps
     * ownership and shuts it down. Default: a daemon thread owned by the client.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The exporter for the directory callback; the caller keeps ownership. Default: a new one on any port. */
    public Builder exporter(RemoteExporter exporter) {
      this.exporter = Objects.requireNonNull(exporter, "exporter");
      return this;
    }

    /**
     * How often the client checks, against its clock, whether the lease is due for renewal, a
     * poll is due or a failed catalog fetch should be retried; default 1 s.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder tickInterval(Duration tickInterval) {
      this.tickInterval = positive(tickInterval, "tickInterval");
      return this;
    }

    /**
     * How often the directory is polled when callbacks are unavailable, and the longest wait
     * between attempts to find it again when it does not answer; default 10 s.
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /** The callback lease to ask the directory for; renewed at half of what is granted. Default 1 min. */
    public Builder watchLease(Duration watchLease) {
      this.watchLease = positive(watchLease, "watchLease");
      return this;
    }

    /** How long {@link JukeboxClient#start()} waits for the first sync; default 10 s. */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = positive(startTimeout, "startTimeout");
      return this;
    }

    /** Where the player writes PCM; default {@link AudioSinks#best()}. */
    public Builder audioSink(AudioSink audioSink) {
      this.audioSink = Objects.requireNonNull(audioSink, "audioSink");
      return this;
    }

    /** The randomness behind shuffle (seed it in tests); default a new {@link Random}. */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The HTTP client that fetches audio; default one made by the player. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** A new client, not yet started. */
    public JukeboxClient build() {
      return new JukeboxClient(this);
    }

    static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
