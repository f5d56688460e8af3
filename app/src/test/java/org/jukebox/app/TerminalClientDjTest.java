package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.EventKind;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Pick;
import org.jukebox.api.Preference;
import org.jukebox.api.ProfileView;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.Taste;
import org.jukebox.client.DjClient;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.NullAudioSink;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The terminal client's DJ commands against a real DJ (its service object, called as alice, since
 * plain RMI would make every caller anonymous) and a real SoundSmith.
 */
class TerminalClientDjTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .withDj()
      .soundSmith("shelf", (config, data) -> {
        Path music = Files.createDirectories(data.resolveSibling("shelf-music"));
        for (int i = 1; i <= 3; i++) {
          Path f = music.resolve(i + ".mp3");
          if (!Files.exists(f)) {
            SampleLibrary.writeTone(f, 300 * i, 0.6, SampleLibrary.Tags.titled("Tune " + i).withArtist("Shelf"));
          }
        }
        return Mp3SoundSmith.builder(music, data, config).build();
      })
      .build();

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private JukeboxClient client;
  private DjClient dj;
  private TerminalClient ui;

  @BeforeEach
  void connect() throws Exception {
    jukebox.awaitListed(WAIT, "shelf");
    client = JukeboxClient.builder(jukebox.directory()).audioSink(NullAudioSink.create()).build();
    client.start();
    JukeboxExtension.await(WAIT, "three songs in the catalog", () -> client.catalog().size() == 3);
    dj = DjClient.builder(DjClient.of(as("alice", jukebox.dj().local()))).interval(Duration.ofMillis(20)).build();
    ui = new TerminalClient(client, new PrintStream(buffer, true, StandardCharsets.UTF_8), false, 0).withDj(dj);
  }

  @AfterEach
  void disconnect() {
    ui.closeDj();
    client.close();
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private Song tune(int n) {
    return client.catalog().stream().filter(s -> s.title().equals("Tune " + n)).findFirst().orElseThrow();
  }

  private List<Preference> aliceProfile() throws Exception {
    return Caller.callAs(JukeboxPrincipal.user("alice", "test"), () -> jukebox.dj().local().profile("alice", 10))
        .preferences();
  }

  @Test
  void playingLikingAndRatingReachTheCallersProfile() throws Exception {
    ui.execute("like");
    assertTrue(output().contains("cannot like: nothing is playing"), output());
    ui.execute("search tune 2");
    ui.execute("add 1");
    ui.execute("play");
    JukeboxExtension.await(WAIT, "Tune 2 playing", () -> client.player().currentSong().isPresent());
    ui.execute("like");
    ui.execute("rate 7");
    ui.execute("rate 5");
    JukeboxExtension.await(WAIT, "Tune 2 finished", () -> client.player().currentSong().isEmpty());
    assertTrue(dj.flush(WAIT));

    Preference p = aliceProfile().get(0);
    assertEquals(tune(2).id(), p.song());
    // like (+3), rating 5 (+3), played to the end (+1): 7 from three events (STARTED is none).
    assertEquals(7.0, p.score(), 1e-3);
    assertEquals(3, p.evidence());
    assertTrue(output().contains("liked: Tune 2"), output());
    assertTrue(output().contains("cannot rate: score not in 1..5: 7"), output());
    assertTrue(output().contains("rated 5: Tune 2"), output());
  }

  @Test
  void djOnQueuesTheDjsPicksAndPublishingAndTastesAreChecked() throws Exception {
    report(ListeningEvent.rated(tune(3).id(), 5), ListeningEvent.of(tune(1).id(), EventKind.DISLIKED, Duration.ZERO));
    ui.execute("dj on");
    JukeboxExtension.await(WAIT, "the DJ's first pick playing", () -> client.player().currentSong().isPresent());
    assertEquals(List.of(tune(3), tune(2)), client.playlist().songs().subList(0, 2), "favourite first, never tune 1");
    assertTrue(output().contains("DJ: 2 songs, first Tune 3 (favourite)"), output());
    ui.execute("dj off");

    ui.execute("profiles");
    ui.execute("taste bob");
    ui.execute("blend all alice bob");
    ui.execute("publish");
    ui.execute("profiles");
    ui.execute("taste alice");
    ui.execute("blend least alice");
    ui.execute("unpublish");

    String out = output();
    assertTrue(out.contains("no published profiles"), out);
    assertTrue(out.contains("cannot taste: alice may not read the profile of bob: it is not published"), out);
    assertTrue(out.contains("cannot blend: alice may not use the profile of bob: it is not published"), out);
    assertTrue(out.contains("your DJ profile is published: others may read it, never change it"), out);
    assertTrue(out.contains("published profiles: alice"), out);
    assertTrue(out.contains("DJ taste: alice's profile, who likes:"), out);
    assertTrue(out.contains("DJ taste: least misery of alice"), out);
    assertTrue(out.contains("your DJ profile is private"), out);
  }

  @Test
  void withoutADjTheCommandsSaySo() {
    TerminalClient plain = new TerminalClient(client, new PrintStream(buffer, true, StandardCharsets.UTF_8), false, 0);
    plain.execute("dj on");
    plain.execute("help");
    assertTrue(output().contains("cannot dj: no DJ is connected"), output());
    assertTrue(!output().contains("DJ commands:"), output());
    ui.execute("help");
    assertTrue(output().contains("DJ commands:"), output());
  }

  private void report(ListeningEvent... events) throws Exception {
    Caller.callAs(JukeboxPrincipal.user("alice", "test"), () -> {
      jukebox.dj().local().report(List.of(events));
      return null;
    });
  }

  /** The DJ as seen by {@code user}: every call runs as that principal. */
  static DiscJockey as(String user, DiscJockey dj) {
    JukeboxPrincipal p = JukeboxPrincipal.user(user, "test");
    return new DiscJockey() {
      private <T> T call(Callable<T> c) throws JukeboxException {
        try {
          return Caller.callAs(p, c);
        } catch (JukeboxException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void report(List<ListeningEvent> events) throws JukeboxException {
        call(() -> {
          dj.report(events);
          return null;
        });
      }

      @Override
      public List<Pick> nextSongs(Taste taste, List<SongId> available, int n) throws JukeboxException {
        return call(() -> dj.nextSongs(taste, available, n));
      }

      @Override
      public ProfileView profile(String u, int top) throws JukeboxException {
        return call(() -> dj.profile(u, top));
      }

      @Override
      public void publish(boolean published) throws JukeboxException {
        call(() -> {
          dj.publish(published);
          return null;
        });
      }

      @Override
      public List<String> publishedProfiles() throws java.rmi.RemoteException {
        return dj.publishedProfiles();
      }
    };
  }
}
