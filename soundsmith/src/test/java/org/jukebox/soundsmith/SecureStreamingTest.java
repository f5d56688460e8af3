package org.jukebox.soundsmith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLException;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.StreamTicket;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SoundSmith with security streams over HTTPS with its own certificate, and a client
 * certificate on the stream request must name the user the ticket was issued to over SecureRMI.
 * Real PKI (keystores under a temporary directory), real SecureRMI and real HTTPS on 127.0.0.1.
 */
class SecureStreamingTest {
  private static final char[] PASS = "correct horse battery".toCharArray();
  private static final String SERVICE = "org.jukebox.soundsmith.InMemorySoundSmith";
  private static final int SIZE = 100_000;

  @TempDir
  static Path home;
  private static Pki pki;
  private static Pki otherPki;

  private final MutableClock clock = new MutableClock();
  private final byte[] audio = StreamingTest.randomBytes(SIZE, 11);
  private InMemorySoundSmith server;
  private SoundSmith stub;
  private Song song;

  @BeforeAll
  static void issueCertificates() throws Exception {
    pki = Pki.at(home.resolve("jukebox"));
    CertificateAuthority ca = pki.createCa(PASS, KeyAlgorithm.ED25519, false);
    ca.issueService(SERVICE, PASS);
    ca.issueUser("alice", PASS);
    ca.issueUser("bob", PASS);
    otherPki = Pki.at(home.resolve("other"));
    CertificateAuthority other = otherPki.createCa(PASS, KeyAlgorithm.ED25519, false);
    other.issueService(SERVICE, PASS);
    other.issueUser("carol", PASS);
  }

  @AfterEach
  void stop() {
    ClientSecurity.uninstall();
    if (server != null) {
      server.close();
    }
  }

  private static SecurityConfig config(Pki from, CertificateKind kind, String name) throws Exception {
    KeyAndChain kc = from.keyAndChain(kind, name, PASS);
    return SecurityConfig.builder()
        .trustAnchors(from.caCertificate())
        .certificateCheck(from.validator())
        .identity(kc.privateKey(), kc.chain())
        .build();
  }

  /** A client that trusts the jukebox CA and presents no certificate. */
  private static SecurityConfig anonymous() throws Exception {
    return SecurityConfig.builder().trustAnchors(pki.caCertificate()).certificateCheck(pki.validator()).build();
  }

  private void start(SoundSmithConfig.Builder config) throws IOException {
    server = new InMemorySoundSmith(config.clock(clock).build());
    song = server.song("a", "Song A", "Artist", "Album", 1, 1, SIZE);
    server.putBytes(song, audio);
    server.start();
    stub = server.stub();
  }

  /** A secure SoundSmith, and alice's credentials installed for SecureRMI. */
  private void startSecure() throws Exception {
    start(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice's music")
        .security(config(pki, CertificateKind.SERVICE, SERVICE)));
    ClientSecurity.install(config(pki, CertificateKind.USER, "alice"));
  }

  private static HttpClient as(String user) throws Exception {
    return SecureHttp.httpClient(config(pki, CertificateKind.USER, user));
  }

  private static HttpResponse<byte[]> get(HttpClient client, URI url, String range) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).GET();
    if (range != null) {
      b.header("Range", range);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    for (int i = 0; i < 20 && t.getCause() != null; i++) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void ticketUrlIsHttpsWhenSecure() throws Exception {
    startSecure();
    URI url = stub.openStream(song.id()).url();

    assertEquals("https", url.getScheme());
    assertEquals("127.0.0.1", url.getHost());
    assertEquals(server.httpPort(), url.getPort());
    assertTrue(url.getPath().startsWith("/stream/"), url.toString());
  }

  @Test
  void aliceRedeemsHerTicketOverHttps() throws Exception {
    startSecure();
    HttpClient alice = as("alice");

    HttpResponse<byte[]> whole = get(alice, stub.openStream(song.id()).url(), null);
    assertEquals(200, whole.statusCode());
    assertEquals("audio/mpeg", whole.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(audio, whole.body());

    HttpResponse<byte[]> part = get(alice, stub.openStream(song.id()).url(), "bytes=1000-1999");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 1000-1999/" + SIZE, part.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(audio, 1000, 2000), part.body());
  }

  @Test
  void bobsCertificateCannotRedeemAlicesTicket() throws Exception {
    startSecure();
    StreamTicket alices = stub.openStream(song.id());

    HttpResponse<byte[]> bobs = get(as("bob"), alices.url(), null);
    assertEquals(403, bobs.statusCode());
    assertEquals("ticket issued to alice, not to bob\n", body(bobs));

    HttpResponse<byte[]> own = get(as("alice"), alices.url(), null);
    assertEquals(200, own.statusCode(), "bob's attempt did not use the ticket up");
    assertArrayEquals(audio, own.body());
  }

  @Test
  void noClientCertificateRedeemsAsBearer() throws Exception {
    startSecure();

    HttpResponse<byte[]> r = get(SecureHttp.httpClient(anonymous()), stub.openStream(song.id()).url(), null);
    assertEquals(200, r.statusCode());
    assertArrayEquals(audio, r.body());
  }

  @Test
  void usedForgedAndUnknownTicketsAreRefusedOverHttpsAsOverHttp() throws Exception {
    startSecure();
    HttpClient alice = as("alice");
    URI url = stub.openStream(song.id()).url();
    assertEquals(200, get(alice, url, null).statusCode());

    HttpResponse<byte[]> again = get(alice, url, null);
    assertEquals(410, again.statusCode());
    assertEquals("ticket already used\n", body(again));
    String token = url.getPath().substring("/stream/".length());
    char last = token.charAt(token.length() - 1);
    URI forged = url.resolve("/stream/" + token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'));
    HttpResponse<byte[]> f = get(alice, forged, null);
    assertEquals(404, f.statusCode());
    assertEquals("no such ticket\n", body(f));
  }

  @Test
  void clientRefusesAServerWithAnUntrustedCertificate() throws Exception {
    start(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice's music")
        .security(config(otherPki, CertificateKind.SERVICE, SERVICE)));
    ClientSecurity.install(config(otherPki, CertificateKind.USER, "carol"));
    URI url = stub.openStream(song.id()).url();

    // Bouncy Castle's SSLEngine reports TLS failures as SSLException (SunJSSE: SSLHandshakeException).
    SSLException e = assertThrows(SSLException.class, () -> get(as("alice"), url, null));
    assertEquals("certificate for " + SERVICE + " is not signed by the jukebox CA "
        + pki.caCertificate().getSubjectX500Principal().getName(), rootCause(e).getMessage());
  }

  @Test
  void plainHttpToTheHttpsPortGetsNoAudio() throws Exception {
    startSecure();
    URI url = stub.openStream(song.id()).url();
    URI plain = URI.create("http://127.0.0.1:" + url.getPort() + url.getPath());

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThrows(IOException.class, () -> get(http, plain, null));
    assertEquals(200, get(as("alice"), url, null).statusCode(), "the plaintext attempt did not use the ticket");
  }

  @Test
  void insecureSoundSmithStillServesPlainHttp() throws Exception {
    start(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice's music"));
    URI url = stub.openStream(song.id()).url();
    assertEquals("http", url.getScheme());

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<byte[]> r = get(http, url, null);
    assertEquals(200, r.statusCode());
    assertArrayEquals(audio, r.body());
  }
}
