package org.jukebox.bench.dj;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.ListeningEvent;
import org.jukebox.dj.DjEngine;
import org.jukebox.dj.DjRules;
import org.jukebox.dj.DjServer;
import org.jukebox.security.Caller;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.SecureClientSocketFactory;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Durable ingest (issue 5: at least 5,000 durable events/s): a real {@link DjServer} on embedded
 * Derby in a fresh folder, called the way clients call it, {@code DiscJockey.report(batch)} over
 * SecureRMI on 127.0.0.1 (TLS 1.3, each reporting thread authenticated as its own user with a
 * certificate of a PKI made for the run). A report returns once its batch is committed to Derby
 * (one transaction per call, Derby's default durability: the log is forced to disk at commit).
 *
 * <p>The events are those of a generated {@link History}, in time order, cut into batches that
 * the threads take in turn. For each batch size a new server and database; a round reports until
 * all events are in or the time limit passes. Then the server is closed, a new one opened on the
 * same folder, and the events it replays from Derby are counted: every acknowledged event must be
 * there. The per-principal rate limit (200 events/s by default, the protection against floods)
 * is raised for the run, since the figure is what the server can store, not one user's share.
 */
public final class DjIngest {
  private DjIngest() {}

  /** What to run; validated at construction with exact messages. */
  record Params(int[] batchSizes, int threads, int events, Duration limit, boolean rmi, long seed) {
    Params {
      batchSizes = batchSizes.clone();
      if (batchSizes.length == 0) {
        throw new IllegalArgumentException("no batch sizes");
      }
      for (int b : batchSizes) {
        Ranges.check("batch", b, 1, DjRules.defaults().maxBatch());
      }
      Ranges.check("threads", threads, 1, 64);
      Ranges.check("events", events, 1, 5_000_000);
      if (limit.isNegative() || limit.isZero() || limit.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("limit not in (0, 10 min]: " + limit);
      }
    }
  }

  /** One batch size. */
  record Round(int batch, int threads, long acknowledged, long calls, long nanos, Latencies latency, long durable,
      long restartNanos) {
    double eventsPerSecond() {
      return acknowledged / (nanos / 1e9);
    }
  }

  /** What a run measured. */
  record Result(Params params, List<Round> rounds) {
    /** Every acknowledged event came back after a restart. */
    boolean clean() {
      return rounds.stream().allMatch(r -> r.durable == r.acknowledged && r.acknowledged > 0);
    }

    void print(PrintStream out) {
      out.println();
      out.printf(Locale.ROOT, "%6s %7s %10s %9s %12s %28s %s%n", "batch", "threads", "events", "seconds", "events/s",
          "report() p50 / p99", "after restart");
      for (Round r : rounds) {
        out.printf(Locale.ROOT, "%6d %7d %10d %9.2f %12.0f %13.3f / %8.3f ms %s%n", r.batch, r.threads, r.acknowledged,
            r.nanos / 1e9, r.eventsPerSecond(), r.latency.percentile(50) / 1e6, r.latency.percentile(99) / 1e6,
            (r.durable == r.acknowledged ? "all " : "ONLY ") + r.durable + " replayed (restart "
                + String.format(Locale.ROOT, "%.1f s", r.restartNanos / 1e9) + ")");
      }
      double best = rounds.stream().mapToDouble(Round::eventsPerSecond).max().orElse(0);
      out.printf(Locale.ROOT, "best: %.0f durable events/s (target >= 5,000: %s)%n", best, best >= 5_000 ? "met" : "MISSED");
    }
  }

  /**
   * Runs every batch size.
   *
   * @throws Exception if a server cannot start or a report fails
   */
  static Result run(Params p, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "DJ ingest: %d events per round, batches of %s, %d reporting thread(s), %s, at most %s per"
            + " round%n", p.events(), Arrays.toString(p.batchSizes()), p.threads(),
        p.rmi() ? "over SecureRMI on 127.0.0.1" : "in-process calls", p.limit());
    org.jukebox.bench.Machine.describe(out);
    History h = History.generate(new Shape(1_000, 10_000, p.events(), 10, p.seed()));
    Instant reference = h.end();
    Path dir = Files.createTempDirectory("jukebox-bench-dj-ingest-");
    Optional<SecurityConfig> before = ClientSecurity.installed();
    try {
      Material m = p.rmi() ? Material.create(dir.resolve("pki"), p.threads()) : null;
      List<Round> rounds = new ArrayList<>();
      int k = 0;
      for (int batch : p.batchSizes()) {
        Round r = round(p, batch, h, reference, dir.resolve("round-" + k++), m);
        out.printf(Locale.ROOT, "batch %d: %d events in %.2f s = %.0f durable events/s; %d replayed after a restart%n",
            batch, r.acknowledged, r.nanos / 1e9, r.eventsPerSecond(), r.durable);
        rounds.add(r);
      }
      return new Result(p, rounds);
    } finally {
      before.ifPresentOrElse(ClientSecurity::install, ClientSecurity::uninstall);
      deleteTree(dir);
    }
  }

  private static Round round(Params p, int batch, History h, Instant reference, Path data, Material m)
      throws Exception {
    DjRules rules = DjRules.defaults().withRateLimit(1e9, Integer.MAX_VALUE);
    DjServer.Builder builder = DjServer.builder().port(0).dataDir(data).rules(rules);
    if (m == null) {
      builder.listen(false);
    } else {
      builder.security(m.server);
    }
    DjServer server = builder.build().start();
    long acknowledged = 0;
    long calls = 0;
    long nanos;
    List<Long> latencies = new ArrayList<>();
    try {
      DiscJockey[] djs = new DiscJockey[p.threads()];
      for (int t = 0; t < djs.length; t++) {
        djs[t] = m == null ? server.local() : m.stub(server.port(), t);
      }
      int batches = (h.size() + batch - 1) / batch;
      ExecutorService pool = Executors.newFixedThreadPool(p.threads());
      CountDownLatch go = new CountDownLatch(1);
      java.util.concurrent.atomic.AtomicLong deadline = new java.util.concurrent.atomic.AtomicLong();
      List<Future<long[]>> results = new ArrayList<>();
      List<long[]> perThread = new ArrayList<>();
      try {
        for (int t = 0; t < p.threads(); t++) {
          int thread = t;
          long[] lat = new long[(batches + p.threads() - 1) / p.threads()];
          perThread.add(lat);
          results.add(pool.submit(() -> report(p, h, reference, batch, batches, thread, djs[thread], go, deadline, lat)));
        }
        long t0 = System.nanoTime();
        deadline.set(t0 + p.limit().toNanos());
        go.countDown(); // publishes the deadline to the threads
        long end = t0;
        for (Future<long[]> f : results) {
          long[] r = f.get(p.limit().toSeconds() + 60, TimeUnit.SECONDS);
          acknowledged += r[0];
          calls += r[1];
          end = Math.max(end, r[2]);
        }
        nanos = end - t0;
      } finally {
        pool.shutdownNow();
      }
      for (int t = 0; t < perThread.size(); t++) {
        long[] lat = perThread.get(t);
        for (long v : lat) {
          if (v > 0) {
            latencies.add(v);
          }
        }
      }
    } finally {
      server.close();
    }
    long r0 = System.nanoTime();
    long durable;
    DjServer again = DjServer.builder().port(0).dataDir(data).rules(rules).listen(false).build().start();
    try {
      durable = events(again.engine());
    } finally {
      again.close();
    }
    long restart = System.nanoTime() - r0;
    long[] lat = latencies.stream().mapToLong(Long::longValue).toArray();
    return new Round(batch, p.threads(), acknowledged, calls, nanos, new Latencies(lat), durable, restart);
  }

  /** One thread's reports: batches thread, thread + T, ...; returns {events, calls, end nanoTime}. */
  private static long[] report(Params p, History h, Instant reference, int batch, int batches, int thread,
      DiscJockey dj, CountDownLatch go, java.util.concurrent.atomic.AtomicLong until, long[] latencies)
      throws Exception {
    String user = "bench-dj-" + thread;
    go.await();
    long events = 0;
    long calls = 0;
    long deadline = until.get();
    for (int b = thread; b < batches && System.nanoTime() < deadline; b += p.threads()) {
      int from = b * batch;
      int to = Math.min(h.size(), from + batch);
      List<ListeningEvent> list = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        list.add(h.event(i, reference));
      }
      long t = System.nanoTime();
      if (p.rmi()) {
        dj.report(list);
      } else {
        Caller.callAs(JukeboxPrincipal.user(user, "bench"), () -> {
          dj.report(list);
          return null;
        });
      }
      latencies[(int) calls] = System.nanoTime() - t;
      events += list.size();
      calls++;
    }
    return new long[] {events, calls, System.nanoTime()};
  }

  private static final Pattern EVENTS = Pattern.compile("(\\d+) events");

  /** The events the engine took, from its statistics line ("... N events; ..."). */
  static long events(DjEngine engine) {
    Matcher matcher = EVENTS.matcher(engine.stats());
    if (!matcher.find()) {
      throw new IllegalStateException("no event count in the DJ's statistics: " + engine.stats());
    }
    return Long.parseLong(matcher.group(1));
  }

  /** A PKI made for the run: the DJ's service certificate and one user certificate per thread. */
  private static final class Material {
    final Pki pki;
    final SecurityConfig server;
    final SecurityConfig[] users;

    private Material(Pki pki, SecurityConfig server, SecurityConfig[] users) {
      this.pki = pki;
      this.server = server;
      this.users = users;
    }

    static Material create(Path home, int threads) throws Exception {
      char[] pass = "bench-dj-ingest-passphrase".toCharArray();
      Pki pki = Pki.at(home);
      CertificateAuthority ca = pki.createCa(pass, KeyAlgorithm.ED25519, false);
      ca.issueService(DjServer.SERVICE_NAME, pass);
      KeyAndChain service = pki.keyAndChain(CertificateKind.SERVICE, DjServer.SERVICE_NAME, pass);
      SecurityConfig server = base(pki).identity(service.privateKey(), service.chain()).mechanisms("signature").build();
      SecurityConfig[] users = new SecurityConfig[threads];
      for (int t = 0; t < threads; t++) {
        String name = "bench-dj-" + t;
        ca.issueUser(name, pass);
        KeyAndChain user = pki.keyAndChain(CertificateKind.USER, name, pass);
        users[t] = base(pki).identity(user.privateKey(), user.chain()).mechanisms("signature").build();
      }
      ClientSecurity.install(users[0]);
      return new Material(pki, server, users);
    }

    private static SecurityConfig.Builder base(Pki pki) throws Exception {
      return SecurityConfig.builder().trustAnchors(pki.caCertificate()).certificateCheck(pki.validator());
    }

    /** The DJ's stub from its registry, as a client looks it up, calling as user {@code t}. */
    DiscJockey stub(int port, int t) throws Exception {
      Registry registry = LocateRegistry.getRegistry("127.0.0.1", port,
          SecureClientSocketFactory.forService(DjServer.SERVICE_NAME));
      DiscJockey dj = (DiscJockey) registry.lookup(DiscJockey.REGISTRY_NAME);
      return ClientSecurity.as(users[t], dj);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          // a temp folder: the OS cleans what is left
        }
      });
    } catch (IOException e) {
      // as above
    }
  }

  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.jukebox.dj");

  /** {@code bench dj-ingest}. */
  @Command(name = "dj-ingest", mixinStandardHelpOptions = true,
      description = "Durable DJ ingest: report() batches over SecureRMI into a real DjServer on Derby.")
  public static final class Cli implements Callable<Integer> {
    @Option(names = "--batch", split = ",", defaultValue = "1,10,100,1000",
        description = "events per report() call, one round each (default ${DEFAULT-VALUE})")
    int[] batch;
    @Option(names = "--threads", defaultValue = "1", description = "reporting threads, one user each (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--events", defaultValue = "200000", description = "events per round at most (default ${DEFAULT-VALUE})")
    int events;
    @Option(names = "--limit", defaultValue = "20s", description = "time per round at most (default ${DEFAULT-VALUE})")
    Duration limit;
    @Option(names = "--in-process", description = "call the service object in this JVM instead of over SecureRMI")
    boolean inProcess;
    @Option(names = "--seed", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
      // one line per server start and close is noise here; warnings still show
      QUIET.setLevel(java.util.logging.Level.WARNING);
      Result r = run(new Params(batch, threads, events, limit, !inProcess, seed), System.out);
      r.print(System.out);
      return r.clean() ? 0 : 1;
    }
  }
}
