package org.jukebox.session;

import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.SessionServer;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecureClientSocketFactory;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;

/**
 * A secure directory and session servers on loopback, with users alice, bob, carol, dave and
 * mallory, each calling through stubs bound to their own certificate; the servers' clock is a
 * {@link MutableClock}. For tests of this module (the testkit depends on it, so cannot serve it).
 */
final class SecureSessions implements AutoCloseable {
  static final char[] PASS = "correct horse battery".toCharArray();
  static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "mallory");

  final MutableClock clock = new MutableClock(Instant.now());
  final Path home;
  private final Pki pki;
  private final Map<String, SecurityConfig> users = new HashMap<>();
  final SecurityConfig directorySecurity;
  final SecurityConfig serverSecurity;
  DirectoryServer directory;
  private final int directoryPort;
  final List<SessionServerDaemon> servers = new ArrayList<>();
  final RemoteExporter callbacks = RemoteExporter.anyPort();

  SecureSessions(Path home) throws Exception {
    this(home, null);
  }

  /** With a directory that moves sessions of servers gone for {@code takeover} (null: never). */
  SecureSessions(Path home, Duration takeover) throws Exception {
    this.home = home;
    pki = Pki.at(home.resolve("pki"));
    CertificateAuthority ca = pki.createCa(PASS, KeyAlgorithm.ED25519, false);
    ca.issueService(DirectoryServer.SERVICE_NAME, PASS);
    ca.issueService(SessionServerDaemon.SERVICE_NAME, PASS);
    for (String u : USERS) {
      ca.issueUser(u, PASS);
      users.put(u, config(CertificateKind.USER, u));
    }
    directorySecurity = config(CertificateKind.SERVICE, DirectoryServer.SERVICE_NAME);
    serverSecurity = config(CertificateKind.SERVICE, SessionServerDaemon.SERVICE_NAME);
    ClientSecurity.install(serverSecurity);
    DirectoryServer.Builder d = DirectoryServer.builder().port(0).clock(clock).security(directorySecurity);
    if (takeover != null) {
      d.sessionTakeover(takeover);
    }
    directory = d.build().start();
    directoryPort = directory.port();
  }

  private SecurityConfig config(CertificateKind kind, String name) throws Exception {
    KeyAndChain kc = pki.keyAndChain(kind, name, PASS);
    return SecurityConfig.builder().trustAnchors(pki.caCertificate()).certificateCheck(pki.validator())
        .identity(kc.privateKey(), kc.chain()).build();
  }

  SecurityConfig user(String name) {
    return users.get(name);
  }

  HostPort directoryAddress() {
    return HostPort.of("127.0.0.1", directoryPort);
  }

  SessionServerDaemon.Builder serverBuilder(String dataName) {
    return SessionServerDaemon.builder(home.resolve(dataName)).port(0).clock(clock).security(serverSecurity)
        .directory(directoryAddress()).httpBindAddress("127.0.0.1").announceLease(Duration.ofSeconds(10))
        .callbackTimeout(Duration.ofMillis(500)).sweepInterval(Duration.ofMillis(50));
  }

  /** Starts a session server with its data under {@code dataName} and waits until the directory lists it. */
  SessionServerDaemon startServer(String dataName) throws Exception {
    return startServer(serverBuilder(dataName));
  }

  SessionServerDaemon startServer(SessionServerDaemon.Builder b) throws Exception {
    SessionServerDaemon s = b.build().start();
    servers.add(s);
    MusicDirectory d = RemoteLookup.directory(directoryAddress());
    ServiceIdHolder id = new ServiceIdHolder(s);
    await(Duration.ofSeconds(10), "the directory to list session server", () -> {
      try {
        return d.services(SessionServer.SERVICE_KIND).stream().anyMatch(e -> e.id().equals(id.id)
            && e.service().equals(s.stub()));
      } catch (RemoteException e) {
        return false;
      }
    });
    return s;
  }

  private static final class ServiceIdHolder {
    final org.jukebox.api.ServiceId id;

    ServiceIdHolder(SessionServerDaemon s) {
      this.id = s.id();
    }
  }

  /** The directory's session side, as {@code user} calls it. */
  SessionDirectory sessions(String user) throws RemoteException {
    SessionDirectory d = RemoteLookup.lookup(directoryAddress(), SessionDirectory.REGISTRY_NAME, SessionDirectory.class,
        SecureClientSocketFactory.forService(RemoteLookup.DIRECTORY_SERVICE));
    return ClientSecurity.as(users.get(user), d);
  }

  /** {@code stub} calling as {@code user}. */
  <T extends Remote> T as(String user, T stub) {
    return ClientSecurity.as(users.get(user), stub);
  }

  /** Exports a callback object over plain RMI, as a client does. */
  <T extends Remote> T export(T impl) throws RemoteException {
    return callbacks.export(impl);
  }

  static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(5); // a poll interval; the deadline bounds the loop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    callbacks.close();
    for (SessionServerDaemon s : servers) {
      s.close();
    }
    if (directory != null) {
      directory.close();
    }
    ClientSecurity.uninstall();
  }
}
