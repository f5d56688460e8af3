package org.jukebox.dj;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.Registry;
import java.rmi.server.ExportException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.ServiceId;
import org.jukebox.dj.internal.DjService;
import org.jukebox.dj.internal.DjStore;
import org.jukebox.dj.internal.Model;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.ServiceAnnouncer;

/**
 * A DJ served over RMI: its store (embedded Derby under a data directory, or a JDBC URL), its
 * in-memory model rebuilt from the stored events at start, an RMI registry and the
 * {@link DiscJockey} sharing one port (bound as {@link DiscJockey#REGISTRY_NAME}), background
 * retraining, and, when given a directory, announcements of kind {@link DiscJockey#SERVICE_KIND}.
 *
 * <p>Built with {@link #builder()}; {@link #start()} opens the store and listens; {@link #close()}
 * stops within a few seconds and may be called any number of times. Thread-safe.
 */
public final class DjServer implements AutoCloseable {
  /** The name a DJ's service certificate carries, and so what clients expect to reach. */
  public static final String SERVICE_NAME = "org.jukebox.dj.DjServer";
  /** The port a DJ listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 4163;

  private static final System.Logger LOG = System.getLogger(DjServer.class.getName());
  private static final int FREE_PORT_ATTEMPTS = 5;
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(3);

  private final Builder config;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  /** Announcements get their own thread: a long training must never let the lease run out. */
  private final ScheduledExecutorService announcing;
  private final AtomicBoolean training = new AtomicBoolean();

  private enum State { NEW, STARTED, CLOSED }

  private State state = State.NEW;
  private int port;
  private DjStore store;
  private DjService service;
  private DjEngine engine;
  private Registry registry;
  private RemoteExporter exporter;
  private DiscJockey stub;
  private ServiceAnnouncer announcer;
  private ScheduledFuture<?> periodic;
  private Thread shutdownHook;

