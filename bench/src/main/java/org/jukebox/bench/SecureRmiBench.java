package org.jukebox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import javax.rmi.ssl.SslRMIServerSocketFactory;
import org.jukebox.security.Caller;
import org.jukebox.security.ChallengeResponseKeys;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.Coin;
import org.jukebox.security.CoinWallet;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.SecureClientSocketFactory;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.SerialFilters;
import org.jukebox.security.SpentCoins;
import org.jukebox.security.internal.coin.CoinMechanism;
import org.jukebox.security.internal.hmac.ChallengeResponseMechanism;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What SecureRMI costs, on loopback, against plain RMI and the JDK's SslRMI socket factories,
 * all three exported by one server (a child JVM by default) and called from one client JVM:
 *
 * <ol>
 *   <li><b>Per call</b>: one client thread makes small {@code echo} calls on warm connections.
 *       Rounds interleave the three transports (the first of a round rotates), so a noisy
 *       moment of the machine hits all of them; each round gives one ns/call per transport, and
 *       the figure is the median of the rounds. SecureRMI authenticates with {@code signature}.
 *   <li><b>Throughput</b>: {@code threads} client threads call {@code echo} as fast as they can
 *       for a fixed duration, per transport, in interleaved rounds.
 *   <li><b>Connection setup</b>: a fresh connection per sample, for each built-in mechanism,
 *       timed around {@link SecureClientSocketFactory#createSocket}: TCP connect, TLS 1.3
 *       handshake, certificate check and the authentication exchange up to the server's verdict.
 *       RMI pools connections above the factory (per factory and endpoint), never inside it, so
 *       every {@code createSocket} is a new connection; calling it directly is the exact cost of
 *       what RMI does when its pool is empty, minus RMI's own two-message protocol header.
 *       Baselines in the same interleaved rounds: a plain TCP connect, and the JDK's SslRMI
 *       client factory with its TLS handshake (mutual, P-256).
 * </ol>
 *
 * <p>Coins: the server spends one per connection, so the client mints one per setup sample
 * (plus a margin) into a fresh wallet.
 */
final class SecureRmiBench {
  private SecureRmiBench() {}

  /** The per-call and throughput transports. */
  enum Transport {
    PLAIN("plain RMI"),
    SECURE("SecureRMI (signature)"),
    JDK_SSL("JDK SslRMI (mutual TLS)");

    final String label;

    Transport(String label) {
      this.label = label;
    }
  }

  /** What a connection-setup sample opens. */
  enum Setup {
    TCP("plain TCP connect", null),
    JDK_TLS("JDK SslRMI TLS 1.3", null),
    SIGNATURE("SecureRMI signature", "signature"),
    HMAC("SecureRMI hmac", "hmac"),
    COIN("SecureRMI coin", "coin"),
    ANONYMOUS("SecureRMI anonymous", "anonymous");

    final String label;
    final String mechanism;

    Setup(String label, String mechanism) {
      this.label = label;
      this.mechanism = mechanism;
    }
  }

  /** The connection-setup target of issue 3, per mechanism, at p50. */
  static final long SETUP_TARGET_NANOS = 20_000_000L;
  /** The per-call target of issue 3: SecureRMI at most this many times plain RMI. */
  static final double CALL_RATIO_TARGET = 1.5;
  /** The throughput target of issue 3, in calls per second. */
  static final double THROUGHPUT_TARGET = 10_000;

  /** What to run; validated at construction with exact messages. */
  record Params(int calls, int rounds, int warmupRounds, int connections, int warmupConnections, int threads,
      Duration throughputDuration, int throughputRounds, int payloadBytes, boolean inProcess) {
    Params {
      Bench.inRange("calls", calls, 1, 1_000_000);
      Bench.inRange("rounds", rounds, 1, 100);
      Bench.inRange("warmupRounds", warmupRounds, 0, 50);
      Bench.inRange("connections", connections, 1, 10_000);
      Bench.inRange("warmupConnections", warmupConnections, 0, 1_000);
      Bench.inRange("threads", threads, 1, 64);
      Bench.inRange("throughputDuration", throughputDuration, Duration.ofMillis(100), Duration.ofMinutes(1));
      Bench.inRange("throughputRounds", throughputRounds, 1, 20);
      Bench.inRange("payloadBytes", payloadBytes, 0, 65_536);
    }
  }

  /** One transport's per-call figures: ns/call of each measured round, and every call's latency. */
  record CallFigures(long[] roundNanos, Samples.Summary latency) {
    long medianRound() {
      return median(roundNanos);
    }
  }

  /** What a run measured. */
  record Result(Params params, String securePrincipal, Map<Transport, CallFigures> calls,
      double[] secureToPlainRatios, double[] jdkToPlainRatios, Map<Transport, double[]> throughput,
      Map<Setup, Samples.Summary> setup, Map<Setup, String> negotiated, long errors, String firstError) {

    boolean clean() {
      return errors == 0;
    }

    double secureToPlain() {
      return median(secureToPlainRatios);
    }

    double jdkToPlain() {
      return median(jdkToPlainRatios);
    }

    double medianThroughput(Transport t) {
      return median(throughput.get(t));
    }

    void print(PrintStream out) {
      Params p = params;
      out.println();
      out.printf(Locale.ROOT, "per call (echo of %d chars, 1 client thread, warm connections; %d rounds of %d calls"
          + " per transport after %d warm-up round(s); secure calls arrive as %s):%n",
          p.payloadBytes(), p.rounds(), p.calls(), p.warmupRounds(), securePrincipal);
      for (Transport t : Transport.values()) {
        CallFigures f = calls.get(t);
        out.printf(Locale.ROOT, "  %-26s median %7.1f us/call  (rounds %s)  per call p50 %.1f us p99 %.1f us%n",
            t.label, f.medianRound() / 1e3, micros(f.roundNanos()), f.latency().percentile(50) / 1e3,
            f.latency().percentile(99) / 1e3);
      }
      out.printf(Locale.ROOT, "  SecureRMI / plain: %.2fx (median of per-round ratios %s); JDK SslRMI / plain: %.2fx %s%n",
          secureToPlain(), ratios(secureToPlainRatios), jdkToPlain(), ratios(jdkToPlainRatios));
      out.printf(Locale.ROOT, "  target SecureRMI <= %.1fx plain: %s%n", CALL_RATIO_TARGET,
          secureToPlain() <= CALL_RATIO_TARGET ? "met" : "MISSED");
      out.println();
      out.printf(Locale.ROOT, "throughput (%d client threads, %d rounds of %s per transport after a warm-up round):%n",
          p.threads(), p.throughputRounds(), Bench.text(p.throughputDuration()));
      for (Transport t : Transport.values()) {
        out.printf(Locale.ROOT, "  %-26s median %,9.0f calls/s  (rounds %s)%n", t.label, medianThroughput(t),
            perSecond(throughput.get(t)));
      }
      out.printf(Locale.ROOT, "  target SecureRMI >= %,.0f calls/s: %s%n", THROUGHPUT_TARGET,
          medianThroughput(Transport.SECURE) >= THROUGHPUT_TARGET ? "met" : "MISSED");
      out.println();
      out.printf(Locale.ROOT, "connection setup (a new connection per sample, %d per kind after %d warm-up, interleaved):%n",
          p.connections(), p.warmupConnections());
      for (Setup s : Setup.values()) {
        out.printf(Locale.ROOT, "  %-22s %s  %s%n", s.label, setup.get(s).millis(), negotiated.getOrDefault(s, ""));
      }
      boolean met = true;
      for (Setup s : Setup.values()) {
        if (s.mechanism != null) {
          met &= setup.get(s).percentile(50) <= SETUP_TARGET_NANOS;
        }
      }
      out.printf(Locale.ROOT, "  target p50 <= 20 ms for every mechanism: %s%n", met ? "met" : "MISSED");
      out.printf(Locale.ROOT, "errors: %d%s%n", errors, firstError == null ? "" : " (first: " + firstError + ")");
    }
  }

  /**
   * Runs the benchmark and prints progress and figures to {@code out}.
   *
   * @throws Exception if the server cannot be started or reached
   */
  static Result run(Params p, PrintStream out) throws Exception {
    out.printf(Locale.ROOT, "secure-rmi benchmark: plain RMI vs SecureRMI vs JDK SslRMI on 127.0.0.1, server %s%n",
        p.inProcess() ? "in this JVM" : "in a child JVM");
    Machine.describe(out);
    SecureRmiMaterial m = SecureRmiMaterial.shared();
    // The JDK's SslRMI client factory uses the default context; this one holds the bench user's
    // P-256 key and trusts the jukebox CA. SecureRMI does not use it (it has its own provider).
    SSLContext.setDefault(SecureRmiMaterial.jdkContext(m.key(CertificateKind.USER, SecureRmiMaterial.JDK_USER),
        m.pki().caCertificate()));
    Optional<SecurityConfig> before = ClientSecurity.installed();
    KeyAndChain user = m.key(CertificateKind.USER, SecureRmiMaterial.USER);
    SecurityConfig signature = m.clientBase().identity(user.privateKey(), user.chain()).mechanisms("signature").build();
    ClientSecurity.install(signature);
    try (Target target = p.inProcess() ? Target.inProcess(m) : Target.child(m)) {
      Registry registry = LocateRegistry.getRegistry("127.0.0.1", target.securePort(),
          SecureClientSocketFactory.forService(SecureRmiMaterial.SERVICE));
      Map<Transport, BenchEcho> stubs = new EnumMap<>(Transport.class);
      for (Transport t : Transport.values()) {
        stubs.put(t, (BenchEcho) registry.lookup(t.name()));
      }
      return new Run(p, m, stubs, target, signature, out).run();
    } finally {
      before.ifPresentOrElse(ClientSecurity::install, ClientSecurity::uninstall);
    }
  }

  /** One run's state. */
  private static final class Run {
    private final Params p;
    private final SecureRmiMaterial m;
    private final Map<Transport, BenchEcho> stubs;
    private final Target target;
    private final SecurityConfig signature;
    private final PrintStream out;
    private final String payload;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    Run(Params p, SecureRmiMaterial m, Map<Transport, BenchEcho> stubs, Target target, SecurityConfig signature,
        PrintStream out) {
      this.p = p;
      this.m = m;
      this.stubs = stubs;
      this.target = target;
      this.signature = signature;
      this.out = out;
      char[] text = new char[p.payloadBytes()];
      for (int i = 0; i < text.length; i++) {
        text[i] = (char) ('a' + i % 26);
      }
      this.payload = new String(text);
    }

    Result run() throws Exception {
      String principal = stubs.get(Transport.SECURE).caller();
      String plainCaller = stubs.get(Transport.PLAIN).caller();
      out.printf(Locale.ROOT, "secure calls arrive as %s; plain calls as %s%n", principal, plainCaller);

      out.println("measuring per-call cost ...");
      Map<Transport, long[]> rounds = new EnumMap<>(Transport.class);
      Map<Transport, Samples> latencies = new EnumMap<>(Transport.class);
      for (Transport t : Transport.values()) {
        rounds.put(t, new long[p.rounds()]);
        latencies.put(t, new Samples((int) Math.min(5_000_000L, (long) p.rounds() * p.calls())));
      }
      for (int r = -p.warmupRounds(); r < p.rounds(); r++) {
        for (Transport t : rotated(Transport.values(), r)) {
          long nanos = callRound(stubs.get(t), r < 0 ? null : latencies.get(t));
          if (r >= 0) {
            rounds.get(t)[r] = nanos;
          }
        }
      }
      Map<Transport, CallFigures> calls = new EnumMap<>(Transport.class);
      for (Transport t : Transport.values()) {
        calls.put(t, new CallFigures(rounds.get(t), latencies.get(t).summary()));
      }
      double[] secureRatios = new double[p.rounds()];
      double[] jdkRatios = new double[p.rounds()];
      for (int r = 0; r < p.rounds(); r++) {
        secureRatios[r] = (double) rounds.get(Transport.SECURE)[r] / rounds.get(Transport.PLAIN)[r];
        jdkRatios[r] = (double) rounds.get(Transport.JDK_SSL)[r] / rounds.get(Transport.PLAIN)[r];
      }

      out.println("measuring throughput ...");
      Map<Transport, double[]> throughput = new EnumMap<>(Transport.class);
      for (Transport t : Transport.values()) {
        throughput.put(t, new double[p.throughputRounds()]);
      }
      for (int r = -1; r < p.throughputRounds(); r++) {
        for (Transport t : rotated(Transport.values(), r)) {
          double perSecond = throughputRound(stubs.get(t));
          if (r >= 0) {
            throughput.get(t)[r] = perSecond;
          }
        }
      }

      out.println("measuring connection setup ...");
      Map<Setup, Samples.Summary> setup = new EnumMap<>(Setup.class);
      Map<Setup, String> negotiated = new EnumMap<>(Setup.class);
      measureSetup(setup, negotiated);
      return new Result(p, principal, calls, secureRatios, jdkRatios, throughput, setup, negotiated, errors.get(),
          firstError.get());
    }

    /** {@code calls} echo calls in a row; returns ns per call. */
    private long callRound(BenchEcho stub, Samples latency) {
      long start = System.nanoTime();
      for (int i = 0; i < p.calls(); i++) {
        long t0 = System.nanoTime();
        try {
          String back = stub.echo(payload);
          if (back.length() != payload.length()) {
            noteError("echo returned " + back.length() + " chars, sent " + payload.length());
          }
        } catch (RemoteException | RuntimeException e) {
          noteError("echo: " + e);
        }
        if (latency != null) {
          latency.add(System.nanoTime() - t0);
        }
      }
      return (System.nanoTime() - start) / p.calls();
    }

    /** {@code threads} threads calling for the set duration; returns completed calls per second. */
    private double throughputRound(BenchEcho stub) throws InterruptedException {
      CountDownLatch go = new CountDownLatch(1);
      AtomicLong done = new AtomicLong();
      long duration = p.throughputDuration().toNanos();
      long[] startedAt = new long[1];
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < p.threads(); i++) {
        Thread t = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          long end = startedAt[0] + duration;
          long n = 0;
          while (System.nanoTime() < end) {
            try {
              stub.echo(payload);
              n++;
            } catch (RemoteException | RuntimeException e) {
              noteError("echo under load: " + e);
            }
          }
          done.addAndGet(n);
        }, "bench-caller-" + i);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      startedAt[0] = System.nanoTime();
      go.countDown(); // publishes startedAt to the callers
      for (Thread t : threads) {
        t.join(duration / 1_000_000 + 30_000);
      }
      // Calls still running at the deadline finish a little after it: count the time they took.
      long elapsed = System.nanoTime() - startedAt[0];
      return done.get() / (elapsed / 1e9);
    }

    private void measureSetup(Map<Setup, Samples.Summary> summaries, Map<Setup, String> negotiated) throws Exception {
      Map<Setup, SecurityConfig> configs = new EnumMap<>(Setup.class);
      configs.put(Setup.SIGNATURE, signature);
      configs.put(Setup.HMAC, m.clientBase().mechanisms("hmac")
          .property(ChallengeResponseMechanism.USER, SecureRmiMaterial.USER)
          .property(ChallengeResponseMechanism.KEY, java.util.Base64.getEncoder().encodeToString(m.hmacKey)).build());
      int coins = p.connections() + p.warmupConnections() + 8;
      List<Coin.Spendable> minted = new ArrayList<>(coins);
      for (int i = 0; i < coins; i++) {
        minted.add(m.bank.mint(1));
      }
      CoinWallet wallet = CoinWallet.of(minted);
      configs.put(Setup.COIN, m.clientBase().mechanisms("coin").setting(CoinWallet.class, wallet).build());
      configs.put(Setup.ANONYMOUS, m.clientBase().mechanisms("anonymous").build());

      Map<Setup, Samples> samples = new EnumMap<>(Setup.class);
      for (Setup s : Setup.values()) {
        samples.put(s, new Samples(p.connections()));
      }
      SecureClientSocketFactory secure = SecureClientSocketFactory.forService(SecureRmiMaterial.SERVICE);
      SslRMIClientSocketFactory jdk = new SslRMIClientSocketFactory();
      try {
        for (int i = -p.warmupConnections(); i < p.connections(); i++) {
          for (Setup s : rotated(Setup.values(), i)) {
            SecurityConfig c = configs.get(s);
            if (c != null) {
              ClientSecurity.install(c);
            }
            long t0 = System.nanoTime();
            Socket socket;
            try {
              socket = switch (s) {
                case TCP -> tcp(target.plainPort());
                case JDK_TLS -> handshake(jdk.createSocket("127.0.0.1", target.jdkPort()));
                default -> secure.createSocket("127.0.0.1", target.securePort());
              };
            } catch (IOException | RuntimeException e) {
              noteError(s.label + " connection: " + e);
              continue;
            }
            long nanos = System.nanoTime() - t0;
            if (i >= 0) {
              samples.get(s).add(nanos);
            }
            if (socket instanceof SSLSocket ssl && !negotiated.containsKey(s)) {
              negotiated.put(s, ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite());
            }
            socket.close();
          }
        }
      } finally {
        ClientSecurity.install(signature);
      }
      for (Setup s : Setup.values()) {
        summaries.put(s, samples.get(s).summary());
      }
    }

    private static Socket tcp(int port) throws IOException {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      return s;
    }

    /** The JDK factory hands back a socket whose TLS handshake has not run yet; run it. */
    private static Socket handshake(Socket s) throws IOException {
      ((SSLSocket) s).startHandshake();
      return s;
    }

    private void noteError(String message) {
      errors.incrementAndGet();
      firstError.compareAndSet(null, message);
    }
  }

  /** {@code values} starting at index {@code round mod length}: each kind goes first in turn. */
  static <T> List<T> rotated(T[] values, int round) {
    int start = Math.floorMod(round, values.length);
    List<T> list = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      list.add(values[(start + i) % values.length]);
    }
    return list;
  }

  static long median(long[] values) {
    long[] s = values.clone();
    Arrays.sort(s);
    return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String micros(long[] nanos) {
    StringBuilder b = new StringBuilder();
    for (long n : nanos) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", n / 1e3));
    }
    return b.toString();
  }

  private static String ratios(double[] values) {
    StringBuilder b = new StringBuilder("[");
    for (double v : values) {
      b.append(b.length() == 1 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
    }
    return b.append(']').toString();
  }

  private static String perSecond(double[] values) {
    StringBuilder b = new StringBuilder();
    for (double v : values) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%,.0f", v));
    }
    return b.toString();
  }

  /** The three exports, here or in a child JVM. */
  private interface Target extends AutoCloseable {
    /** SecureRMI's port, shared by its registry, which also holds the other two stubs. */
    int securePort();

    int plainPort();

    int jdkPort();

    @Override
    void close();

    static Target inProcess(SecureRmiMaterial m) throws Exception {
      ServerSide s = ServerSide.start(m.dir, SecureRmiMaterial.BANK_ID, m.bank.encodedPublicKey());
      return new Target() {
        @Override
        public int securePort() {
          return s.securePort;
        }

        @Override
        public int plainPort() {
          return s.plainPort;
        }

        @Override
        public int jdkPort() {
          return s.jdkPort;
        }

        @Override
        public void close() {
          s.close();
        }
      };
    }

    static Target child(SecureRmiMaterial m) throws IOException {
      ServerProcess child = ServerProcess.start(List.of("-Xmx1g"), List.of("serve-secure-rmi",
          "--dir", m.dir.toString(), "--bank-id", SecureRmiMaterial.BANK_ID, "--bank-key", m.bank.encodedPublicKey(),
          "--lifetime", "30m"), Duration.ofSeconds(60));
      return new Target() {
        @Override
        public int securePort() {
          return child.port();
        }

        @Override
        public int plainPort() {
          return child.intInfo("plain");
        }

        @Override
        public int jdkPort() {
          return child.intInfo("jdk");
        }

        @Override
        public void close() {
          child.close();
        }
      };
    }
  }

  /** The server side: one echo object per transport, and a registry on SecureRMI's port holding all three. */
  static final class ServerSide implements AutoCloseable {
    private static final int PORT_TRIES = 10;

    private final SpentCoins spent;
    private final RemoteExporter secure;
    private final RemoteExporter plain;
    private final Remote jdkImpl;
    final int securePort;
    final int plainPort;
    final int jdkPort;

    private ServerSide(SpentCoins spent, RemoteExporter secure, RemoteExporter plain, Remote jdkImpl, int securePort,
        int plainPort, int jdkPort) {
      this.spent = spent;
      this.secure = secure;
      this.plain = plain;
      this.jdkImpl = jdkImpl;
      this.securePort = securePort;
      this.plainPort = plainPort;
      this.jdkPort = jdkPort;
    }

    /**
     * Exports the three echo objects from the material in {@code dir}: SecureRMI accepting every
     * built-in mechanism with the service's Ed25519 certificate, plain RMI, and the JDK's SslRMI
     * with the P-256 service certificate and client certificates required.
     */
    static ServerSide start(Path dir, String bankId, String bankKey) throws Exception {
      Pki pki = SecureRmiMaterial.pki(dir);
      char[] pass = SecureRmiMaterial.passphrase(dir);
      KeyAndChain service = pki.keyAndChain(CertificateKind.SERVICE, SecureRmiMaterial.SERVICE, pass);
      KeyAndChain jdkService = pki.keyAndChain(CertificateKind.SERVICE, SecureRmiMaterial.JDK_SERVICE, pass);
      SpentCoins spent = SpentCoins.open(dir.resolve("spent"));
      RemoteExporter secure = null;
      RemoteExporter plain = null;
      Remote jdkImpl = null;
      try {
        SecurityConfig config = SecurityConfig.builder()
            .trustAnchors(pki.caCertificate())
            .certificateCheck(pki.validator())
            .identity(service.privateKey(), service.chain())
            .mechanisms("signature", "hmac", "coin", "anonymous")
            .setting(ChallengeResponseKeys.class, ChallengeResponseKeys.load(dir.resolve("hmac-keys")))
            .property(CoinMechanism.BANK_ID, bankId)
            .property(CoinMechanism.BANK_KEY, bankKey)
            .setting(SpentCoins.class, spent)
            .build();
        Registry registry = null;
        int securePort = 0;
        for (int i = 0; registry == null; i++) {
          securePort = freePort();
          secure = RemoteExporter.secure(config, securePort);
          try {
            registry = secure.createRegistry();
          } catch (RemoteException e) {
            secure.close();
            if (i + 1 >= PORT_TRIES) {
              throw e;
            }
          }
        }
        registry.rebind(Transport.SECURE.name(), secure.export(new EchoService()));

        Remote plainStub = null;
        int plainPort = 0;
        for (int i = 0; plainStub == null; i++) {
          plainPort = freePort();
          plain = RemoteExporter.onPort(plainPort);
          try {
            plainStub = plain.export(new EchoService());
          } catch (RemoteException e) {
            plain.close();
            if (i + 1 >= PORT_TRIES) {
              throw e;
            }
          }
        }
        registry.rebind(Transport.PLAIN.name(), plainStub);

        // The baseline is the JDK's own factories, which RemoteExporter does not offer: this
        // export is the bench's, not a Jukebox service's, and it gets the same serial filter.
        SslRMIServerSocketFactory ssf = new SslRMIServerSocketFactory(
            SecureRmiMaterial.jdkContext(jdkService, pki.caCertificate()), null, new String[] {"TLSv1.3"}, true);
        SslRMIClientSocketFactory csf = new SslRMIClientSocketFactory();
        Remote jdkStub = null;
        int jdkPort = 0;
        EchoService impl = new EchoService();
        for (int i = 0; jdkStub == null; i++) {
          jdkPort = freePort();
          try {
            jdkStub = UnicastRemoteObject.exportObject(impl, jdkPort, csf, ssf, SerialFilters.api());
          } catch (RemoteException e) {
            if (i + 1 >= PORT_TRIES) {
              throw e;
            }
          }
        }
        jdkImpl = impl;
        registry.rebind(Transport.JDK_SSL.name(), jdkStub);
        return new ServerSide(spent, secure, plain, jdkImpl, securePort, plainPort, jdkPort);
      } catch (Exception | Error e) {
        if (secure != null) {
          secure.close();
        }
        if (plain != null) {
          plain.close();
        }
        spent.close();
        throw e;
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket probe = new ServerSocket(0)) {
        return probe.getLocalPort();
      }
    }

    /** Unexports everything and closes the spent-coin list; idempotent. */
    @Override
    public void close() {
      secure.close();
      plain.close();
      try {
        UnicastRemoteObject.unexportObject(jdkImpl, true);
      } catch (NoSuchObjectException e) {
        // already closed
      }
      spent.close();
    }
  }

  /** The echo object behind each transport. */
  static final class EchoService implements BenchEcho {
    @Override
    public String echo(String text) {
      return text;
    }

    @Override
    public String caller() {
      return Caller.current().toString();
    }
  }

  /** {@code bench secure-rmi}: the client side (and, unless {@code --in-process}, a child JVM for the server). */
  @Command(name = "secure-rmi", mixinStandardHelpOptions = true,
      description = "Plain RMI vs SecureRMI vs JDK SslRMI on loopback: per-call cost, throughput, connection setup.")
  static final class Cli implements Callable<Integer> {
    @Option(names = "--calls", defaultValue = "10000", description = "calls per transport per round (default ${DEFAULT-VALUE})")
    int calls;
    @Option(names = "--rounds", defaultValue = "10", description = "measured per-call rounds (default ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--warmup-rounds", defaultValue = "3", description = "unmeasured per-call rounds first (default ${DEFAULT-VALUE})")
    int warmupRounds;
    @Option(names = "--connections", defaultValue = "200", description = "new connections measured per kind (default ${DEFAULT-VALUE})")
    int connections;
    @Option(names = "--warmup-connections", defaultValue = "30", description = "unmeasured connections per kind first (default ${DEFAULT-VALUE})")
    int warmupConnections;
    @Option(names = "--threads", defaultValue = "8", description = "client threads for throughput (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--throughput-duration", defaultValue = "5s", description = "length of one throughput round (default ${DEFAULT-VALUE})")
    Duration throughputDuration;
    @Option(names = "--throughput-rounds", defaultValue = "3", description = "measured throughput rounds per transport (default ${DEFAULT-VALUE})")
    int throughputRounds;
    @Option(names = "--payload", defaultValue = "16", description = "characters of the echoed string (default ${DEFAULT-VALUE})")
    int payload;
    @Option(names = "--in-process", description = "run the server in this JVM instead of a child JVM")
    boolean inProcess;

    @Override
    public Integer call() throws Exception {
      Params params = new Params(calls, rounds, warmupRounds, connections, warmupConnections, threads,
          throughputDuration, throughputRounds, payload, inProcess);
      Result r = run(params, System.out);
      r.print(System.out);
      return r.clean() ? 0 : 1;
    }
  }

  /** {@code bench serve-secure-rmi}: the server side, in the child JVM. */
  @Command(name = "serve-secure-rmi", hidden = true)
  static final class Serve implements Callable<Integer> {
    @Option(names = "--dir", required = true)
    Path dir;
    @Option(names = "--bank-id", required = true)
    String bankId;
    @Option(names = "--bank-key", required = true)
    String bankKey;
    @Option(names = "--lifetime", defaultValue = "30m")
    Duration lifetime;

    @Override
    public Integer call() throws Exception {
      try (ServerSide server = ServerSide.start(dir, bankId, bankKey)) {
        Map<String, Integer> info = new LinkedHashMap<>();
        info.put("plain", server.plainPort);
        info.put("jdk", server.jdkPort);
        ServerProcess.serveUntilParentGoes(server.securePort, info, lifetime);
      }
      return 0;
    }
  }
}
