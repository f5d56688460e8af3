package org.jukebox.soundsmith;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Beacon;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.CoverArt;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.NoCoverArtException;
import org.jukebox.api.PossessionChallenge;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UnknownSongException;
import org.jukebox.security.AccessPolicies;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.soundsmith.internal.Beaconer;
import org.jukebox.soundsmith.internal.CatalogStore;
import org.jukebox.soundsmith.internal.Scheduler;
import org.jukebox.soundsmith.internal.StreamServer;
import org.jukebox.soundsmith.internal.TicketBook;

/**
 * The server side of every kind of SoundSmith: it owns the versioned catalog, search, stream
 * tickets, the HTTP server that streams ticketed audio (HTTPS with the SoundSmith's certificate
 * when it has {@linkplain SoundSmithConfig#security() security}), beaconing to a
 * MusicDirectory, and the RMI export. A subclass only finds songs and says how to read their
 * bytes: it feeds the catalog through {@link #apply}, {@link #put} and {@link #remove}, each song
 * with a {@link MediaSource}, and begins that work in {@link #startIndexing()}.
 *
 * <p>Life cycle: construct (nothing is exported or bound), optionally
 * {@link #joinDirectory}, then {@link #start()} (exports through {@link RemoteExporter}, starts
 * HTTP, calls {@link #startIndexing()}, begins beaconing), then {@link #close()} (bounded and
 * idempotent: stops beaconing and cancels the lease, stops HTTP, unexports, then
 * {@link #stopIndexing()}). The catalog may be fed before {@code start()}, for example from a
 * persistent index through {@link #restoreCatalog}.
 *
 * <p>Access: {@link #openStream} asks the configured {@link SoundSmithConfig#accessPolicy()
 * access policy} whether {@link #caller()} may play the song, and the ticket it issues is bound
 * to that principal: a stream request that proves another principal
 * ({@link #streamRequester}) is refused with {@code 403}. What the policy holds for a play (a
 * group lock) is given back when the stream ends or the ticket expires unused.
 *
 * <p>Song ids must start with the SoundSmith's id and a colon ({@link #songId(String)} makes
 * them), which keeps them unique across SoundSmiths.
 *
 * <p>Thread-safe: remote calls, the HTTP threads, the beacon thread and the subclass's indexing
 * threads all use it at once.
 */
