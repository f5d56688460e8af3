package org.jukebox.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.rmi.RemoteException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.dj.DjRules;
import org.jukebox.dj.DjServer;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.jukebox.session.SessionServerDaemon;
import org.jukebox.soundsmith.SoundSmithConfig;
import org.jukebox.soundsmith.SoundSmithServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Boots a Jukebox in-process on loopback for a test: a MusicDirectory on a free port and any
 * number of SoundSmiths joined to it, each with its own data directory, all shut down within a
 * bound afterwards. Components can be killed and restarted by name ({@link #DIRECTORY} for the
 * directory), so tests can check what survives a failure.
 *
 * <p>Register it with {@code @RegisterExtension}: on a {@code static} field the system lives for
 * the whole class, on an instance field it is fresh for every test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final JukeboxExtension jukebox = JukeboxExtension.builder()
 *     .soundSmith("alice", (config, data) -> Mp3SoundSmith.builder(folder, data, config).build())
 *     .build();
 * }</pre>
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
public final class JukeboxExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  /** The name {@link #kill} and {@link #restart} know the directory by. */
  public static final String DIRECTORY = "directory";

  /** The name {@link #kill} and {@link #restart} know the DJ by (see {@link Builder#withDj()}). */
  public static final String DJ = "dj";

  /** The name of the session server {@link Builder#withSessionServer()} adds. */
  public static final String SESSION = "session";

  /** Lease each SoundSmith asks for; short so that killed components leave quickly. */
  public static final Duration SOUNDSMITH_LEASE = Duration.ofSeconds(10);

  /** Makes one SoundSmith from its configuration and its own (persistent) data directory. */
  @FunctionalInterface
  public interface SoundSmithFactory {
    SoundSmithServer create(SoundSmithConfig config, Path dataDir) throws IOException;
  }

  private final Clock clock;
  private final Duration maxLease;
  private final Map<String, SoundSmithFactory> factories;
  private final DjRules djRules;
  private final java.util.Set<String> sessionNames;
  private final Map<String, SessionServerDaemon> sessionServers = new LinkedHashMap<>();

  private Path root;
  private boolean perClass;
  private DirectoryServer directoryServer;
  private int directoryPort;
  private final Map<String, SoundSmithServer> running = new LinkedHashMap<>();
  private DjServer djServer;
  private int djPort;

  private JukeboxExtension(Builder b) {
    this.clock = b.clock;
    this.maxLease = b.maxLease;
    this.factories = new LinkedHashMap<>(b.factories);
    this.djRules = b.djRules;
    this.sessionNames = new java.util.LinkedHashSet<>(b.sessionNames);
  }

  /** A builder for an extension with a directory and no SoundSmiths yet. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------
  // JUnit life cycle

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    boot();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    shutDown();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      boot();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      shutDown();
    }
  }

  private void boot() throws IOException {
    root = Files.createTempDirectory("jukebox-test-");
    startDirectory(0);
    if (djRules != null) {
      startDj(0);
    }
    for (String name : factories.keySet()) {
      startSoundSmith(name);
    }
    for (String name : sessionNames) {
      startSessionServer(name);
    }
  }

  private void shutDown() {
    for (SoundSmithServer s : List.copyOf(running.values())) {
      s.close();
    }
    running.clear();
    for (SessionServerDaemon s : List.copyOf(sessionServers.values())) {
      s.close();
    }
    sessionServers.clear();
    if (djServer != null) {
      djServer.close();
      djServer = null;
    }
    if (directoryServer != null) {
      directoryServer.close();
      directoryServer = null;
    }
    if (root != null) {
      deleteTree(root);
      root = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What tests use

  /** Where the directory's registry listens. */
  public HostPort directoryAddress() {
    requireRunning(DIRECTORY);
    return HostPort.of("127.0.0.1", directoryPort);
  }

  /** A remote reference to the directory, looked up through its registry as a client would. */
  public MusicDirectory directory() throws RemoteException {
    return RemoteLookup.directory(directoryAddress());
  }

  /** The directory server itself, for in-process checks. */
  public DirectoryServer directoryServer() {
    requireRunning(DIRECTORY);
    return directoryServer;
  }

  /**
   * The running SoundSmith of that name.
   *
   * @throws IllegalArgumentException if none was configured under that name
   * @throws IllegalStateException if it was killed and not restarted
   */
  public SoundSmithServer soundSmith(String name) {
    requireRunning(name);
    return running.get(name);
  }

  /**
   * The running DJ (plain RMI, embedded Derby under {@code dataDir(DJ)}, announced to the
   * directory). Over plain RMI every remote caller is anonymous, so tests act as a user through
   * {@code server.local()} inside {@code Caller.callAs}, or give the client such a wrapper.
   *
   * @throws IllegalArgumentException if the extension was built without {@link Builder#withDj()}
   * @throws IllegalStateException if it was killed and not restarted
   */
  public DjServer dj() {
    requireRunning(DJ);
    return djServer;
  }

  /**
   * The running session server of that name (plain RMI, embedded Derby and blobs under
   * {@code dataDir(name)}, announced to the directory as kind {@code session}).
   *
   * @throws IllegalArgumentException if none was configured under that name
   * @throws IllegalStateException if it was killed and not restarted
   */
  public SessionServerDaemon sessionServer(String name) {
    requireRunning(name);
    if (!sessionNames.contains(name)) {
      throw new IllegalArgumentException(name + " is not a session server");
    }
    return sessionServers.get(name);
  }

  /** The data directory of a component; it outlives kills and restarts, not the extension. */
  public Path dataDir(String name) {
    requireKnown(name);
    return root.resolve(name);
  }

  /** A scratch folder for the test (for example a music library), deleted with the rest. */
  public Path scratch(String name) throws IOException {
    return Files.createDirectories(root.resolve("scratch").resolve(name));
  }

  /**
   * Stops a component now. A SoundSmith cancels its lease on the way out; the directory simply
   * disappears (SoundSmiths keep retrying until it comes back).
   */
  public void kill(String name) {
    requireRunning(name);
    if (DIRECTORY.equals(name)) {
      directoryServer.close();
      directoryServer = null;
    } else if (DJ.equals(name)) {
      djServer.close();
      djServer = null;
    } else if (sessionNames.contains(name)) {
      sessionServers.remove(name).close(); // its sessions stay in its store
    } else {
      running.remove(name).close();
    }
  }

  /**
   * Starts a killed component again: the directory or the DJ on its old port (the DJ on its old
   * database), a SoundSmith on its old data.
   */
  public void restart(String name) throws IOException {
    requireKnown(name);
    if (isRunning(name)) {
      throw new IllegalStateException(name + " is running; kill it first");
    }
    if (DIRECTORY.equals(name)) {
      startDirectory(directoryPort);
    } else if (DJ.equals(name)) {
      startDj(djPort);
    } else if (sessionNames.contains(name)) {
      startSessionServer(name);
    } else {
      startSoundSmith(name);
    }
  }

  /** Whether the named component is up. */
  public boolean isRunning(String name) {
    requireKnown(name);
    if (DJ.equals(name)) {
      return djServer != null;
    }
    if (sessionNames.contains(name)) {
      return sessionServers.containsKey(name);
    }
    return DIRECTORY.equals(name) ? directoryServer != null : running.containsKey(name);
  }

  /**
   * Waits until the directory lists exactly the named SoundSmiths.
   *
   * @throws AssertionError if that does not happen within {@code timeout}
   */
  public List<SoundSmithEntry> awaitListed(Duration timeout, String... names) throws RemoteException {
    MusicDirectory dir = directory();
    List<SoundSmithId> want = java.util.Arrays.stream(names).map(SoundSmithId::new).sorted().toList();
    java.util.concurrent.atomic.AtomicReference<List<SoundSmithEntry>> last =
        new java.util.concurrent.atomic.AtomicReference<>(List.of());
    await(timeout, "directory to list " + want, () -> {
      try {
        last.set(dir.soundSmiths());
      } catch (RemoteException e) {
        return false;
      }
      return last.get().stream().map(SoundSmithEntry::id).toList().equals(want);
    });
    return last.get();
  }

  /**
   * Polls {@code condition} until it holds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  public static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        // A poll interval, not a wait for time to pass: the deadline bounds the loop.
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void startDirectory(int port) {
    DirectoryServer server = DirectoryServer.builder().port(port).clock(clock).maxLease(maxLease).build();
    try {
      server.start();
    } catch (RemoteException e) {
      throw new IllegalStateException("cannot start the directory on port " + port + ": " + e.getMessage(), e);
    }
    directoryServer = server;
    directoryPort = server.port();
  }

  private void startDj(int port) throws IOException {
    int dirPort = directoryPort;
    DjServer server = DjServer.builder().port(port).clock(clock).rules(djRules)
        .dataDir(Files.createDirectories(root.resolve(DJ))).random(new java.util.Random(1))
        .directory(() -> RemoteLookup.directory(HostPort.of("127.0.0.1", dirPort))).lease(SOUNDSMITH_LEASE).build();
    try {
      server.start();
    } catch (RemoteException e) {
      throw new IllegalStateException("cannot start the DJ on port " + port + ": " + e.getMessage(), e);
    }
    djServer = server;
    djPort = server.port();
  }

  private void startSessionServer(String name) throws IOException {
    SessionServerDaemon server = SessionServerDaemon.builder(Files.createDirectories(root.resolve(name))).port(0)
        .clock(clock).name(name).directory(HostPort.of("127.0.0.1", directoryPort)).httpBindAddress("127.0.0.1")
        .announceLease(SOUNDSMITH_LEASE).build();
    server.start();
    sessionServers.put(name, server);
  }

  private void startSoundSmith(String name) throws IOException {
    Path data = Files.createDirectories(root.resolve(name));
    SoundSmithConfig config = SoundSmithConfig.builder(new SoundSmithId(name), name)
        .clock(clock)
        .httpBindAddress("127.0.0.1")
        .advertisedHost("127.0.0.1")
        .build();
    SoundSmithServer server = factories.get(name).create(config, data);
    int port = directoryPort;
    server.joinDirectory(() -> RemoteLookup.directory(HostPort.of("127.0.0.1", port)), SOUNDSMITH_LEASE);
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    running.put(name, server);
  }

  private void requireKnown(String name) {
    Objects.requireNonNull(name, "name");
    if (!DIRECTORY.equals(name) && !factories.containsKey(name) && !(DJ.equals(name) && djRules != null)
        && !sessionNames.contains(name)) {
      throw new IllegalArgumentException("no component named " + name + "; known: "
          + DIRECTORY + (djRules != null ? ", " + DJ : "") + ", " + String.join(", ", factories.keySet())
          + (sessionNames.isEmpty() ? "" : ", " + String.join(", ", sessionNames)));
    }
    if (root == null) {
      throw new IllegalStateException("the extension is not running (register it with @RegisterExtension)");
    }
  }

  private void requireRunning(String name) {
    requireKnown(name);
    if (!isRunning(name)) {
      throw new IllegalStateException(name + " is not running");
    }
  }

  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete test data under " + dir, e);
    }
  }

  /** Configures a {@link JukeboxExtension}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration maxLease = DirectoryServer.DEFAULT_MAX_LEASE;
    private final Map<String, SoundSmithFactory> factories = new LinkedHashMap<>();
    private DjRules djRules;
    private final java.util.Set<String> sessionNames = new java.util.LinkedHashSet<>();

    private Builder() {}

    /** Adds a session server named {@value #SESSION}. */
    public Builder withSessionServer() {
      return sessionServer(SESSION);
    }

    /**
     * Adds a session server under this name (add two to see sessions spread), started after the
     * directory and announced to it; {@link #kill} closes it with its sessions kept in its store,
     * {@link #restart} continues them.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    public Builder sessionServer(String name) {
      Objects.requireNonNull(name, "name");
      if (DIRECTORY.equals(name) || DJ.equals(name) || factories.containsKey(name) || sessionNames.contains(name)) {
        throw new IllegalArgumentException("component name taken: " + name);
      }
      sessionNames.add(name);
      return this;
    }

    /** Adds a DJ with the default rules, started after the directory and announced to it. */
    public Builder withDj() {
      return withDj(DjRules.defaults());
    }

    /** Adds a DJ with these rules. */
    public Builder withDj(DjRules rules) {
      this.djRules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** The clock every component reads (leases, tickets). Default: the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The longest lease the directory grants. */
    public Builder maxLease(Duration maxLease) {
      this.maxLease = Objects.requireNonNull(maxLease, "maxLease");
      return this;
    }

    /**
     * Adds a SoundSmith, started after the directory and joined to it; its id is its name.
     *
     * @throws IllegalArgumentException if the name is taken or is {@value #DIRECTORY}
     */
    public Builder soundSmith(String name, SoundSmithFactory factory) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(factory, "factory");
      new SoundSmithId(name);
      if (DIRECTORY.equals(name) || DJ.equals(name) || factories.containsKey(name) || sessionNames.contains(name)) {
        throw new IllegalArgumentException("component name taken: " + name);
      }
      factories.put(name, factory);
      return this;
    }

    public JukeboxExtension build() {
      return new JukeboxExtension(this);
    }
  }
}