  private DjServer(Builder b) {
    this.config = b;
    this.clock = b.clock;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jukebox-dj-training");
      t.setDaemon(true);
      return t;
    });
    this.announcing = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jukebox-dj-announcer");
      t.setDaemon(true);
      return t;
    });
  }

  /** A builder with the defaults: port {@value #DEFAULT_PORT}, system UTC clock, default rules, item-based. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens the store (creating and migrating its schema), rebuilds preferences from every stored
   * event, starts listening and announcing, and schedules training.
   *
   * @return this
   * @throws IllegalStateException naming the path or URL and the cause if the database cannot be
   *     opened (in use by another DJ, corrupt, newer than this code); if already started or closed
   * @throws ExportException if the port is taken
   * @throws RemoteException if the registry or the export fails otherwise
   */
  public synchronized DjServer start() throws RemoteException {
    if (state != State.NEW) {
      throw new IllegalStateException(state == State.STARTED ? "already started" : "closed");
    }
    try {
      store = config.jdbcUrl != null ? DjStore.openUrl(config.jdbcUrl) : DjStore.openEmbedded(config.dataDir);
      Model model = new Model(config.rules, clock, config.recommender, config.random);
      engine = new DjEngine(model, Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
      service = new DjService(model, store, this::maybeRetrain);
      long t0 = System.nanoTime();
      long loaded;
      try {
        loaded = service.load();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the DJ database at " + store.where() + ": "
            + e.getMessage(), e);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      LOG.log(Level.INFO, () -> "DJ loaded " + loaded + " events from " + store.where() + " in " + ms + " ms");
      if (config.listen) {
        if (config.port != 0) {
          listenOn(config.port);
        } else {
          listenOnAFreePort();
        }
      }
      if (loaded > 0) {
        executor.execute(this::retrainQuietly);
      }
      long every = config.rules.retrainInterval().toMillis();
      if (every > 0) {
        periodic = executor.scheduleWithFixedDelay(() -> {
          if (service.model().sinceTraining() > 0) {
            retrainQuietly();
          }
        }, every, every, TimeUnit.MILLISECONDS);
      }
      if (config.directory != null && stub != null) {
        ServiceId id = config.serviceId != null ? config.serviceId : new ServiceId("dj-"
            + System.getProperty("java.rmi.server.hostname", "127.0.0.1").replaceAll("[^A-Za-z0-9._:-]", "_") + "-"
            + port);
        ServiceBeacon beacon = new ServiceBeacon(id, DiscJockey.SERVICE_KIND, config.name, stub);
        announcer = ServiceAnnouncer.builder(config.directory, () -> beacon).lease(config.lease).clock(clock)
            .scheduler(announcing).build();
        announcer.start();
      }
    } catch (RemoteException | RuntimeException e) {
      state = State.STARTED;
      close();
      throw e;
    }
    state = State.STARTED;
    LOG.log(Level.INFO, () -> "DJ " + (stub != null ? "listening on port " + port : "in-process") + " ("
        + (exporter != null && exporter.isSecure() ? "SecureRMI" : "plain RMI") + ", " + config.recommender + ")");
    return this;
  }

  private void maybeRetrain(long sinceTraining) {
    if (sinceTraining >= config.rules.retrainEvery() && !training.get()) {
      executor.execute(this::retrainQuietly);
    }
  }

  private void retrainQuietly() {
    if (!training.compareAndSet(false, true)) {
      return;
    }
    try {
      long t0 = System.nanoTime();
      engine.retrain();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      LOG.log(Level.DEBUG, () -> "DJ retrained in " + ms + " ms: " + engine.stats());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "DJ training failed", e);
    } finally {
      training.set(false);
    }
  }

  /**
   * Retrains the recommender now on the calling thread and returns when done.
   *
   * @throws IllegalStateException if not started
   */
  public void retrain() {
    DjEngine e;
    synchronized (this) {
      requireStarted();
      e = engine;
    }
    e.retrain();
  }

  private void listenOnAFreePort() throws RemoteException {
    ExportException last = null;
    for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
      int candidate = probeFreePort();
      try {
        listenOn(candidate);
        return;
      } catch (ExportException e) {
        last = e;
        unlisten();
      }
    }
    throw last;
  }

  private void listenOn(int p) throws RemoteException {
    exporter = config.security == null ? RemoteExporter.onPort(p) : RemoteExporter.secure(config.security, p);
    registry = exporter.createRegistry();
    stub = exporter.export(service);
    registry.rebind(DiscJockey.REGISTRY_NAME, stub);
    port = p;
  }

  private static int probeFreePort() {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  /**
   * The port the registry and the DJ listen on.
   *
   * @throws IllegalStateException if not started, or started without listening
   */
  public synchronized int port() {
    requireStarted();
    if (stub == null) {
      throw new IllegalStateException("not listening (built with listen(false))");
    }
    return port;
  }

  /**
   * The remote stub, as clients get it.
   *
   * @throws IllegalStateException if not started or not listening
   */
  public synchronized DiscJockey stub() {
    port();
    return stub;
  }

  /**
   * The service object itself, for in-process calls (they act for {@code Caller.current()}, so
   * wrap them in {@code Caller.callAs}).
   *
   * @throws IllegalStateException if not started
   */
  public synchronized DiscJockey local() {
    requireStarted();
    return service;
  }

  /**
   * The engine behind the service (same model), for statistics and evaluation.
   *
   * @throws IllegalStateException if not started
   */
  public synchronized DjEngine engine() {
    requireStarted();
    return engine;
  }

  /** The announcer, or null when no directory was given (test seam). */
  synchronized ServiceAnnouncer announcer() {
    return announcer;
  }

  private void requireStarted() {
    if (state != State.STARTED) {
      throw new IllegalStateException(state == State.NEW ? "not started" : "closed");
    }
  }

  /**
   * Closes this server when the JVM shuts down (Ctrl-C, SIGTERM), unless it was closed before.
   *
   * @return this
   */
  public synchronized DjServer closeOnShutdown() {
    if (shutdownHook == null && state != State.CLOSED) {
      shutdownHook = new Thread(this::close, "jukebox-dj-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    return this;
  }

  /**
   * Stops announcing (cancelling the lease), unbinds and unexports, stops training and closes
   * the store, within a few seconds. Idempotent.
   */
  @Override
  public void close() {
    ServiceAnnouncer a;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      a = announcer;
    }
    if (a != null) {
      a.close(CLOSE_BOUND);
    }
    if (periodic != null) {
      periodic.cancel(false);
    }
    executor.shutdownNow();
    announcing.shutdownNow();
    unlisten();
    try {
      // Training holds no database resources; wait briefly so the store closes after it.
      executor.awaitTermination(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (store != null) {
        store.close();
      }
      if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
          // already shutting down
        }
      }
    }
    LOG.log(Level.INFO, () -> "DJ closed");
  }

  private synchronized void unlisten() {
    if (registry != null) {
      try {
        registry.unbind(DiscJockey.REGISTRY_NAME);
      } catch (NotBoundException | RemoteException e) {
        // not bound yet, or already gone
      }
    }
    if (exporter != null) {
      exporter.close();
      exporter = null;
    }
    registry = null;
  }

  /**
   * Configures a {@link DjServer}; every setter validates at once. Not thread-safe.
   */
  public static final class Builder {
    private int port = DEFAULT_PORT;
    private boolean listen = true;
    private Clock clock = Clock.systemUTC();
    private Path dataDir;
    private String jdbcUrl;
    private SecurityConfig security;
    private DjRules rules = DjRules.defaults();
    private Recommender recommender = Recommender.ITEM_BASED;
    private Random random = new Random();
    private ServiceAnnouncer.DirectoryLookup directory;
    private ServiceId serviceId;
    private String name = "DJ";
    private Duration lease = ServiceAnnouncer.DEFAULT_LEASE;

    private Builder() {}

    /**
     * The port for the registry and the DJ; 0 picks a free one.
     *
     * @throws IllegalArgumentException if outside 0..65535
     */
    public Builder port(int port) {
      if (port < 0) {
        throw new IllegalArgumentException("port < 0: " + port);
      }
      if (port > 65535) {
        throw new IllegalArgumentException("port > 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** Whether to export over RMI at all; {@code false} gives an in-process DJ ({@link #local()}). Default true. */
    public Builder listen(boolean listen) {
      this.listen = listen;
      return this;
    }

    /** The clock event times, fading and rate limits go by; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Keeps the embedded Derby database under {@code dir} ({@code dir/db}, lock {@code dir/dj.lock}). */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      this.jdbcUrl = null;
      return this;
    }

    /**
     * Keeps the data in the database at this JDBC URL instead (a Derby Network Server, another
     * database whose driver is on the class path).
     *
     * @throws IllegalArgumentException if it does not start with {@code jdbc:}
     */
    public Builder jdbcUrl(String url) {
      Objects.requireNonNull(url, "jdbcUrl");
      if (!url.startsWith("jdbc:")) {
        throw new IllegalArgumentException("not a JDBC URL: " + url);
      }
      this.jdbcUrl = url;
      this.dataDir = null;
      return this;
    }

    /** Serves over SecureRMI with these settings (conventionally {@link #SERVICE_NAME}'s certificate). */
    public Builder security(SecurityConfig security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /** The rules; default {@link DjRules#defaults()}. */
    public Builder rules(DjRules rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** Which recommender finds discoveries; default {@link Recommender#ITEM_BASED}. */
    public Builder recommender(Recommender recommender) {
      this.recommender = Objects.requireNonNull(recommender, "recommender");
      return this;
    }

    /** The source of last-resort random picks (seed it in tests). */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Announces itself to the directory {@code lookup} finds, again and again while it runs. */
    public Builder directory(ServiceAnnouncer.DirectoryLookup lookup) {
      this.directory = Objects.requireNonNull(lookup, "directory");
      return this;
    }

    /** Announces itself to the directory at {@code address} (looked up again after failures). */
    public Builder directory(HostPort address) {
      Objects.requireNonNull(address, "address");
      return directory(() -> RemoteLookup.directory(address));
    }

    /** The id it announces under; default {@code dj-HOST-PORT}. */
    public Builder serviceId(ServiceId id) {
      this.serviceId = Objects.requireNonNull(id, "serviceId");
      return this;
    }

    /** The human-readable name it announces; default "DJ". */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name is blank");
      }
      this.name = name;
      return this;
    }

    /**
     * The lease to ask the directory for.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease");
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease <= 0: " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * A server, not yet started.
     *
     * @throws IllegalStateException if neither a data directory nor a JDBC URL was given
     */
    public DjServer build() {
      if (dataDir == null && jdbcUrl == null) {
        throw new IllegalStateException("no store: call dataDir(DIR) or jdbcUrl(URL)");
      }
      return new DjServer(this);
    }
  }
}
