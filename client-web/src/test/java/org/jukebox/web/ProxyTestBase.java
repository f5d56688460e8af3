package org.jukebox.web;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.imageio.ImageIO;
import org.jukebox.api.CoverArt;
import org.jukebox.api.Song;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.NullAudioSink;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real jukebox in-process (directory, DJ, one MP3 SoundSmith with three real MP3s, one of them
 * with cover art and one titled like a script tag) and a fresh proxy for every test, with the
 * accounts alice and bob.
 */
abstract class ProxyTestBase {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SCRIPT_TITLE = "<script>alert(1)</script>";
  static final String ALICE_PASSWORD = "alice-password-1";
  static final String BOB_PASSWORD = "bob-password-22";
  static final UserStore.KdfCost CHEAP = new UserStore.KdfCost(1024, 1, 1);
  static byte[] coverPng;

  @RegisterExtension
  static final JukeboxExtension jukebox = JukeboxExtension.builder()
      .withDj()
      .soundSmith("shelf", (config, data) -> {
        Path music = Files.createDirectories(data.resolveSibling("shelf-music"));
        if (!Files.exists(music.resolve("1.mp3"))) {
          SampleLibrary.writeTone(music.resolve("1.mp3"), 330, 1.5, SampleLibrary.Tags.titled("Morning Tune")
              .withArtist("Shelf").withAlbum("Days").withTrack(1, 2).withCover(new CoverArt("image/png", cover())));
          SampleLibrary.writeTone(music.resolve("2.mp3"), 440, 1.5, SampleLibrary.Tags.titled(SCRIPT_TITLE)
              .withArtist("Shelf").withAlbum("Days").withTrack(2, 2));
          SampleLibrary.writeTone(music.resolve("3.mp3"), 550, 1.5, SampleLibrary.Tags.titled("Evening Tune")
              .withArtist("Other & Sons").withAlbum("Nights").withTrack(1, 1));
        }
        return Mp3SoundSmith.builder(music, data, config).build();
      })
      .build();

  static JukeboxClient client;

  @TempDir Path data;
  MutableClock clock;
  UserStore users;
  ProxyServer proxy;

  @BeforeAll
  static void connect() throws Exception {
    jukebox.awaitListed(WAIT, "shelf");
    client = JukeboxClient.builder(jukebox.directory()).audioSink(NullAudioSink.create()).build();
    client.start();
    JukeboxExtension.await(WAIT, "three songs in the catalog", () -> client.catalog().size() == 3);
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @BeforeEach
  void startProxy() throws Exception {
    clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    users = UserStore.open(data.resolve("users"), CHEAP);
    users.put("alice", ALICE_PASSWORD.toCharArray(), "alice", new char[0]);
    users.put("bob", BOB_PASSWORD.toCharArray(), "bob", new char[0]);
    proxy = configure(ProxyServer.builder(client, TestAccess.of(jukebox.dj().local()), data)
        .users(users).port(0).clock(clock)).build().start();
  }

  /** Hook for tests that need other settings. */
  ProxyServer.Builder configure(ProxyServer.Builder b) {
    return b;
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  Browser browser() {
    return new Browser(proxy.url());
  }

  Browser loggedIn(String user, String password) throws Exception {
    Browser b = browser();
    int status = b.login(user, password).statusCode();
    if (status != 200) {
      throw new AssertionError("login of " + user + " answered " + status);
    }
    return b;
  }

  static Song song(String title) {
    return client.catalog().stream().filter(s -> s.title().equals(title)).findFirst().orElseThrow();
  }

  static synchronized byte[] cover() throws java.io.IOException {
    if (coverPng == null) {
      BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(Color.ORANGE);
      g.fillRect(0, 0, 16, 16);
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      coverPng = out.toByteArray();
    }
    return coverPng.clone();
  }
}
