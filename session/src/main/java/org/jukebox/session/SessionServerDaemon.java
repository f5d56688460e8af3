package org.jukebox.session;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.Registry;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.ServiceBeacon;
import org.jukebox.api.ServiceId;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecureClientSocketFactory;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.session.internal.BlobServer;
import org.jukebox.session.internal.DirectoryLink;
import org.jukebox.session.internal.RateLimiter;
import org.jukebox.session.internal.SessionService;
import org.jukebox.session.internal.SessionStore;

/**
 * A session server daemon: {@link SessionServer} over RMI (plain or SecureRMI), its sessions in a
 * JDBC store (embedded Derby under the data directory unless a JDBC URL is given), uploaded songs
 * in a blob store under the data directory served over HTTP(S), announced to a MusicDirectory
 * (kind {@value SessionServer#SERVICE_KIND}) which assigns it sessions.
 *
 * <p>A server that restarts on the same data directory (or JDBC URL) keeps its id and continues
 * every session from its saved state; listeners rejoin when their lease renewal fails.
 *
 * <p>Built with {@link #builder(Path)}; {@link #start()} serves, {@link #close()} stops within a
 * few seconds and may be called any number of times. Thread-safe.
 */
public final class SessionServerDaemon implements AutoCloseable {
  /** The name a session server's service certificate carries. */
  public static final String SERVICE_NAME = SessionServerDaemon.class.getName();
  /** The port the RMI registry and the server listen on by default. */
  public static final int DEFAULT_PORT = 4162;
  public static final Duration DEFAULT_ANNOUNCE_LEASE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_LISTENER_LEASE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_LISTENER_QUEUE = 1024;
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 64L * 1024 * 1024;
  public static final Duration DEFAULT_TICKET_LIFETIME = Duration.ofSeconds(30);

  private static final System.Logger LOG = System.getLogger(SessionServerDaemon.class.getName());
  private static final String ID_FILE = "server-id";

  private final Builder b;
  private enum State { NEW, STARTED, CLOSED }
  private State state = State.NEW;
  private ServiceId id;
  private SessionStore store;
  private BlobServer blobs;
  private SessionService service;
  private RemoteExporter exporter;
  private Registry registry;
  private SessionServer stub;
  private ScheduledExecutorService scheduler;
  private DirectoryLink link;
  private int port;
  private Thread shutdownHook;

  private SessionServerDaemon(Builder b) {
    this.b = b;
  }

