package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SecureHttp} over real HTTPS on 127.0.0.1: the JDK's {@code HttpsServer} with a server
 * context, the JDK's {@code HttpClient} with a client context. The server answers with what the
 * TLS session says: protocol, suite, and the principal {@link SecureHttp#principalOf} finds.
 */
class SecureHttpTest {
  private static final TestPki PKI = TestPki.create("Jukebox HTTPS Test CA");
  private static final TestPki OTHER_PKI = TestPki.create("Some Other CA");
  private static final String SERVICE = "org.jukebox.soundsmith.Mp3SoundSmith";
  private static final TestPki.Credentials SERVER = PKI.service(SERVICE);
  private static final TestPki.Credentials ALICE = PKI.user("alice");

  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private HttpsServer server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.stop(0);
    }
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
  }

  /** Starts an HTTPS server on 127.0.0.1 that answers "protocol suite principal". */
  private int serve(SecurityConfig config) throws IOException {
    SSLContext tls = SecureHttp.server(config);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        params.setSSLParameters(getSSLContext().getDefaultSSLParameters());
      }
    });
    server.setExecutor(executor);
    server.createContext("/", ex -> {
      try (ex) {
        SSLSession s = ((HttpsExchange) ex).getSSLSession();
        String who;
        try {
          who = SecureHttp.principalOf(s, config).map(JukeboxPrincipal::toString).orElse("nobody");
        } catch (SecurityException e) {
          who = "refused: " + e.getMessage();
        }
        byte[] body = (s.getProtocol() + " " + s.getCipherSuite() + " " + who).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    return server.getAddress().getPort();
  }

  private static String get(HttpClient client, String url) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    for (int i = 0; i < 20 && t.getCause() != null; i++) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void clientPresentingAUserCertificateIsThatUser() throws Exception {
    int port = serve(PKI.config(SERVER).build());
    HttpClient alice = SecureHttp.httpClient(PKI.config(ALICE).build());

    assertEquals("TLSv1.3 TLS_AES_128_GCM_SHA256 alice (user, signature)",
        get(alice, "https://127.0.0.1:" + port + "/"));
  }

  @Test
  void hostNameIdentificationDoesNotStandInTheWayOfCertificatesThatNameServices() throws Exception {
    // The service certificate names no host or address; the JDK client still asks for HTTPS
    // endpoint identification, which only our trust manager could do, and it does not.
    for (List<?> san : SERVER.certificate().getSubjectAlternativeNames()) {
      assertEquals(6, san.get(0), "a URI only, no DNS name or IP address: " + san);
    }
    int port = serve(PKI.config(SERVER).build());
    HttpClient alice = SecureHttp.httpClient(PKI.config(ALICE).build());

    assertTrue(get(alice, "https://localhost:" + port + "/").endsWith("alice (user, signature)"));
    assertTrue(get(alice, "https://127.0.0.1:" + port + "/").endsWith("alice (user, signature)"));
  }

  @Test
  void clientWithoutAnIdentityConnectsAndProvesNobody() throws Exception {
    int port = serve(PKI.config(SERVER).build());
    HttpClient anonymous = SecureHttp.httpClient(PKI.config().build());

    assertTrue(get(anonymous, "https://127.0.0.1:" + port + "/").endsWith(" nobody"));
  }

  @Test
  void ecdsaUserCertificateIsPresentedAsWellAsEd25519() throws Exception {
    TestPki.Credentials carol = PKI.issue("user", "carol", "EC", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(30));
    int port = serve(PKI.config(SERVER).build());

    assertTrue(get(SecureHttp.httpClient(PKI.config(carol).build()), "https://127.0.0.1:" + port + "/")
        .endsWith("carol (user, signature)"));
  }

  @Test
  void clientRefusesAServerWithAnUntrustedCertificate() throws Exception {
    int port = serve(OTHER_PKI.config(OTHER_PKI.service(SERVICE)).build());
    HttpClient alice = SecureHttp.httpClient(PKI.config(ALICE).build());

    // Bouncy Castle's SSLEngine reports every TLS failure as an SSLException (SunJSSE would say
    // SSLHandshakeException); the reason is the certificate check's.
    SSLException e = assertThrows(SSLException.class, () -> get(alice, "https://127.0.0.1:" + port + "/"));
    assertEquals("certificate for " + SERVICE + " is not signed by a trusted jukebox CA (issuer CN=Some Other CA)",
        rootCause(e).getMessage());
  }

  @Test
  void clientRefusesAServerPresentingAUserCertificate() throws Exception {
    TestPki.Credentials mallory = PKI.issue("user", "mallory", "Ed25519", Instant.now().minus(Duration.ofDays(1)),
        Duration.ofDays(30));
    int port = serve(PKI.config(mallory).build());
    HttpClient alice = SecureHttp.httpClient(PKI.config(ALICE).build());

    SSLException e = assertThrows(SSLException.class, () -> get(alice, "https://127.0.0.1:" + port + "/"));
    assertEquals("certificate is for user mallory, expected a service", rootCause(e).getMessage());
  }

  @Test
  void serverRefusesAClientCertificateFromAnotherCa() throws Exception {
    int port = serve(PKI.config(SERVER).build());
    // The client trusts both CAs, so only the server's check of the client can fail.
    TestPki.Credentials strangeAlice = OTHER_PKI.user("alice");
    HttpClient stranger = SecureHttp.httpClient(SecurityConfig.builder()
        .trustAnchors(PKI.ca(), OTHER_PKI.ca())
        .identity(strangeAlice.key(), strangeAlice.chain())
        .build());

    assertThrows(IOException.class, () -> get(stranger, "https://127.0.0.1:" + port + "/"));
    // An honest client is served afterwards.
    assertTrue(get(SecureHttp.httpClient(PKI.config(ALICE).build()), "https://127.0.0.1:" + port + "/")
        .endsWith("alice (user, signature)"));
  }

  @Test
  void principalOfChecksTheChainAgainWithTheGivenConfiguration() throws Exception {
    // A server whose own check accepts alice, asking principalOf with a configuration that
    // has revoked her since: the session outlived the revocation.
    SecurityConfig serverConfig = PKI.config(SERVER).build();
    SecurityConfig revokedAlice = PKI.config(SERVER)
        .revocation(c -> c.getSerialNumber().equals(ALICE.certificate().getSerialNumber())).build();
    SSLContext tls = SecureHttp.server(serverConfig);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        params.setSSLParameters(getSSLContext().getDefaultSSLParameters());
      }
    });
    server.setExecutor(executor);
    server.createContext("/", ex -> {
      try (ex) {
        String answer;
        try {
          answer = SecureHttp.principalOf(((HttpsExchange) ex).getSSLSession(), revokedAlice).toString();
        } catch (SecurityException e) {
          answer = e.getMessage();
        }
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();

    String answer = get(SecureHttp.httpClient(PKI.config(ALICE).build()),
        "https://127.0.0.1:" + server.getAddress().getPort() + "/");
    assertEquals("client certificate refused: certificate for alice (serial 0x"
        + ALICE.certificate().getSerialNumber().toString(16) + ") is revoked", answer);
  }

  @Test
  void contextsNeedWhatTheirRoleUses() {
    IllegalArgumentException noIdentity = assertThrows(IllegalArgumentException.class,
        () -> SecureHttp.server(PKI.config().build()));
    assertTrue(noIdentity.getMessage().startsWith("an HTTPS server needs an identity: SecurityConfig[identity=none"),
        noIdentity.getMessage());
    IllegalArgumentException noTrust = assertThrows(IllegalArgumentException.class,
        () -> SecureHttp.client(SecurityConfig.builder().build()));
    assertTrue(noTrust.getMessage().startsWith("an HTTPS client needs trust anchors or a certificate check to check"
        + " servers: "), noTrust.getMessage());
  }

  @Test
  void contextsMakeEnginesSetUpForTls13AndNoSockets() throws Exception {
    SSLContext tls = SecureHttp.server(PKI.config(SERVER).build());
    javax.net.ssl.SSLEngine engine = tls.createSSLEngine();
    assertEquals(List.of("TLSv1.3"), List.of(engine.getEnabledProtocols()));
    assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384"),
        List.of(engine.getEnabledCipherSuites()));
    assertTrue(engine.getWantClientAuth());
    assertTrue(tls.getDefaultSSLParameters().getWantClientAuth());
    assertEquals(List.of("x25519", "secp256r1"),
        List.of(((org.bouncycastle.jsse.BCSSLEngine) engine).getParameters().getNamedGroups()));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, tls::getSocketFactory);
    assertEquals("this HTTPS context makes SSLEngines only (HttpsServer, HttpClient)", e.getMessage());
    assertThrows(java.security.KeyManagementException.class, () -> tls.init(null, null, null));
  }
}
