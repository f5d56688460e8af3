package org.jukebox.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.Registry;
import java.rmi.server.ExportException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SessionDirectory;
import org.jukebox.directory.internal.DirectoryService;
import org.jukebox.directory.internal.SessionTable;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecurityConfig;

/**
 * A MusicDirectory served over RMI: an RMI registry and the directory object, sharing one TCP
 * port (so a firewall needs one hole), the directory bound as {@link MusicDirectory#REGISTRY_NAME} and its session side (presence,
 * ACLs, the session table) as {@link SessionDirectory#REGISTRY_NAME}.
 * Clients find it with {@code RemoteLookup.directory(HostPort)}.
 *
 * <p>Built with {@link #builder()}; {@link #start()} listens, {@link #close()} stops within a
 * few seconds and may be called any number of times. Thread-safe.
 */
public final class DirectoryServer implements AutoCloseable {
  /**
   * The name a directory's service certificate carries, and so what clients expect to reach
   * (see {@code jukebox keys issue-service}).
   */
  public static final String SERVICE_NAME = RemoteLookup.DIRECTORY_SERVICE;

  /** The longest lease granted unless configured otherwise. */
  public static final Duration DEFAULT_MAX_LEASE = Duration.ofSeconds(30);
  /** How often expired entries are swept unless configured otherwise. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger(DirectoryServer.class.getName());
  /** Tries at picking a free port for port 0 before giving up (another process may take it). */
  private static final int FREE_PORT_ATTEMPTS = 5;
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(3);

  private final int requestedPort;
  /** SecureRMI settings, or null for plain RMI. */
  private final SecurityConfig security;
  private final Duration sweepInterval;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final DirectoryService directory;
  private final SessionTable sessions;

  private enum State { NEW, STARTED, CLOSED }

  private State state = State.NEW;
  private int port;
  private Registry registry;
  private RemoteExporter exporter;
  private ScheduledFuture<?> sweeping;
  private Thread shutdownHook;

