package org.jukebox.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.StreamTicket;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.NullAudioSink;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.soundsmith.SoundSmithConfig;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy over a secure jukebox: a SecureRMI directory and SoundSmith with a real PKI, the
 * proxy serving HTTPS with its own service certificate, and streaming as the logged-in user with
 * that user's certificate (tickets are bound to the principal they were issued to).
 */
class ProxySecureTest {
  private static final char[] PASS = "pki-passphrase-1".toCharArray();
  private static final String PROXY_SERVICE = "org.jukebox.web.ProxyServer";
  private static final String SMITH_SERVICE = "org.jukebox.soundsmith.Mp3SoundSmith";

  @TempDir static Path home;
  private static Pki pki;
  private static DirectoryServer directory;
  private static Mp3SoundSmith smith;
  private static JukeboxClient client;

  private static SecurityConfig config(CertificateKind kind, String name, String... mechanisms) throws Exception {
    KeyAndChain kc = pki.keyAndChain(kind, name, PASS.clone());
    return SecurityConfig.builder().trustAnchors(pki.caCertificate()).certificateCheck(pki.validator())
        .identity(kc.privateKey(), kc.chain()).mechanisms(mechanisms).build();
  }

  @BeforeAll
  static void startSecureJukebox() throws Exception {
    pki = Pki.at(home.resolve("pki"));
    CertificateAuthority ca = pki.createCa(PASS.clone(), KeyAlgorithm.ED25519, true);
    for (String s : new String[] {DirectoryServer.SERVICE_NAME, SMITH_SERVICE, PROXY_SERVICE}) {
      ca.issueService(s, PASS.clone());
    }
    ca.issueUser("alice", PASS.clone());
    // The proxy's own calls (catalogs) go with its service certificate.
    ClientSecurity.install(config(CertificateKind.SERVICE, PROXY_SERVICE, "signature", "anonymous"));
    directory = DirectoryServer.builder().port(0)
        .security(config(CertificateKind.SERVICE, DirectoryServer.SERVICE_NAME, "signature", "anonymous")).build();
    directory.start();
    HostPort dir = HostPort.of("127.0.0.1", directory.port());
    Path music = Files.createDirectories(home.resolve("music"));
    SampleLibrary.writeTone(music.resolve("1.mp3"), 440, 1.0, SampleLibrary.Tags.titled("Secret Tune").withArtist("Vault"));
    SoundSmithConfig sc = SoundSmithConfig.builder(new SoundSmithId("vault"), "Vault")
        .security(config(CertificateKind.SERVICE, SMITH_SERVICE, "signature", "anonymous")).build();
    smith = Mp3SoundSmith.builder(music, Files.createDirectories(home.resolve("vault-data")), sc).build();
    smith.joinDirectory(() -> RemoteLookup.directory(dir), Duration.ofSeconds(30));
    smith.start();
    client = JukeboxClient.builder(() -> RemoteLookup.directory(dir)).audioSink(NullAudioSink.create()).build();
    client.start();
    JukeboxExtension.await(Duration.ofSeconds(30), "the secure song in the catalog", () -> client.catalog().size() == 1);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (smith != null) {
      smith.close();
    }
    if (directory != null) {
      directory.close();
    }
    ClientSecurity.uninstall();
  }

  @Test
  void overHttpsTheCookieIsSecureAndStreamsComeWithTheUsersCertificate(@TempDir Path data) throws Exception {
    UserStore users = UserStore.open(data.resolve("users"), ProxyTestBase.CHEAP);
    users.put("alice", "alices-web-password".toCharArray(), "alice", PASS.clone());
    try (ProxyServer proxy = ProxyServer.builder(client, JukeboxAccess.pki(pki, null), data).users(users).port(0)
        .https(SecureHttp.server(config(CertificateKind.SERVICE, PROXY_SERVICE, "signature"))).build().start()) {
      assertEquals("https", proxy.url().getScheme());
      // A browser-like client that trusts the jukebox CA and presents no certificate of its own.
      HttpClient tls = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
          .sslContext(SecureHttp.client(SecurityConfig.builder().trustAnchors(pki.caCertificate())
              .certificateCheck(pki.validator()).build())).build();
      Browser b = new Browser(proxy.url(), tls);
      HttpResponse<String> login = b.login("alice", "alices-web-password");
      assertEquals(200, login.statusCode(), login.body());
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(cookie.endsWith("; Path=/; HttpOnly; SameSite=Strict; Secure"), cookie);
      assertEquals("max-age=31536000", login.headers().firstValue("Strict-Transport-Security").orElseThrow());

      Song song = client.catalog().get(0);
      // What alice gets straight from the SoundSmith with her own credentials.
      SecurityConfig alice = config(CertificateKind.USER, "alice", "signature");
      StreamTicket t = ClientSecurity.as(alice, client.locate(song.id()).orElseThrow().soundSmith()).openStream(song.id());
      assertEquals("https", t.url().getScheme());
      byte[] whole = SecureHttp.httpClient(alice).send(HttpRequest.newBuilder(t.url()).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
      HttpResponse<byte[]> part = b.bytes("/stream/" + song.id().value(), "Range", "bytes=500-1499");
      assertEquals(206, part.statusCode());
      assertArrayEquals(Arrays.copyOfRange(whole, 500, 1500), part.body());
    }
  }

  @Test
  void theUsersSecretMustOpenTheirKey(@TempDir Path data) throws Exception {
    JukeboxAccess access = JukeboxAccess.pki(pki, null);
    try (UserAgent a = access.open(new Credentials("web-alice", "alice", PASS.clone()))) {
      assertEquals("alice", a.user());
      assertTrue(a.dj().isEmpty());
    }
    assertThrows(Exception.class, () -> access.open(new Credentials("web-alice", "alice", "wrong-passphrase".toCharArray())));
  }
}
