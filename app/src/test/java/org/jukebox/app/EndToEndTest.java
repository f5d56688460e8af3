package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jukebox.api.Song;
import org.jukebox.client.AudioSink;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.PcmFormat;
import org.jukebox.client.PlayerListener;
import org.jukebox.client.SongEnd;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole path in one JVM with real parts: a directory and two Mp3SoundSmiths over real MP3
 * files, found by a client over RMI, streamed over HTTP and decoded.
 */
class EndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .soundSmith("alice", (config, data) -> mp3(config, data, "Alice", 440))
      .soundSmith("bob", (config, data) -> mp3(config, data, "Bob", 660))
      .build();

  private final CountingSink sink = new CountingSink();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final List<String> ended = new CopyOnWriteArrayList<>();
  private JukeboxClient client;

  private static Mp3SoundSmith mp3(org.jukebox.soundsmith.SoundSmithConfig config, Path data, String artist, double hz)
      throws IOException {
    Path music = Files.createDirectories(data.resolveSibling(data.getFileName() + "-music"));
    for (int i = 1; i <= 2; i++) {
      Path file = music.resolve(artist + " " + i + ".mp3");
      if (!Files.exists(file)) {
        SampleLibrary.writeTone(file, hz * i, 1.0,
            SampleLibrary.Tags.titled(artist + " song " + i).withArtist(artist).withAlbum(artist + "'s album").withTrack(i, 2));
      }
    }
    return Mp3SoundSmith.builder(music, data, config).debounce(Duration.ofMillis(50)).build();
  }

  @BeforeEach
  void connect() throws Exception {
    jukebox.awaitListed(WAIT, "alice", "bob");
    client = JukeboxClient.builder(jukebox.directory()).audioSink(sink).build();
    client.player().addListener(new PlayerListener() {
      @Override
      public void error(String message) {
        errors.add(message);
      }

      @Override
      public void songEnded(Song song, SongEnd how, Duration position) {
        ended.add(song.title() + " " + how);
      }
    });
    client.start();
    awaitCatalogSize(4);
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  @Test
  void clientMergesBothCatalogsAndSearchesAcrossThem() {
    assertEquals(List.of("Alice song 1", "Alice song 2", "Bob song 1", "Bob song 2"),
        client.catalog().stream().map(Song::title).toList());
    assertEquals(List.of("Bob song 2"), client.search("bob 2").stream().map(Song::title).toList());
  }

  @Test
  void songDroppedIntoAFolderReachesTheClientThroughBeaconAndDelta() throws Exception {
    Path music = jukebox.dataDir("bob").resolveSibling("bob-music");
    SampleLibrary.writeTone(music.resolve("new.mp3"), 880, 1.0,
        SampleLibrary.Tags.titled("Fresh Track").withArtist("Bob"));

    awaitCatalogSize(5);
    assertEquals(List.of("Fresh Track"), client.search("fresh").stream().map(Song::title).toList());
  }

  @Test
  void songsFromBothSoundSmithsStreamAndDecode() {
    client.playlist().addAll(client.catalog());
    client.player().play(0);
    JukeboxExtension.await(WAIT, "four songs to end; ended so far " + ended, () -> ended.size() >= 4);

    assertEquals(List.of("Alice song 1 COMPLETED", "Alice song 2 COMPLETED", "Bob song 1 COMPLETED",
        "Bob song 2 COMPLETED"), ended);
    assertEquals(List.of(), errors);
    // Four songs of about one second at 44.1 kHz; MP3 adds encoder delay and padding.
    assertTrue(sink.frames.get() > 4 * 40_000, "frames decoded: " + sink.frames.get());
  }

  @Test
  void departedSoundSmithsSongsLeaveTheCatalogAndPlayingOnesIsReportedNotFatal() {
    Song bobs = client.search("bob 1").get(0);
    Song alices = client.search("alice 1").get(0);

    jukebox.kill("bob");
    awaitCatalogSize(2);

    client.playlist().add(bobs);
    client.playlist().add(alices);
    client.player().play(0);
    JukeboxExtension.await(WAIT, "alice's song to end after bob's failed; ended " + ended + ", errors " + errors,
        () -> ended.contains("Alice song 1 COMPLETED"));
    assertEquals("Bob song 1 FAILED", ended.get(0));
    assertTrue(errors.get(0).contains("Bob song 1"), errors.toString());
  }

  private void awaitCatalogSize(int n) {
    JukeboxExtension.await(WAIT, n + " songs in the client's catalog (has " + client.catalog().size() + ")",
        () -> client.catalog().size() == n);
  }

  /** Counts decoded frames; never paces, so songs play as fast as they decode. */
  private static final class CountingSink implements AudioSink {
    final AtomicLong frames = new AtomicLong();
    private volatile int channels = 1;

    @Override
    public void open(PcmFormat format) {
      channels = format.channels();
    }

    @Override
    public void write(short[] samples, int offset, int length) {
      frames.addAndGet(length / channels);
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void flush() {}

    @Override
    public void drain() {}

    @Override
    public void close() {}
  }
}