public abstract class SoundSmithServer implements SoundSmith, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SoundSmithServer.class.getName());

  /** At most one beacon per this interval is sent because of catalog changes. */
  static final Duration BEACON_COALESCE = Duration.ofSeconds(1);
  /** First wait before retrying an unreachable directory; it doubles up to {@link #MAX_BACKOFF}. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
  /** Paced streams never go slower than this (bytes per second) after their burst. */
  static final long MIN_PACE_BYTES_PER_SECOND = 128 * 1024;
  /** How long close waits for the directory to acknowledge the lease cancel. */
  static final Duration CANCEL_BOUND = Duration.ofSeconds(2);

  private final String kind;
  private final SoundSmithConfig config;
  private final CatalogStore catalog;
  private final TicketBook tickets;
  private final Scheduler testScheduler;

  private final Object lifecycle = new Object();
  private boolean started;
  private boolean closed;
  private RemoteExporter exporter;
  private volatile SoundSmith stub;
  private volatile StreamServer http;
  private volatile String urlAuthority;
  private volatile Beaconer beaconer;
  private ScheduledExecutorService beaconExecutor;
  private DirectoryLookup pendingLookup;
  private Duration pendingLease;

  /**
   * A SoundSmith of the given kind ({@link SoundSmithInfo#KIND_MP3}, {@link SoundSmithInfo#KIND_CD})
   * with the given configuration. Exports and binds nothing: {@link #start()} does.
   *
   * @throws IllegalArgumentException if the kind is not 1 to 32 of {@code [A-Za-z0-9._:-]}:
   *     {@code "kind must be 1 to 32 of [A-Za-z0-9._:-]: m p 3"}
   */
  protected SoundSmithServer(String kind, SoundSmithConfig config) {
    this(kind, config, null);
  }

  /** Test seam: beacons are scheduled on {@code beaconScheduler} (null for a real thread). */
  SoundSmithServer(String kind, SoundSmithConfig config, Scheduler beaconScheduler) {
    this.kind = checkKind(kind);
    this.config = Objects.requireNonNull(config, "config");
    this.catalog = new CatalogStore(config.id());
    this.tickets = new TicketBook(config.clock(), config.ticketLifetime());
    this.testScheduler = beaconScheduler;
  }

  // ---------------------------------------------------------------------------------------------
  // Subclass hooks

  /**
   * Begins indexing; called once at the end of {@link #start()}, after the remote object is
   * exported and HTTP serves. It may return at once and index on its own threads: songs appear
   * to clients as they are {@link #put}. Throwing fails {@code start()} (everything started is
   * closed again).
   *
   * @throws IOException if the collection cannot be read at all (missing folder, no drive)
   */
  protected abstract void startIndexing() throws IOException;

  /**
   * Stops indexing (watchers, threads) and flushes whatever the subclass persists; called once
   * by {@link #close()}, last, after remote calls and streams are cut off. Must return within a
   * couple of seconds. The default does nothing.
   */
  protected void stopIndexing() {}

  /**
   * Decides whether the current caller may play {@code song}; called by {@link #openStream}
   * before the configured access policy is asked and a ticket is issued. The default allows
   * everything: access decisions belong in {@link SoundSmithConfig#accessPolicy()}; this hook is
   * for what a kind of SoundSmith itself cannot serve.
   *
   * @throws AccessDeniedException if not; its message goes back to the caller
   */
  protected void checkAccess(Song song) throws AccessDeniedException {}

  /**
   * The principal of the remote call in progress, whom {@link #openStream} asks the access
   * policy about and binds the ticket to. Called on the RMI thread of that call. The default is
   * {@link Caller#current()}: the principal the secure channel authenticated, or
   * {@link JukeboxPrincipal#ANONYMOUS} over plain RMI. Overridable for tests and for SoundSmiths
   * that learn identities another way.
   *
   * @return never null
   */
  protected JukeboxPrincipal caller() {
    return Caller.current();
  }

  /**
   * Who an HTTP stream request proves to be (for example by its TLS client certificate), or
   * empty if it proves nobody: a ticket issued to one principal and presented by a request that
   * proves another is refused with {@code 403} and left unused; a request proving nobody
   * redeems a ticket as a bearer capability. Called on an HTTP thread for every stream request,
   * before the ticket is looked up; throwing refuses the request with {@code 403}.
   *
   * <p>The default: over HTTPS (a SoundSmith with {@linkplain SoundSmithConfig#security()
   * security}), the user named by the client certificate the request came with, as
   * {@link SecureHttp#principalOf} finds it ({@code alice (user, signature)}); nobody if it came
   * without one, or over plain HTTP.
   */
  protected Optional<JukeboxPrincipal> streamRequester(StreamRequest request) {
    Optional<SecurityConfig> security = config.security();
    if (security.isEmpty() || request.tls().isEmpty()) {
      return Optional.empty();
    }
    return SecureHttp.principalOf(request.tls().get(), security.get());
  }

  /**
   * Reads the picture stored with a song; called by {@link #coverArt} only for songs whose
   * {@link Song#hasCoverArt()} is true. The default has none.
   *
   * @param source the source the song was put with
   * @return the picture, or empty if there is none after all
   * @throws IOException if it cannot be read (reported to the caller as no cover art)
   */
  protected Optional<CoverArt> readCoverArt(Song song, MediaSource source) throws IOException {
    return Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------
  // Catalog, for subclasses

  /**
   * Applies changes as one batch and returns the catalog version after it: one more than
   * before if anything changed, unchanged for a no-op (putting a song equal to the one held,
   * which only swaps its source; removing an id not held). A later change to the same id in
   * the batch wins. A version change is announced to the directory soon after.
   *
   * @throws IllegalArgumentException if a song id does not start with this SoundSmith's id
   *     and a colon: {@code "song id x:1 does not start with alice:"}
   */
  protected final long apply(Collection<CatalogChange> changes) {
    Objects.requireNonNull(changes, "changes");
    String prefix = config.id().value() + ":";
    for (CatalogChange c : changes) {
      if (!c.id().value().startsWith(prefix)) {
        throw new IllegalArgumentException("song id " + c.id() + " does not start with " + prefix);
      }
    }
    long before = catalog.version();
    long after = catalog.apply(changes);
    if (after != before) {
      Beaconer b = beaconer;
      if (b != null) {
        b.catalogChanged();
      }
    }
    return after;
  }

  /** Adds or replaces one song; shorthand for {@code apply(List.of(CatalogChange.put(song, source)))}. */
  protected final long put(Song song, MediaSource source) {
    return apply(List.of(CatalogChange.put(song, source)));
  }

  /** Removes one song if held; shorthand for {@code apply(List.of(CatalogChange.remove(id)))}. */
  protected final long remove(SongId id) {
    return apply(List.of(CatalogChange.remove(id)));
  }

  /**
   * Loads a catalog persisted earlier (from {@link #catalogSnapshot()}), so that versions stay
   * monotonic across restarts. Must come before any other change. A client holding a version
   * older than the restored one gets the full catalog, as removals before it are not known.
   *
   * @throws IllegalStateException if the catalog was already changed or restored
   * @throws IllegalArgumentException if an entry's version exceeds the snapshot's, an id repeats,
   *     or an id does not start with this SoundSmith's id and a colon
   */
  protected final void restoreCatalog(CatalogSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    String prefix = config.id().value() + ":";
    for (CatalogEntry e : snapshot.entries()) {
      if (!e.song().id().value().startsWith(prefix)) {
        throw new IllegalArgumentException("song id " + e.song().id() + " does not start with " + prefix);
      }
    }
    catalog.restore(snapshot);
  }

  /** The whole catalog with every song's version and source, read atomically; for persisting. */
  protected final CatalogSnapshot catalogSnapshot() {
    return catalog.snapshot();
  }

  /** What the catalog holds for {@code id}: song, source and version; empty if not held. */
  protected final Optional<CatalogEntry> catalogEntry(SongId id) {
    return catalog.entry(id);
  }

  /**
   * The song id for a key local to this SoundSmith: its id, a colon, the key.
   *
   * @throws IllegalArgumentException if the key has characters outside {@code [A-Za-z0-9._:-]}
   *     or the id gets longer than 200 characters
   */
  protected final SongId songId(String localKey) {
    Objects.requireNonNull(localKey, "localKey");
    return new SongId(config.id().value() + ":" + localKey);
  }

  /** The configured clock. */
  protected final Clock clock() {
    return config.clock();
  }

  // ---------------------------------------------------------------------------------------------
  // Life cycle

  /**
   * Exports this SoundSmith, starts the HTTP server, calls {@link #startIndexing()}, and begins
   * beaconing if a directory was joined. On failure everything started is closed again.
   *
   * @throws IOException if HTTP cannot bind, the object cannot be exported, or indexing cannot begin
   * @throws IllegalStateException if already started ({@code "already started"}) or closed
   *     ({@code "closed"})
   */
  public final void start() throws IOException {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      try {
        exporter = config.security().isPresent()
            ? RemoteExporter.secure(config.security().get(), config.rmiPort())
            : RemoteExporter.onPort(config.rmiPort());
        stub = exporter.export(this);
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(config.httpBindAddress()), config.httpPort());
        java.util.function.Function<HttpExchange, JukeboxPrincipal> requester =
            ex -> streamRequester(StreamRequest.of(ex)).orElse(null);
        http = config.security().isPresent()
            ? StreamServer.startHttps(bind, tickets, config.maxConcurrentStreams(),
                SecureHttp.server(config.security().get()), requester)
            : StreamServer.start(bind, tickets, config.maxConcurrentStreams(), requester);
        urlAuthority = authority(config.advertisedHost(), http.port());
      } catch (IOException | RuntimeException e) {
        shutDown();
        closed = true;
        throw e;
      }
    }
    try {
      startIndexing();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    synchronized (lifecycle) {
      if (pendingLookup != null && !closed) {
        startBeaconing(pendingLookup, pendingLease);
      }
    }
    LOG.log(System.Logger.Level.INFO, () -> "SoundSmith " + config.id() + " (" + kind + ") streaming on "
        + scheme() + "://" + urlAuthority + "/stream/");
  }

  /**
   * Keeps this SoundSmith announced to {@code directory} for as long as it runs: a beacon at
   * start, another at half of every granted lease and soon after every catalog change, retries
   * through outages, and the lease cancelled on close. May be called before or after start.
   *
   * @param requestedLease how long each beacon asks the entry to live; positive
   * @throws IllegalArgumentException if the lease is not positive: {@code "requestedLease <= 0: PT0S"}
   * @throws IllegalStateException if a directory was joined already ({@code "already joined a
   *     directory"}) or this is closed ({@code "closed"})
   */
  public final void joinDirectory(MusicDirectory directory, Duration requestedLease) {
    Objects.requireNonNull(directory, "directory");
    joinDirectory(() -> directory, requestedLease);
  }

  /**
   * Like {@link #joinDirectory(MusicDirectory, Duration)}, but looks the directory up again after
   * every failure, so that a directory restarted with a new stub (same registry) is found.
   */
  public final void joinDirectory(DirectoryLookup lookup, Duration requestedLease) {
    Objects.requireNonNull(lookup, "lookup");
    Objects.requireNonNull(requestedLease, "requestedLease");
    if (requestedLease.isNegative() || requestedLease.isZero()) {
      throw new IllegalArgumentException("requestedLease <= 0: " + requestedLease);
    }
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (pendingLookup != null) {
        throw new IllegalStateException("already joined a directory");
      }
      pendingLookup = lookup;
      pendingLease = requestedLease;
      if (started && stub != null) {
        startBeaconing(lookup, requestedLease);
      }
    }
  }

  private void startBeaconing(DirectoryLookup lookup, Duration lease) {
    Scheduler scheduler = testScheduler;
    if (scheduler == null) {
      beaconExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soundsmith-beacon-" + config.id());
        t.setDaemon(true);
        return t;
      });
      scheduler = Scheduler.of(beaconExecutor);
    }
    Beaconer b = new Beaconer(lookup, lease, () -> new Beacon(info(), stub), scheduler, config.clock(),
        BEACON_COALESCE, FIRST_BACKOFF, MAX_BACKOFF);
    beaconer = b;
    b.start();
  }

  /**
   * Stops beaconing and cancels the lease, stops HTTP (cutting streams in progress), unexports,
   * then calls {@link #stopIndexing()} (only if {@link #start()} got that far). Bounded (a few
   * seconds at most, even when the directory is dead) and idempotent.
   */
  @Override
  public final void close() {
    boolean wasStarted;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      wasStarted = started;
      shutDown();
    }
    if (wasStarted) {
      try {
        stopIndexing();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "stopIndexing failed", e);
      }
    }
  }

  private void shutDown() {
    Beaconer b = beaconer;
    if (b != null) {
      b.close(CANCEL_BOUND);
    }
    if (beaconExecutor != null) {
      beaconExecutor.shutdownNow();
    }
    StreamServer h = http;
    if (h != null) {
      h.close();
    }
    if (exporter != null) {
      exporter.close();
    }
    // Streams are cut by now (each released its ticket as it ended); unused tickets give back
    // what they hold, so a policy that outlives this SoundSmith is not left locked.
    tickets.releaseAll();
  }

  /**
   * The exported remote reference, to hand to clients and the directory.
   *
   * @throws IllegalStateException if not started: {@code "not started"}
   */
  public final SoundSmith stub() {
    SoundSmith s = stub;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s;
  }

  /**
   * The port HTTP listens on.
   *
   * @throws IllegalStateException if not started: {@code "not started"}
   */
  public final int httpPort() {
    StreamServer h = http;
    if (h == null) {
      throw new IllegalStateException("not started");
    }
    return h.port();
  }

  /** Its kind, as given by the subclass. */
  public final String kind() {
    return kind;
  }

  /** Its configuration. */
  public final SoundSmithConfig config() {
    return config;
  }

  // ---------------------------------------------------------------------------------------------
  // The remote interface

  @Override
  public final SoundSmithInfo info() {
    long[] vs = catalog.versionAndSize();
    return new SoundSmithInfo(config.id(), config.name(), kind, vs[0], (int) vs[1]);
  }

  @Override
  public final CatalogDelta catalog(long sinceVersion) {
    return catalog.delta(sinceVersion);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code limit < 0}: {@code "limit < 0: -1"}
   */
  @Override
  public final List<Song> search(String query, int limit) {
    return catalog.search(query, limit);
  }

  @Override
  public final Song song(SongId id) throws UnknownSongException {
    return entryOrThrow(id).song();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Asks {@link #checkAccess} and then the configured access policy about {@link #caller()};
   * the ticket is bound to that principal. The URL is
   * {@code https://ADVERTISED_HOST:PORT/stream/TOKEN} when the SoundSmith has
   * {@linkplain SoundSmithConfig#security() security}, else {@code http://…}; the token is 128
   * random bits and a 64-bit MAC.
   *
   * @throws AccessDeniedException with the policy's message, for example
   *     {@code "bob may not play alice:1: not on the song's access list"}
   * @throws IllegalStateException if not started: {@code "not started"}
   */
  @Override
  public final StreamTicket openStream(SongId id) throws UnknownSongException, AccessDeniedException {
    String authority = urlAuthority;
    if (authority == null) {
      throw new IllegalStateException("not started");
    }
    CatalogEntry e = entryOrThrow(id);
    JukeboxPrincipal who = Objects.requireNonNull(caller(), "caller()");
    checkAccess(e.song());
    // Locks of tickets that expired unused are given back before the policy looks at them.
    tickets.releaseExpired();
    AccessPolicy.Grant grant = Objects.requireNonNull(config.accessPolicy().check(who, e.song()), "grant");
    String token;
    try {
      token = tickets.issue(id, e.source(), paceBytesPerSecond(e.song()), who,
          grant.holdsSomething() ? grant::release : null);
    } catch (RuntimeException ex) {
      grant.release();
      throw ex;
    }
    return new StreamTicket(id, URI.create(scheme() + "://" + authority + "/stream/" + token),
        config.ticketLifetime(), e.source().contentType(), e.source().length());
  }

  @Override
  public final CoverArt coverArt(SongId id) throws UnknownSongException, NoCoverArtException {
    CatalogEntry e = entryOrThrow(id);
    if (!e.song().hasCoverArt()) {
      throw new NoCoverArtException(id, "no cover art for song " + id);
    }
    try {
      return readCoverArt(e.song(), e.source())
          .orElseThrow(() -> new NoCoverArtException(id, "no cover art for song " + id));
    } catch (IOException ex) {
      LOG.log(System.Logger.Level.WARNING, "cannot read cover art of " + id + ": " + ex);
      throw new NoCoverArtException(id, "cover art of song " + id + " cannot be read");
    }
  }

  /** Why {@link #challengePossession} and {@link #provePossession} refuse without a possession policy. */
  static final String NO_POSSESSION_POLICY = "this SoundSmith asks for no proof of possession";

  /**
   * {@inheritDoc}
   *
   * <p>Asks the {@linkplain AccessPolicies#possessionIn possession policy} inside the configured
   * access policy for a challenge to {@link #caller()}.
   *
   * @throws AccessDeniedException {@code "this SoundSmith asks for no proof of possession"} if
   *     the access policy holds no possession policy; otherwise the policy's refusal, unchanged
   *     ({@code "song alice:b is not copyrighted here"}, {@code "anonymous cannot prove
   *     possession: only an identified principal can"}, {@code "content of song alice:a is empty:
   *     nothing to prove"}), or {@code "possession of song alice:a cannot be checked: its content
   *     cannot be read"} if the policy cannot read its own copy (the reason is logged, not sent)
   * @throws IllegalStateException if the policy has too many challenges outstanding:
   *     {@code "too many outstanding possession challenges"}
   */
  @Override
  public final PossessionChallenge challengePossession(SongId id) throws UnknownSongException, AccessDeniedException {
    entryOrThrow(id);
    AccessPolicies.Possession possession = possessionPolicy();
    JukeboxPrincipal who = Objects.requireNonNull(caller(), "caller()");
    try {
      return possession.challenge(who, id);
    } catch (IllegalArgumentException e) {
      // The song is served here but needs no proof: a refusal for the remote caller, not a bug of its own.
      throw new AccessDeniedException(e.getMessage());
    } catch (IOException e) {
      // An empty song is the policy's refusal, worded by it and naming no file: pass it on.
      if (e.getMessage() != null && e.getMessage().endsWith(": nothing to prove")) {
        throw new AccessDeniedException(e.getMessage());
      }
      throw unreadable(id, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Gives {@link #caller()}'s answer to the {@linkplain AccessPolicies#possessionIn possession
   * policy} inside the configured access policy.
   *
   * @throws AccessDeniedException {@code "this SoundSmith asks for no proof of possession"} if
   *     the access policy holds no possession policy; otherwise the policy's refusal, unchanged
   *     ({@code "bob failed the possession challenge for alice:a"}, {@code "no such possession
   *     challenge: ID"}, {@code "possession challenge ID expired"}, {@code "possession challenge
   *     ID was issued to alice, not to bob"}), or {@code "possession challenge ID cannot be
   *     checked: the song's content cannot be read"} (the reason is logged, not sent)
   */
  @Override
  public final void provePossession(String challengeId, byte[] answer) throws AccessDeniedException {
    Objects.requireNonNull(challengeId, "challengeId");
    Objects.requireNonNull(answer, "answer");
    AccessPolicies.Possession possession = possessionPolicy();
    JukeboxPrincipal who = Objects.requireNonNull(caller(), "caller()");
    try {
      possession.prove(who, challengeId, answer);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot check possession challenge " + challengeId + ": " + e);
      throw new AccessDeniedException("possession challenge " + challengeId
          + " cannot be checked: the song's content cannot be read");
    }
  }

  private AccessPolicies.Possession possessionPolicy() throws AccessDeniedException {
    Optional<AccessPolicies.Possession> p = AccessPolicies.possessionIn(config.accessPolicy());
    if (p.isEmpty()) {
      throw new AccessDeniedException(NO_POSSESSION_POLICY);
    }
    return p.get();
  }

  private static AccessDeniedException unreadable(SongId id, IOException e) {
    // The message may name a file on this host: log it, send only what failed.
    LOG.log(System.Logger.Level.WARNING, "cannot challenge possession of " + id + ": " + e);
    return new AccessDeniedException("possession of song " + id + " cannot be checked: its content cannot be read");
  }

  /** The most bytes per second a stream of the song gets after its burst; 0 for unpaced. */
  private long paceBytesPerSecond(Song song) {
    if (config.streamPacing() == 0) {
      return 0;
    }
    long realTime;
    if (!song.duration().isZero() && song.sizeBytes() > 0) {
      realTime = (long) (song.sizeBytes() / (song.duration().toMillis() / 1000.0));
    } else {
      realTime = song.bitrateKbps() * 125L;
    }
    if (realTime <= 0) {
      return 0; // nothing says how fast it plays: do not guess
    }
    // A floor, so that a song whose tags claim an absurdly low rate still arrives in good time.
    return Math.max(MIN_PACE_BYTES_PER_SECOND, realTime * config.streamPacing());
  }

  private CatalogEntry entryOrThrow(SongId id) throws UnknownSongException {
    Objects.requireNonNull(id, "id");
    return catalog.entry(id).orElseThrow(() -> new UnknownSongException(id, "unknown song " + id));
  }

  // ---------------------------------------------------------------------------------------------
  // Test seams

  /** Beacons now, outside the schedule; no-op unless beaconing. */
  final void beaconNow() {
    Beaconer b = beaconer;
    if (b != null) {
      b.beaconNow();
    }
  }

  /** The beaconer, once beaconing started; null before. */
  final Beaconer beaconer() {
    return beaconer;
  }

  /** The tickets issued, for tests of purging. */
  final TicketBook tickets() {
    return tickets;
  }

  /** The stream server, once started. */
  final StreamServer streamServer() {
    return http;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private String scheme() {
    return config.security().isPresent() ? "https" : "http";
  }

  static String authority(String host, int port) {
    // An IPv6 literal must be bracketed in a URL, or its colons read as a port.
    boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
    return (ipv6 ? "[" + host + "]" : host) + ":" + port;
  }

  private static String checkKind(String kind) {
    Objects.requireNonNull(kind, "kind");
    boolean ok = !kind.isEmpty() && kind.length() <= 32;
    for (int i = 0; ok && i < kind.length(); i++) {
      char c = kind.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':';
    }
    if (!ok) {
      throw new IllegalArgumentException("kind must be 1 to 32 of [A-Za-z0-9._:-]: " + kind);
    }
    return kind;
  }

  // ---------------------------------------------------------------------------------------------
  // Value types of the subclass API

  /**
   * One change to the catalog: put a song with the source of its bytes, or remove an id.
   * Made by {@link #put(Song, MediaSource)} and {@link #remove(SongId)}.
   *
   * @param id the song concerned
   * @param song the song to put, or null for a removal
   * @param source where its bytes come from, or null for a removal
   */
  public record CatalogChange(SongId id, Song song, MediaSource source) {
    /**
     * Checks that a put carries a song and source that agree.
     *
     * @throws IllegalArgumentException if only one of song and source is given, the song's id
     *     differs from {@code id}, or the source's length or content type differ from the song's
     *     ({@code "source of x:1 has length 10, song says 12"})
     */
    public CatalogChange {
      Objects.requireNonNull(id, "id");
      if ((song == null) != (source == null)) {
        throw new IllegalArgumentException("a put needs both song and source, a removal neither: " + id);
      }
      if (song != null) {
        if (!song.id().equals(id)) {
          throw new IllegalArgumentException("song id " + song.id() + " != change id " + id);
        }
        if (source.length() != song.sizeBytes()) {
          throw new IllegalArgumentException("source of " + id + " has length " + source.length()
              + ", song says " + song.sizeBytes());
        }
        if (!source.contentType().equals(song.contentType())) {
          throw new IllegalArgumentException("source of " + id + " has content type " + source.contentType()
              + ", song says " + song.contentType());
        }
      }
    }

    /** Adds the song, or replaces the one with its id. */
    public static CatalogChange put(Song song, MediaSource source) {
      Objects.requireNonNull(song, "song");
      Objects.requireNonNull(source, "source");
      return new CatalogChange(song.id(), song, source);
    }

    /** Removes the song with this id, if held. */
    public static CatalogChange remove(SongId id) {
      return new CatalogChange(id, null, null);
    }

    /** Whether this removes rather than puts. */
    public boolean isRemoval() {
      return song == null;
    }
  }

  /**
   * One song as the catalog holds it.
   *
   * @param song its metadata
   * @param source where its bytes come from
   * @param version the catalog version at which it was last added or changed; at least 1
   */
  public record CatalogEntry(Song song, MediaSource source, long version) {
    public CatalogEntry {
      Objects.requireNonNull(song, "song");
      Objects.requireNonNull(source, "source");
      if (version < 1) {
        throw new IllegalArgumentException("version < 1: " + version);
      }
    }
  }

  /**
   * The whole catalog at one version, as a subclass persists and restores it.
   *
   * @param version the catalog version; not negative
   * @param entries every song with its source and version, in no particular order
   */
  public record CatalogSnapshot(long version, List<CatalogEntry> entries) {
    public CatalogSnapshot {
      if (version < 0) {
        throw new IllegalArgumentException("version < 0: " + version);
      }
      entries = List.copyOf(entries);
    }
  }

  /**
   * What {@link #streamRequester} sees of an HTTP stream request: enough to tell who sent it.
   *
   * @param method {@code GET} or {@code HEAD}
   * @param headers request headers, names matched ignoring case; unmodifiable
   * @param remote the peer's address
   * @param tls the TLS session when the stream is served over HTTPS (its peer certificates name
   *     the client), else empty
   */
  public record StreamRequest(String method, Map<String, List<String>> headers, InetSocketAddress remote,
      Optional<javax.net.ssl.SSLSession> tls) {
    public StreamRequest {
      Objects.requireNonNull(method, "method");
      TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
      headers = java.util.Collections.unmodifiableMap(h);
      Objects.requireNonNull(tls, "tls");
    }

    /** The first value of a header, if present. */
    public Optional<String> header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    static StreamRequest of(HttpExchange ex) {
      return new StreamRequest(ex.getRequestMethod(), ex.getRequestHeaders(), ex.getRemoteAddress(),
          ex instanceof HttpsExchange s ? Optional.ofNullable(s.getSSLSession()) : Optional.empty());
    }
  }

  /** Finds the MusicDirectory, for example in the RMI registry on its host. */
  @FunctionalInterface
  public interface DirectoryLookup {
    /**
     * The directory's stub.
     *
     * @throws RemoteException if the registry cannot be reached
     * @throws NotBoundException if no directory is bound there (yet)
     */
    MusicDirectory lookup() throws RemoteException, NotBoundException;
  }
}
