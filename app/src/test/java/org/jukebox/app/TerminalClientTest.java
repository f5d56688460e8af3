package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.Song;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.NullAudioSink;
import org.jukebox.client.PlayerListener;
import org.jukebox.client.SongEnd;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The terminal client's command loop against a real directory and SoundSmith. */
class TerminalClientTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .soundSmith("shelf", (config, data) -> {
        Path music = Files.createDirectories(data.resolveSibling("shelf-music"));
        for (int i = 1; i <= 2; i++) {
          Path f = music.resolve(i + ".mp3");
          if (!Files.exists(f)) {
            SampleLibrary.writeTone(f, 300 * i, 0.6, SampleLibrary.Tags.titled("Tune " + i).withArtist("Shelf"));
          }
        }
        return Mp3SoundSmith.builder(music, data, config).build();
      })
      .build();

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final List<String> ended = new CopyOnWriteArrayList<>();
  private final ExecutorService loop = Executors.newSingleThreadExecutor();
  private JukeboxClient client;

  @BeforeEach
  void connect() throws Exception {
    jukebox.awaitListed(WAIT, "shelf");
    client = JukeboxClient.builder(jukebox.directory()).audioSink(NullAudioSink.create()).build();
    client.player().addListener(new PlayerListener() {
      @Override
      public void songEnded(Song song, SongEnd how, Duration position) {
        ended.add(song.title() + " " + how);
      }
    });
    client.start();
    JukeboxExtension.await(WAIT, "two songs in the catalog", () -> client.catalog().size() == 2);
  }

  @AfterEach
  void disconnect() {
    loop.shutdownNow();
    client.close();
  }

  private String output() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void playlistEndingAtThePromptDoesNotEndTheSession() throws Exception {
    PipedWriter keys = new PipedWriter();
    BufferedReader in = new BufferedReader(new PipedReader(keys));
    TerminalClient ui = new TerminalClient(client, new PrintStream(buffer, true, StandardCharsets.UTF_8), false, 0);
    Future<?> session = loop.submit(() -> {
      ui.run(in, false);
      return null;
    });

    type(keys, "list");
    type(keys, "add 2");
    type(keys, "play");
    JukeboxExtension.await(WAIT, "Tune 2 to end; output:\n" + output(), () -> ended.contains("Tune 2 COMPLETED"));
    type(keys, "search tune 1");
    JukeboxExtension.await(WAIT, "search results after the playlist ended; output:\n" + output(),
        () -> output().contains("1 songs"));

    // A session that had ended would leave this command unread.
    type(keys, "smiths");
    JukeboxExtension.await(WAIT, "the smiths command to answer; output:\n" + output(),
        () -> output().contains("  shelf "));
    assertFalse(session.isDone(), "the session ended by itself:\n" + output());
    type(keys, "quit");
    session.get(10, TimeUnit.SECONDS);
    assertTrue(output().contains("queued 1 songs"), output());
    assertTrue(output().contains("▶ Shelf — Tune 2"), output());
  }

  @Test
  void unattendedRunPlaysTheQueueThenReturns() throws Exception {
    TerminalClient ui = new TerminalClient(client, new PrintStream(buffer, true, StandardCharsets.UTF_8), false, 0);
    Future<?> session = loop.submit(() -> {
      ui.run(new BufferedReader(new StringReader("")), true);
      return null;
    });

    session.get(30, TimeUnit.SECONDS);
    assertEquals(2, ended.size(), output());
    assertTrue(ended.stream().allMatch(e -> e.endsWith("COMPLETED")), ended.toString());
  }

  @Test
  void unknownCommandsAndBadNumbersAreExplained() {
    TerminalClient ui = new TerminalClient(client, new PrintStream(buffer, true, StandardCharsets.UTF_8), false, 0);
    ui.execute("list");
    ui.execute("add 7");
    ui.execute("dance");
    ui.execute("seek later");

    assertTrue(output().contains("cannot add: no song 7 in the last list (1..2)"), output());
    assertTrue(output().contains("unknown command: dance (type 'help')"), output());
    assertTrue(output().contains("cannot seek: not a time: \"later\" (use seconds or M:SS)"), output());
  }

  private static void type(PipedWriter keys, String line) throws IOException {
    keys.write(line + "\n");
    keys.flush();
  }
}
