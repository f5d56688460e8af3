package org.jukebox.bench.sync;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.RemoteException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionServer;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.client.SessionClient;
import org.jukebox.client.sync.ClockEstimate;
import org.jukebox.client.sync.ClockOffsetEstimator;
import org.jukebox.client.sync.MicrosClock;
import org.jukebox.client.sync.SyncController;
import org.jukebox.client.sync.SyncTargets;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecureClientSocketFactory;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.jukebox.session.SessionServerDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code sync-rmi} benchmark: real client cores ({@link SessionClient} with the sync
 * engine's {@link ClockOffsetEstimator} and {@link SyncController}) against a real
 * {@link SessionServerDaemon} and directory over SecureRMI on loopback, in one JVM. It measures
 * how long a join takes to answer, how long a host's control takes from the host's call to
 * every listener's controller having applied it, and what the estimator makes of the server's
 * clock over real RMI (the same machine's clock, so the offset should be about 0). No delays
 * are injected: on loopback the network adds next to nothing.
 */
public final class SyncRmiBench {
  private SyncRmiBench() {}

  static final char[] PASS = "correct horse battery".toCharArray();

  static double quantile(List<Long> values, double q) {
    List<Long> v = new ArrayList<>(values);
    Collections.sort(v);
    return v.isEmpty() ? Double.NaN : v.get((int) Math.min(v.size() - 1, Math.max(0, Math.ceil(q * v.size()) - 1)));
  }

  static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(2);
    }
  }

  /** {@code bench sync-rmi}. */
  @Command(name = "sync-rmi", mixinStandardHelpOptions = true,
      description = "Session sync over real RMI on loopback: join latency, control-to-applied latency, clock estimates.")
  public static final class Cli implements Callable<Integer> {
    @Option(names = "--listeners", defaultValue = "50", description = "listeners in the session (default ${DEFAULT-VALUE})")
    int listeners;
    @Option(names = "--controls", defaultValue = "40", description = "host controls to time (default ${DEFAULT-VALUE})")
    int controls;

    @Override
    public Integer call() throws Exception {
      if (listeners < 1 || listeners > 2000) {
        throw new IllegalArgumentException("listeners not in 1..2000: " + listeners);
      }
      PrintStream out = System.out;
      org.jukebox.bench.Machine.describe(out);
      out.printf(Locale.ROOT, "params:      listeners %d, controls %d, SecureRMI on 127.0.0.1, no injected delay%n",
          listeners, controls);
      Path home = Files.createTempDirectory("jukebox-sync-rmi");
      Pki pki = Pki.at(home.resolve("pki"));
      CertificateAuthority ca = pki.createCa(PASS, KeyAlgorithm.ED25519, false);
      ca.issueService(DirectoryServer.SERVICE_NAME, PASS);
      ca.issueService(SessionServerDaemon.SERVICE_NAME, PASS);
      List<String> names = new ArrayList<>();
      names.add("host");
      for (int i = 1; i <= listeners; i++) {
        names.add("l" + i);
      }
      for (String n : names) {
        ca.issueUser(n, PASS);
      }
      SecurityConfig serverSecurity = config(pki, CertificateKind.SERVICE, SessionServerDaemon.SERVICE_NAME);
      ClientSecurity.install(serverSecurity);
      DirectoryServer directory = DirectoryServer.builder().port(0)
          .security(config(pki, CertificateKind.SERVICE, DirectoryServer.SERVICE_NAME)).build().start();
      HostPort dir = HostPort.of("127.0.0.1", directory.port());
      SessionServerDaemon server = SessionServerDaemon.builder(home.resolve("server")).port(0).clock(Clock.systemUTC())
          .security(serverSecurity).directory(dir).httpBindAddress("127.0.0.1").build().start();
      MusicDirectory md = RemoteLookup.directory(dir);
      await(Duration.ofSeconds(20), "the session server to be listed", () -> {
        try {
          return md.services(SessionServer.SERVICE_KIND).stream().anyMatch(e -> e.service().equals(server.stub()));
        } catch (RemoteException e) {
          return false;
        }
      });
      List<SessionClient> clients = new ArrayList<>();
      try {
        for (String n : names) {
          SessionDirectory sd = RemoteLookup.lookup(dir, SessionDirectory.REGISTRY_NAME, SessionDirectory.class,
              SecureClientSocketFactory.forService(RemoteLookup.DIRECTORY_SERVICE));
          clients.add(SessionClient.builder(sd).security(config(pki, CertificateKind.USER, n)).build().start());
        }
        SessionClient host = clients.get(0);
        host.setAcl(new HashSet<>(names.subList(1, names.size())));
        SessionId id = host.host().id();
        host.add(new Song(new SongId("bench:1"), "Bench", "", "", 0, 0, 0, "", Duration.ofMinutes(30), 128, 44_100,
            false, 1000, "audio/mpeg"));

        MicrosClock local = MicrosClock.system();
        List<Long> joins = new ArrayList<>();
        List<ClockOffsetEstimator> estimators = new ArrayList<>();
        // sequence number -> listener -> nanoTime when its controller had applied it
        ConcurrentHashMap<Long, List<Long>> applied = new ConcurrentHashMap<>();
        for (SessionClient c : clients.subList(1, clients.size())) {
          ClockOffsetEstimator est = ClockOffsetEstimator.builder(SyncTargets.timeSource(c.clockSource()), local).build();
          long t0 = System.nanoTime();
          c.join(id);
          joins.add(System.nanoTime() - t0);
          est.refresh();
          estimators.add(est);
          SyncController ctl = SyncController.builder(est, local, d -> {}).build();
          c.addTimelineListener(s -> {
            ctl.update(SyncTargets.from(s));
            applied.computeIfAbsent(s.sequence(), k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
          });
        }
        List<SessionClient> ears = clients.subList(1, clients.size());
        await(Duration.ofSeconds(30), "every listener to hold the host's state", () -> {
          long s = host.current().sequence();
          return ears.stream().allMatch(c -> c.current() != null && c.current().sequence() == s);
        });
        long base = host.current().sequence();
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < controls; i++) {
          long sent = System.nanoTime();
          switch (i % 3) {
            case 0 -> host.play();
            case 1 -> host.seek(Duration.ofSeconds(10 + i));
            default -> host.pause();
          }
          long seq = base + i + 1; // every control is one update
          await(Duration.ofSeconds(30), "every listener to apply control " + i,
              () -> applied.getOrDefault(seq, List.of()).size() >= listeners);
          for (long at : applied.get(seq)) {
            latencies.add(at - sent);
          }
        }
        List<Long> offsets = new ArrayList<>();
        List<Long> bands = new ArrayList<>();
        for (ClockOffsetEstimator e : estimators) {
          ClockEstimate ce = e.estimate().orElseThrow();
          offsets.add(Math.abs(ce.offsetMicros()));
          bands.add(ce.uncertaintyMicros());
        }
        out.printf(Locale.ROOT, "%njoin answered: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d joins, one at a time)%n",
            quantile(joins, 0.5) / 1e6, quantile(joins, 0.99) / 1e6, quantile(joins, 1) / 1e6, joins.size());
        out.printf(Locale.ROOT, "control applied by every listener's controller (host call to update done): p50 %.2f ms,"
                + " p99 %.2f ms, max %.2f ms (%d controls x %d listeners)%n", quantile(latencies, 0.5) / 1e6,
            quantile(latencies, 0.99) / 1e6, quantile(latencies, 1) / 1e6, controls, listeners);
        out.printf(Locale.ROOT, "clock estimate over SecureRMI (same machine, true offset 0): |offset| p50 %.0f µs,"
                + " max %.0f µs; uncertainty p50 %.0f µs%n", quantile(offsets, 0.5), quantile(offsets, 1),
            quantile(bands, 0.5));
      } finally {
        for (SessionClient c : clients) {
          c.close();
        }
        server.close();
        directory.close();
        ClientSecurity.uninstall();
        deleteTree(home);
      }
      return 0;
    }

    private static void deleteTree(Path root) {
      try (var paths = Files.walk(root)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException e) {
        System.err.println("could not delete " + root + ": " + e.getMessage());
      }
    }

    private static SecurityConfig config(Pki pki, CertificateKind kind, String name) throws Exception {
      KeyAndChain kc = pki.keyAndChain(kind, name, PASS);
      return SecurityConfig.builder().trustAnchors(pki.caCertificate()).certificateCheck(pki.validator())
          .identity(kc.privateKey(), kc.chain()).build();
    }
  }
}