  /** A builder for a server keeping its id, store and blobs under {@code dataDir}. */
  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /**
   * Opens the store, takes on its sessions, starts HTTP(S), exports the server and starts
   * announcing it.
   *
   * @return this
   * @throws IOException if the data directory, the store, the HTTP port or the export fails
   * @throws IllegalStateException if already started or closed
   */
  public synchronized SessionServerDaemon start() throws IOException {
    if (state != State.NEW) {
      throw new IllegalStateException(state == State.STARTED ? "already started" : "closed");
    }
    state = State.STARTED;
    try {
      Files.createDirectories(b.dataDir);
      id = b.id != null ? b.id : persistentId(b.dataDir);
      String url = b.jdbcUrl != null ? b.jdbcUrl : SessionStore.embeddedUrl(b.dataDir);
      try {
        store = SessionStore.open(url, id.value());
      } catch (SQLException e) {
        throw new IOException("cannot open the session store at " + url + ": " + e.getMessage(), e);
      }
      blobs = BlobServer.start(b.dataDir.resolve("blobs"), b.clock, b.ticketLifetime, b.maxUploadBytes,
          new InetSocketAddress(b.httpBindAddress, b.httpPort), advertisedHost(),
          b.security == null ? null : SecureHttp.server(b.security));
      service = new SessionService(id, b.clock, store, blobs, new RateLimiter(b.clock, b.rateBurst, b.ratePerSecond),
          b.maxListenerLease, b.listenerQueue, b.security == null ? null : b.directoryPrincipal);
      int loaded;
      try {
        loaded = service.load();
      } catch (SQLException e) {
        throw new IOException("cannot read the session store: " + e.getMessage(), e);
      }
      exporter = b.security == null ? RemoteExporter.onPort(b.port) : RemoteExporter.secure(b.security, b.port);
      stub = exporter.export(service);
      if (b.port != 0) {
        registry = exporter.createRegistry();
        registry.rebind(SessionServer.REGISTRY_NAME, stub);
      }
      port = b.port;
      scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jukebox-session-housekeeping");
        t.setDaemon(true);
        return t;
      });
      long sweep = b.sweepInterval.toNanos();
      scheduler.scheduleWithFixedDelay(this::sweepQuietly, sweep, sweep, TimeUnit.NANOSECONDS);
      long watch = Math.max(TimeUnit.MILLISECONDS.toNanos(10), b.callbackTimeout.toNanos() / 4);
      scheduler.scheduleWithFixedDelay(this::cutStalledQuietly, watch, watch, TimeUnit.NANOSECONDS);
      if (b.directory != null) {
        ScheduledExecutorService linkThread = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "jukebox-session-directory-link");
          t.setDaemon(true);
          return t;
        });
        link = new DirectoryLink(lookup(b.directory), new ServiceBeacon(id, SessionServer.SERVICE_KIND, b.name, stub),
            b.announceLease, service::statuses, linkThread);
        service.link(link);
        link.start();
      }
      LOG.log(Level.INFO, "session server " + id + " started with " + loaded + " session(s) from " + url
          + "; blobs over " + (b.security == null ? "HTTP" : "HTTPS") + " on port " + blobs.port());
      return this;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private DirectoryLink.Lookup lookup(HostPort address) {
    SecurityConfig security = b.security;
    return new DirectoryLink.Lookup() {
      @Override
      public MusicDirectory music() throws RemoteException {
        return as(RemoteLookup.lookup(address, MusicDirectory.REGISTRY_NAME, MusicDirectory.class, factory()));
      }

      @Override
      public SessionDirectory sessions() throws RemoteException {
        return as(RemoteLookup.lookup(address, SessionDirectory.REGISTRY_NAME, SessionDirectory.class, factory()));
      }

      private java.rmi.server.RMIClientSocketFactory factory() {
        return security != null || ClientSecurity.installed().isPresent()
            ? SecureClientSocketFactory.forService(RemoteLookup.DIRECTORY_SERVICE) : null;
      }

      private <T extends java.rmi.Remote> T as(T stub) {
        // Call the directory as this server, whatever credentials the process installed.
        return security == null ? stub : ClientSecurity.as(security, stub);
      }
    };
  }

  private String advertisedHost() throws IOException {
    if (b.advertisedHost != null) {
      return b.advertisedHost;
    }
    InetAddress bind = InetAddress.getByName(b.httpBindAddress);
    if (!bind.isAnyLocalAddress()) {
      return b.httpBindAddress;
    }
    String rmi = System.getProperty("java.rmi.server.hostname");
    return rmi != null ? rmi : InetAddress.getLocalHost().getHostAddress();
  }

  private static ServiceId persistentId(Path dataDir) throws IOException {
    Path file = dataDir.resolve(ID_FILE);
    if (Files.exists(file)) {
      return new ServiceId(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
    byte[] bits = new byte[8];
    new SecureRandom().nextBytes(bits);
    ServiceId id = new ServiceId("session-" + HexFormat.of().formatHex(bits));
    Files.writeString(file, id.value() + "\n", StandardCharsets.UTF_8);
    return id;
  }

  /** The id it announces itself under (kept in the data directory across restarts). */
  public synchronized ServiceId id() {
    requireStarted();
    return id;
  }

  /** The remote reference clients call. */
  public synchronized SessionServer stub() {
    requireStarted();
    return stub;
  }

  /** The RMI port as configured (0 when any). */
  public synchronized int port() {
    requireStarted();
    return port;
  }

  /** The blob store's HTTP(S) port. */
  public synchronized int httpPort() {
    requireStarted();
    return blobs.port();
  }

  /** Whether the latest announcement to the directory succeeded (false without a directory). */
  public synchronized boolean announced() {
    return link != null && link.announced();
  }

  /** Closes this server when the JVM shuts down, unless it was closed before. */
  public synchronized SessionServerDaemon closeOnShutdown() {
    if (shutdownHook == null && state != State.CLOSED) {
      shutdownHook = new Thread(this::close, "jukebox-session-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    return this;
  }

  /**
   * Stops: cancels the directory lease, unexports, stops callbacks and HTTP, closes the store,
   * within a few seconds. Sessions stay in the store for the next start. Idempotent.
   */
  @Override
  public void close() {
    stop(true);
  }

  /** Stops like a crash: no lease cancelled, nobody told; the store keeps everything. Test seam. */
  void kill() {
    stop(false);
  }

  private void stop(boolean polite) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    if (link != null) {
      if (polite) {
        link.close();
      } else {
        link.closeQuietly();
      }
    }
    if (registry != null) {
      try {
        registry.unbind(SessionServer.REGISTRY_NAME);
      } catch (NotBoundException | RemoteException e) {
        // Gone already.
      }
    }
    if (exporter != null) {
      exporter.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (service != null) {
      service.close(Duration.ofSeconds(2));
    }
    if (blobs != null) {
      blobs.close();
    }
    if (store != null) {
      store.close();
      if (b.jdbcUrl == null) {
        SessionStore.shutdownEmbedded(store.url());
      }
    }
    synchronized (this) {
      if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
          // Shutting down already.
        }
      }
    }
    LOG.log(Level.INFO, () -> "session server " + id + " closed");
  }

  private void sweepQuietly() {
    try {
      service.sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "sweep failed", e);
    }
  }

  private void cutStalledQuietly() {
    try {
      service.cutStalled(b.callbackTimeout);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "watchdog failed", e);
    }
  }

  private void requireStarted() {
    if (state != State.STARTED) {
      throw new IllegalStateException(state == State.NEW ? "not started" : "closed");
    }
  }

  /** The service itself, for in-process checks. Test seam. */
  synchronized SessionService service() {
    return service;
  }

  /** The blob store. Test seam. */
  synchronized BlobServer blobs() {
    return blobs;
  }

  /**
   * Configures a {@link SessionServerDaemon}; every setter validates at once. Not thread-safe.
   */
  public static final class Builder {
    private final Path dataDir;
    private int port = DEFAULT_PORT;
    private int httpPort;
    private String httpBindAddress = "0.0.0.0";
    private String advertisedHost;
    private Clock clock = Clock.systemUTC();
    private String jdbcUrl;
    private SecurityConfig security;
    private String directoryPrincipal = RemoteLookup.DIRECTORY_SERVICE;
    private HostPort directory;
    private ServiceId id;
    private String name = "session server";
    private Duration announceLease = DEFAULT_ANNOUNCE_LEASE;
    private Duration maxListenerLease = DEFAULT_MAX_LISTENER_LEASE;
    private Duration callbackTimeout = DEFAULT_CALLBACK_TIMEOUT;
    private Duration sweepInterval = Duration.ofSeconds(1);
    private Duration ticketLifetime = DEFAULT_TICKET_LIFETIME;
    private int listenerQueue = DEFAULT_LISTENER_QUEUE;
    private int rateBurst = 50;
    private double ratePerSecond = 20;
    private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;

    private Builder(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    /** The port for the RMI registry and the server; 0 picks any (and binds no registry). */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /** The blob store's HTTP(S) port; 0 (the default) picks a free one. */
    public Builder httpPort(int port) {
      this.httpPort = checkPort(port);
      return this;
    }

    /** The address HTTP binds to; default all ({@code 0.0.0.0}). */
    public Builder httpBindAddress(String address) {
      this.httpBindAddress = notBlank(address, "httpBindAddress");
      return this;
    }

    /**
     * The host that goes into ticket URLs; default the bind address, or for a wildcard bind the
     * {@code java.rmi.server.hostname} property, else this host's address.
     */
    public Builder advertisedHost(String host) {
      this.advertisedHost = notBlank(host, "advertisedHost");
      return this;
    }

    /** The clock every stamp, lease and ticket is judged by; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Keeps sessions in this JDBC database (a Derby Network Server shared by several session
     * servers, say) instead of embedded Derby under the data directory.
     */
    public Builder jdbcUrl(String url) {
      this.jdbcUrl = notBlank(url, "jdbcUrl");
      return this;
    }

    /** Serves SecureRMI and HTTPS with these settings (its identity: conventionally {@link #SERVICE_NAME}). */
    public Builder security(SecurityConfig security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /** The service name the directory's certificate carries; only it may assign sessions (when secure). */
    public Builder directoryPrincipal(String name) {
      this.directoryPrincipal = notBlank(name, "directoryPrincipal");
      return this;
    }

    /** The directory to announce to (and report sessions to); without one, nobody assigns sessions. */
    public Builder directory(HostPort directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The id to announce under; default one made on first start and kept in the data directory. */
    public Builder id(ServiceId id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** The human-readable name in the directory. */
    public Builder name(String name) {
      this.name = notBlank(name, "name");
      return this;
    }

    /** The lease asked of the directory; announced again at half of what is granted. */
    public Builder announceLease(Duration lease) {
      this.announceLease = positive(lease, "announceLease");
      return this;
    }

    /** The longest membership lease granted to a listener. */
    public Builder maxListenerLease(Duration lease) {
      this.maxListenerLease = positive(lease, "maxListenerLease");
      return this;
    }

    /** How long a listener's callback may run before the listener is dropped. */
    public Builder callbackTimeout(Duration timeout) {
      this.callbackTimeout = positive(timeout, "callbackTimeout");
      return this;
    }

    /** How often memberships whose lease ran out are swept. */
    public Builder sweepInterval(Duration interval) {
      this.sweepInterval = positive(interval, "sweepInterval");
      return this;
    }

    /** How long upload and stream tickets stay usable. */
    public Builder ticketLifetime(Duration lifetime) {
      this.ticketLifetime = positive(lifetime, "ticketLifetime");
      return this;
    }

    /** How many updates a listener may fall behind by before it is dropped. */
    public Builder listenerQueue(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("listenerQueue < 1: " + capacity);
      }
      this.listenerQueue = capacity;
      return this;
    }

    /** Per caller: {@code burst} requests at once, {@code perSecond} sustained. */
    public Builder rateLimit(int burst, double perSecond) {
      if (burst < 1) {
        throw new IllegalArgumentException("burst < 1: " + burst);
      }
      if (!(perSecond > 0)) {
        throw new IllegalArgumentException("perSecond <= 0: " + perSecond);
      }
      this.rateBurst = burst;
      this.ratePerSecond = perSecond;
      return this;
    }

    /** The largest upload taken. */
    public Builder maxUploadBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxUploadBytes < 1: " + bytes);
      }
      this.maxUploadBytes = bytes;
      return this;
    }

    /** A server, not yet started. */
    public SessionServerDaemon build() {
      return new SessionServerDaemon(this);
    }

    private static int checkPort(int port) {
      if (port < 0) {
        throw new IllegalArgumentException("port < 0: " + port);
      }
      if (port > 65535) {
        throw new IllegalArgumentException("port > 65535: " + port);
      }
      return port;
    }

    private static String notBlank(String s, String name) {
      Objects.requireNonNull(s, name);
      if (s.isBlank()) {
        throw new IllegalArgumentException(name + " is blank");
      }
      return s;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