  DirectoryServer(int port, Clock clock, Duration maxLease, Duration sweepInterval,
      ScheduledExecutorService scheduler, SecurityConfig security, Duration sessionTakeover) {
    this.requestedPort = port;
    this.security = security;
    this.sweepInterval = sweepInterval;
    this.ownsScheduler = scheduler == null;
    this.scheduler = scheduler != null ? scheduler : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jukebox-directory-sweeper");
      t.setDaemon(true);
      return t;
    });
    this.directory = new DirectoryService(clock, maxLease);
    this.sessions = new SessionTable(directory, clock, maxLease, security);
    if (sessionTakeover != null) {
      sessions.takeoverAfter(sessionTakeover);
    }
  }

  /** A builder with the defaults: port {@value HostPort#DEFAULT_DIRECTORY_PORT}, system UTC clock. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the registry, exports the directory on the same port, binds it and starts sweeping.
   *
   * @return this
   * @throws ExportException if the port is taken (for port 0: if no free port could be had)
   * @throws RemoteException if the registry or the export fails otherwise
   * @throws IllegalStateException if already started or closed
   */
  public synchronized DirectoryServer start() throws RemoteException {
    if (state != State.NEW) {
      throw new IllegalStateException(state == State.STARTED ? "already started" : "closed");
    }
    try {
      if (requestedPort != 0) {
        listenOn(requestedPort);
      } else {
        listenOnAFreePort();
      }
      sweeping = scheduler.scheduleWithFixedDelay(this::sweepQuietly,
          sweepInterval.toNanos(), sweepInterval.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RemoteException | RuntimeException e) {
      state = State.STARTED;
      close();
      throw e;
    }
    state = State.STARTED;
    LOG.log(Level.INFO, () -> "MusicDirectory listening on port " + port + " (max lease "
        + directory.maxLease() + ")");
    return this;
  }

  private void listenOnAFreePort() throws RemoteException {
    // The registry and the directory object share one port only when both are exported on the
    // same explicit port number, so pick a free one first. Another process may grab it between
    // the probe and the export: then try another.
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
    exporter = security == null ? RemoteExporter.onPort(p) : RemoteExporter.secure(security, p);
    registry = exporter.createRegistry();
    MusicDirectory stub = exporter.export(directory);
    registry.rebind(MusicDirectory.REGISTRY_NAME, stub);
    registry.rebind(SessionDirectory.REGISTRY_NAME, exporter.export(sessions));
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
   * The port the registry and the directory listen on (the real one when built with port 0).
   *
   * @throws IllegalStateException if not started
   */
  public synchronized int port() {
    if (state != State.STARTED) {
      throw new IllegalStateException(state == State.NEW ? "not started" : "closed");
    }
    return port;
  }

  /**
   * Closes this server when the JVM shuts down (Ctrl-C, SIGTERM), unless it was closed before.
   *
   * @return this
   */
  public synchronized DirectoryServer closeOnShutdown() {
    if (shutdownHook == null && state != State.CLOSED) {
      shutdownHook = new Thread(this::close, "jukebox-directory-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    return this;
  }

  /**
   * Unbinds and unexports the directory, removes the registry, stops sweeping and stops telling
   * listeners, within a few seconds; calls in progress fail. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    if (sweeping != null) {
      sweeping.cancel(false);
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    unlisten();
    sessions.close();
    if (!directory.close(CLOSE_BOUND)) {
      LOG.log(Level.WARNING, "a directory listener did not return within " + CLOSE_BOUND + "; left to its daemon thread");
    }
    removeShutdownHook();
    LOG.log(Level.INFO, () -> "MusicDirectory on port " + port + " closed");
  }

  private synchronized void unlisten() {
    if (registry != null) {
      try {
        registry.unbind(MusicDirectory.REGISTRY_NAME);
        registry.unbind(SessionDirectory.REGISTRY_NAME);
      } catch (NotBoundException | RemoteException e) {
        // Not bound yet, or already gone: nothing to undo.
      }
    }
    if (exporter != null) {
      exporter.close(); // unexports the registry too
      exporter = null;
    }
    registry = null;
  }

  private synchronized void removeShutdownHook() {
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down.
      }
    }
  }

  private void sweepQuietly() {
    try {
      directory.sweep();
      sessions.sweep();
    } catch (RuntimeException e) {
      // Keep the schedule alive: a throw would cancel every later sweep.
      LOG.log(Level.WARNING, "sweep failed", e);
    }
  }

  /** The hook {@link #closeOnShutdown()} registered, or null. Test seam. */
  synchronized Thread shutdownHook() {
    return shutdownHook;
  }

  /** Runs one sweep now. Test seam. */
  int sweep() {
    return directory.sweep();
  }

  /** The session table served, for in-process checks. Test seam. */
  SessionTable sessions() {
    return sessions;
  }

  /** The directory served, for in-process calls. Test seam. */
  DirectoryService directory() {
    return directory;
  }

  /**
   * Configures a {@link DirectoryServer}; every setter validates at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private int port = HostPort.DEFAULT_DIRECTORY_PORT;
    private Clock clock = Clock.systemUTC();
    private Duration maxLease = DEFAULT_MAX_LEASE;
    private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
    private ScheduledExecutorService scheduler;
    private SecurityConfig security;
    private Duration sessionTakeover;

    private Builder() {}

    /**
     * Moves the sessions of a session server whose lease has been gone for {@code after} to
     * another live session server, which continues them from their saved state. Only for session
     * servers that share one store (a JDBC URL); with separate stores a moved session would start
     * over empty, so by default sessions wait for their own server to come back.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder sessionTakeover(Duration after) {
      Objects.requireNonNull(after, "after");
      if (after.isNegative()) {
        throw new IllegalArgumentException("sessionTakeover < 0: " + after);
      }
      this.sessionTakeover = after;
      return this;
    }

    /**
     * Serves the registry and the directory over SecureRMI with these settings (its identity is
     * the directory's service certificate, conventionally for {@link #SERVICE_NAME}); without
     * this call the directory speaks plain RMI.
     */
    public Builder security(SecurityConfig security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /**
     * The port for the registry and the directory; 0 picks a free one.
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

    /** The clock leases are judged by; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The longest lease granted; a beacon asking for more gets this.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxLease(Duration maxLease) {
      this.maxLease = positive(maxLease, "maxLease");
      return this;
    }

    /**
     * How often expired entries are removed and listeners told; an entry is gone from listings
     * as soon as its lease runs out regardless.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder sweepInterval(Duration sweepInterval) {
      this.sweepInterval = positive(sweepInterval, "sweepInterval");
      return this;
    }

    /**
     * Runs sweeps on this executor instead of a thread of the server's own; the server cancels
     * its task on close but does not shut the executor down.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** A server, not yet started. */
    public DirectoryServer build() {
      return new DirectoryServer(port, clock, maxLease, sweepInterval, scheduler, security, sessionTakeover);
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
