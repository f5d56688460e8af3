package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.NullAudioSink;
import org.jukebox.web.ProxyServer;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.Pki;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.testkit.JukeboxExtension;
import org.jukebox.web.Credentials;
import org.jukebox.web.UserStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jukebox proxy} and {@code jukebox proxy adduser}. */
class ProxyCommandTest {
  private static final String KEY_PASSPHRASE = "key-passphrase-123";

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .soundSmith("shelf", (config, data) -> {
        Path music = Files.createDirectories(data.resolveSibling("shelf-music"));
        if (!Files.exists(music.resolve("1.mp3"))) {
          SampleLibrary.writeTone(music.resolve("1.mp3"), 330, 0.5, SampleLibrary.Tags.titled("Proxy Tune").withArtist("Shelf"));
        }
        return Mp3SoundSmith.builder(music, data, config).build();
      })
      .build();

  @TempDir Path home;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private ProxyCommand.AddUser addUser(String... args) {
    ProxyCommand.AddUser cmd = new ProxyCommand.AddUser();
    new CommandLine(cmd).parseArgs(args);
    cmd.env = Map.of();
    cmd.prompt = text -> null;
    cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    return cmd;
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(home.resolve(name), text + "\n");
  }

  @Test
  void adduserSealsTheKeyPassphraseAfterCheckingItOpensTheKey() throws Exception {
    Pki pki = Pki.at(home);
    pki.createCa(KEY_PASSPHRASE.toCharArray(), KeyAlgorithm.ED25519, true).issueUser("carol", KEY_PASSPHRASE.toCharArray());
    Path password = file("pw", "carols-proxy-password");
    assertEquals(0, addUser("carol", "--home", home.toString(), "--password-file", password.toString(),
        "--key-passphrase-file", file("key", KEY_PASSPHRASE).toString()).call());
    Path users = home.resolve("proxy").resolve("users");
    assertEquals("added proxy account carol for jukebox user carol in " + users + System.lineSeparator(),
        out.toString(StandardCharsets.UTF_8));
    String stored = Files.readString(users.resolve("carol.user"));
    assertFalse(stored.contains(KEY_PASSPHRASE), stored);
    assertFalse(stored.contains("carols-proxy-password"), stored);
    Credentials c = UserStore.open(users).unlock("carol", "carols-proxy-password".toCharArray()).orElseThrow();
    assertEquals(KEY_PASSPHRASE, new String(c.secret()));

    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> addUser("dave",
        "--jukebox-user", "carol", "--home", home.toString(), "--password-file", password.toString(),
        "--key-passphrase-file", file("bad", "not-the-passphrase").toString()).call());
    assertTrue(wrong.getMessage().startsWith("cannot open the key of jukebox user carol: "), wrong.getMessage());
    assertFalse(Files.exists(users.resolve("dave.user")));
  }

  @Test
  void adduserWithoutAPasswordSourceSaysHowToGiveOne() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> addUser("erin", "--insecure", "--home", home.toString()).call());
    assertEquals("no proxy password: use --password-file FILE, set JUKEBOX_PROXY_PASSWORD, or run on a terminal",
        e.getMessage());
    assertEquals("bad user name (1-32 of a-z 0-9 . _ -, starting with a letter or digit): \"Erin/..\"",
        assertThrows(IllegalArgumentException.class, () -> addUser("Erin/..", "--insecure").call()).getMessage());
  }

  @Test
  void theProxyServesTheDirectorysSongsToAnAddedUser() throws Exception {
    jukebox.awaitListed(Duration.ofSeconds(30), "shelf");
    assertEquals(0, addUser("erin", "--insecure", "--home", home.toString(), "--password-file",
        file("pw", "erins-password").toString()).call());
    ProxyCommand cmd = new ProxyCommand();
    new CommandLine(cmd).parseArgs("--insecure", "--home", home.toString(), "--port", "0",
        "--directory", jukebox.directoryAddress().toString());
    try (ProxyCommand.Running r = cmd.start(new PrintStream(out, true, StandardCharsets.UTF_8))) {
      URI url = r.proxy().url();
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("HTML proxy on " + url + " ("), out.toString(StandardCharsets.UTF_8));
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> login = http.send(HttpRequest.newBuilder(url.resolve("/api/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("user=erin&password=erins-password")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode(), login.body());
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      JukeboxExtension.await(Duration.ofSeconds(30), "the song through the proxy", () -> {
        try {
          return http.send(HttpRequest.newBuilder(url.resolve("/api/songs?q=proxy")).header("Cookie", cookie).build(),
              HttpResponse.BodyHandlers.ofString()).body().contains("\"title\":\"Proxy Tune\"");
        } catch (Exception e) {
          return false;
        }
      });
    }
  }

  @Test
  void theDemoProxyMakesLoginsForDemoAndFriendOnceAndPrintsThem() throws Exception {
    jukebox.awaitListed(Duration.ofSeconds(30), "shelf");
    Path logins = home.resolve("proxy").resolve("demo-logins");
    String demoPassword;
    try (JukeboxClient c = JukeboxClient.builder(jukebox.directory()).audioSink(NullAudioSink.create()).build()) {
      c.start();
      try (ProxyServer p = ProxyCommand.demo(c, home, jukebox.directoryAddress(), null, 0,
          new PrintStream(out, true, StandardCharsets.UTF_8))) {
        Properties props = new Properties();
        try (var r = Files.newBufferedReader(logins)) {
          props.load(r);
        }
        demoPassword = props.getProperty("demo");
        assertTrue(demoPassword.matches("demo-[A-Za-z0-9_-]{12}"), demoPassword);
        assertEquals("HTML proxy on " + p.url() + " — log in as demo / " + demoPassword + " or friend / "
            + props.getProperty("friend") + " (kept in " + logins + ")" + System.lineSeparator(),
            out.toString(StandardCharsets.UTF_8));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(logins)));
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(p.url().resolve("/api/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("user=friend&password=" + props.getProperty("friend"))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
      }
      try (ProxyServer again = ProxyCommand.demo(c, home, jukebox.directoryAddress(), null, 0,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
        assertTrue(Files.readString(logins).contains("demo=" + demoPassword), "the logins are kept across runs");
      }
    }
  }

  @Test
  void defaultsAreLoopbackPort8080AndTheLocalDirectory() {
    ProxyCommand cmd = new ProxyCommand();
    new CommandLine(cmd).parseArgs();
    assertEquals(8080, cmd.port);
    assertEquals("127.0.0.1", cmd.bind);
    assertEquals("127.0.0.1:4160", cmd.directory);
    assertFalse(cmd.plainHttp);
  }
}
