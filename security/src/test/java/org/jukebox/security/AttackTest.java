package org.jukebox.security;

import static org.jukebox.security.Refusals.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the channel and on authentication over real sockets: each asserts the exact
 * refusal, that the protected object was not called, and that an honest client is served
 * afterwards.
 */
class AttackTest {
  static final String SERVICE = "org.jukebox.security.EchoService";
  static final TestPki PKI = TestPki.create("Jukebox Test CA");
  static final TestPki EVIL = TestPki.create("Evil CA");
  static final TestPki.Credentials SERVER = PKI.service(SERVICE);
  static final TestPki.Credentials ALICE = PKI.user("alice");
  static final SecurityConfig HONEST = PKI.config(ALICE).mechanisms("signature").build();

  private final List<RemoteExporter> exporters = new ArrayList<>();
  private final EchoService service = new EchoService();

  @AfterEach
  void tearDown() {
    exporters.forEach(RemoteExporter::close);
    ClientSecurity.uninstall();
  }

  private Echo export(SecurityConfig serverConfig) throws Exception {
    RemoteExporter e = RemoteExporter.secure(serverConfig, 0);
    exporters.add(e);
    return e.export(service);
  }

  private Echo export() throws Exception {
    return export(PKI.config(SERVER).mechanisms("signature").build());
  }

  /** A second, properly certified server for the honest client, when the attacked one is an impostor. */
  private Echo honestServer() throws Exception {
    RemoteExporter e = RemoteExporter.secure(PKI.config(SERVER).mechanisms("signature").build(), 0);
    exporters.add(e);
    return e.export(new EchoService());
  }

  private static void honestClientIsServed(Echo stub) throws Exception {
    assertEquals(JukeboxPrincipal.user("alice", "signature"), ClientSecurity.as(HONEST, stub).whoAmI());
  }

  private void nothingWasCalled() {
    assertEquals(0, service.taken.get());
  }

