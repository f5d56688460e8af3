package org.jukebox.client.session;

import java.nio.file.Path;
import java.rmi.RemoteException;
import java.time.Clock;
import java.time.Duration;
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
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecureClientSocketFactory;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.jukebox.session.SessionServerDaemon;

/** A secure directory and session server on loopback with users alice, bob and carol. */
final class SessionNet implements AutoCloseable {
  static final char[] PASS = "correct horse battery".toCharArray();

  final Path home;
  private final Pki pki;
  private final Map<String, SecurityConfig> users = new HashMap<>();
  final SecurityConfig serverSecurity;
  final DirectoryServer directory;
  final List<SessionServerDaemon> servers = new ArrayList<>();

  SessionNet(Path home) throws Exception {
    this.home = home;
    pki = Pki.at(home.resolve("pki"));
    CertificateAuthority ca = pki.createCa(PASS, KeyAlgorithm.ED25519, false);
    ca.issueService(DirectoryServer.SERVICE_NAME, PASS);
    ca.issueService(SessionServerDaemon.SERVICE_NAME, PASS);
    for (String u : List.of("alice", "bob", "carol")) {
      ca.issueUser(u, PASS);
      users.put(u, config(CertificateKind.USER, u));
    }
    serverSecurity = config(CertificateKind.SERVICE, SessionServerDaemon.SERVICE_NAME);
    ClientSecurity.install(serverSecurity);
    directory = DirectoryServer.builder().port(0)
        .security(config(CertificateKind.SERVICE, DirectoryServer.SERVICE_NAME)).build().start();
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
    return HostPort.of("127.0.0.1", directory.port());
  }

  SessionServerDaemon startServer(String dataName, Clock clock) throws Exception {
    SessionServerDaemon s = SessionServerDaemon.builder(home.resolve(dataName)).port(0).clock(clock)
        .security(serverSecurity).directory(directoryAddress()).httpBindAddress("127.0.0.1")
        .announceLease(Duration.ofSeconds(10)).build().start();
    servers.add(s);
    MusicDirectory d = RemoteLookup.directory(directoryAddress());
    await(Duration.ofSeconds(10), "the directory to list the session server", () -> {
      try {
        return d.services(SessionServer.SERVICE_KIND).stream().anyMatch(e -> e.service().equals(s.stub()));
      } catch (RemoteException e) {
        return false;
      }
    });
    return s;
  }

  /** The directory's session side (the client binds it to its user). */
  SessionDirectory sessions() throws RemoteException {
    return RemoteLookup.lookup(directoryAddress(), SessionDirectory.REGISTRY_NAME, SessionDirectory.class,
        SecureClientSocketFactory.forService(RemoteLookup.DIRECTORY_SERVICE));
  }

  static void await(Duration timeout, String what, BooleanSupplier condition) {
    org.jukebox.client.Await.until(what, timeout, condition);
  }

  @Override
  public void close() {
    for (SessionServerDaemon s : servers) {
      s.close();
    }
    directory.close();
    ClientSecurity.uninstall();
  }
}