  @Test
  void unauthenticatedCallToAProtectedObjectIsRefused() throws Exception {
    Echo stub = export();
    ClientSecurity.install(PKI.config().mechanisms("anonymous").build());
    assertEquals("authentication refused by service " + SERVICE + ": no acceptable authentication mechanism"
        + " (offered [anonymous], accepted [signature])", refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void clientWithNoSecurityInstalledIsToldSo() throws Exception {
    Echo stub = export();
    assertEquals("no client security is installed in this process: call ClientSecurity.install(config) before"
        + " calling service " + SERVICE, Refusals.reason(IOException.class, () -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void serverCertificateFromAnotherCaIsRefused() throws Exception {
    TestPki.Credentials impostor = EVIL.service(SERVICE);
    Echo stub = export(SecurityConfig.builder().trustAnchors(EVIL.ca()).identity(impostor.key(), impostor.chain())
        .mechanisms("signature").build());
    ClientSecurity.install(HONEST);
    assertEquals("certificate for " + SERVICE + " is not signed by a trusted jukebox CA (issuer CN=Evil CA)",
        refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(honestServer());
  }

  @Test
  void selfSignedServerCertificateIsRefused() throws Exception {
    TestPki.Credentials self = TestPki.selfSigned("service", SERVICE);
    Echo stub = export(SecurityConfig.builder().trustAnchors(PKI.ca()).identity(self.key(), self.chain())
        .mechanisms("signature").build());
    ClientSecurity.install(HONEST);
    assertEquals("certificate for " + SERVICE + " is self-signed, not issued by a trusted jukebox CA",
        refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(honestServer());
  }

  @Test
  void expiredServerCertificateIsRefused() throws Exception {
    TestPki.Credentials old = PKI.issue("service", SERVICE, "Ed25519", Instant.now().minus(Duration.ofDays(400)),
        Duration.ofDays(365));
    Echo stub = export(PKI.config(old).mechanisms("signature").build());
    ClientSecurity.install(HONEST);
    assertEquals("certificate for " + SERVICE + " expired on " + old.certificate().getNotAfter().toInstant(),
        refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(honestServer());
  }

  @Test
  void revokedServerCertificateIsRefused() throws Exception {
    Echo stub = export();
    X509Certificate cert = SERVER.certificate();
    ClientSecurity.install(PKI.config(ALICE).mechanisms("signature")
        .revocation(c -> c.getSerialNumber().equals(cert.getSerialNumber())).build());
    assertEquals("certificate for " + SERVICE + " (serial 0x" + cert.getSerialNumber().toString(16) + ") is revoked",
        refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void validCertificateForAnotherServiceIsRefused() throws Exception {
    int port = freePort();
    RemoteExporter other = RemoteExporter.secure(PKI.config(PKI.service("org.jukebox.Other")).build(), port);
    exporters.add(other);
    Registry registry = other.createRegistry();
    registry.rebind("echo", other.export(service));
    ClientSecurity.install(HONEST);
    Registry expectingEcho = LocateRegistry.getRegistry("127.0.0.1", port, SecureClientSocketFactory.forService(SERVICE));
    assertEquals("certificate is for service org.jukebox.Other, expected service " + SERVICE,
        refusal(() -> expectingEcho.lookup("echo")));
    honestClientIsServed(honestServer());
  }

  @Test
  void userCertificateCannotPoseAsAService() throws Exception {
    int port = freePort();
    RemoteExporter mallory = RemoteExporter.secure(PKI.config(PKI.user("mallory")).build(), port);
    exporters.add(mallory);
    mallory.createRegistry();
    ClientSecurity.install(HONEST);
    Registry expectingEcho = LocateRegistry.getRegistry("127.0.0.1", port, SecureClientSocketFactory.forService(SERVICE));
    assertEquals("certificate is for user mallory, expected service " + SERVICE,
        refusal(() -> expectingEcho.lookup("echo")));
    honestClientIsServed(honestServer());
  }

  @Test
  void expiredClientCertificateIsRefused() throws Exception {
    Echo stub = export();
    TestPki.Credentials old = PKI.issue("user", "alice", "Ed25519", Instant.now().minus(Duration.ofDays(400)),
        Duration.ofDays(365));
    ClientSecurity.install(PKI.config(old).mechanisms("signature").build());
    assertEquals("authentication refused by service " + SERVICE + ": certificate for alice expired on "
        + old.certificate().getNotAfter().toInstant(), refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void clientCertificateFromAnotherCaIsRefused() throws Exception {
    Echo stub = export();
    TestPki.Credentials forged = EVIL.user("alice");
    ClientSecurity.install(SecurityConfig.builder().trustAnchors(PKI.ca()).identity(forged.key(), forged.chain())
        .mechanisms("signature").build());
    assertEquals("authentication refused by service " + SERVICE
        + ": certificate for alice is not signed by a trusted jukebox CA (issuer CN=Evil CA)",
        refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void selfSignedClientCertificateIsRefused() throws Exception {
    Echo stub = export();
    TestPki.Credentials self = TestPki.selfSigned("user", "alice");
    ClientSecurity.install(SecurityConfig.builder().trustAnchors(PKI.ca()).identity(self.key(), self.chain())
        .mechanisms("signature").build());
    assertEquals("authentication refused by service " + SERVICE
        + ": certificate for alice is self-signed, not issued by a trusted jukebox CA", refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void revokedClientCertificateIsRefused() throws Exception {
    TestPki.Credentials bob = PKI.user("bob");
    Echo stub = export(PKI.config(SERVER).mechanisms("signature")
        .revocation(c -> c.getSerialNumber().equals(bob.certificate().getSerialNumber())).build());
    ClientSecurity.install(PKI.config(bob).mechanisms("signature").build());
    assertEquals("authentication refused by service " + SERVICE + ": certificate for bob (serial 0x"
        + bob.certificate().getSerialNumber().toString(16) + ") is revoked", refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void signatureWithAnotherKeyThanTheCertificatesIsRefused() throws Exception {
    Echo stub = export();
    TestPki.Credentials mallory = PKI.user("mallory");
    // Mallory presents Alice's certificate but can only sign with her own key.
    ClientSecurity.install(PKI.config().authenticator(SignatureAuthenticator.of(mallory.key(), ALICE.chain())).build());
    assertEquals("authentication refused by service " + SERVICE + ": signature of user alice does not verify for this"
        + " connection (forged, or replayed from another connection)", refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void replayedAuthenticationExchangeIsRefused() throws Exception {
    Echo stub = export();
    List<byte[]> captured = new ArrayList<>();
    Authenticator recording = new Recording(SignatureAuthenticator.of(ALICE.key(), ALICE.chain()), captured);
    Echo recorded = ClientSecurity.as(PKI.config().authenticator(recording).build(), stub);
    assertEquals(JukeboxPrincipal.user("alice", "signature"), recorded.whoAmI());
    assertEquals(1, captured.size());

    Authenticator replaying = new Authenticator() {
      @Override
      public String mechanism() {
        return "signature";
      }

      @Override
      public void authenticate(Exchange exchange) throws IOException {
        for (byte[] m : captured) {
          exchange.send(m);
        }
      }
    };
    Echo replayed = ClientSecurity.as(PKI.config().authenticator(replaying).build(), stub);
    assertEquals("authentication refused by service " + SERVICE + ": signature of user alice does not verify for this"
        + " connection (forged, or replayed from another connection)", refusal(() -> replayed.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void malformedSignatureMessageIsRefused() throws Exception {
    Echo stub = export();
    Authenticator garbage = new Authenticator() {
      @Override
      public String mechanism() {
        return "signature";
      }

      @Override
      public void authenticate(Exchange exchange) throws IOException {
        exchange.send(new byte[] {9, 0, 0});
      }
    };
    ClientSecurity.install(PKI.config().authenticator(garbage).build());
    assertEquals("authentication refused by service " + SERVICE
        + ": malformed signature message: certificate count 9 is not 1..5", refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  @Test
  void authenticatorThatGivesUpTellsTheServerWhy() throws Exception {
    Echo stub = export(PKI.config(SERVER).verifier(new Verifier() {
      @Override
      public String mechanism() {
        return "quiz";
      }

      @Override
      public JukeboxPrincipal verify(Exchange exchange) throws IOException {
        exchange.send(new byte[] {42});
        exchange.receive();
        throw new AssertionError("the client gave up, so receive must fail");
      }
    }).mechanisms("signature").build());
    Authenticator quitter = new Authenticator() {
      @Override
      public String mechanism() {
        return "quiz";
      }

      @Override
      public void authenticate(Exchange exchange) throws IOException {
        exchange.receive();
        throw new AuthenticationException("the server asked an unknown question");
      }
    };
    ClientSecurity.install(PKI.config().authenticator(quitter).build());
    assertEquals("the server asked an unknown question", refusal(() -> stub.take("x")));
    nothingWasCalled();
    honestClientIsServed(stub);
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  /** Wraps an authenticator and records every message it sends. */
  static final class Recording extends Authenticator {
    private final Authenticator inner;
    private final List<byte[]> sent;

    Recording(Authenticator inner, List<byte[]> sent) {
      this.inner = inner;
      this.sent = sent;
    }

    @Override
    public String mechanism() {
      return inner.mechanism();
    }

    @Override
    public void authenticate(Exchange exchange) throws IOException {
      inner.authenticate(new Exchange() {
        @Override
        public void send(byte[] message) throws IOException {
          sent.add(message.clone());
          exchange.send(message);
        }

        @Override
        public byte[] receive() throws IOException {
          return exchange.receive();
        }

        @Override
        public byte[] channelBinding() {
          return exchange.channelBinding();
        }

        @Override
        public List<X509Certificate> serverCertificates() {
          return exchange.serverCertificates();
        }

        @Override
        public String serverName() {
          return exchange.serverName();
        }
      });
    }
  }

}
