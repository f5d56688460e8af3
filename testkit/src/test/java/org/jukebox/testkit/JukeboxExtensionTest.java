package org.jukebox.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.List;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteLookup;
import org.jukebox.soundsmith.MediaSource;
import org.jukebox.soundsmith.SoundSmithConfig;
import org.jukebox.soundsmith.SoundSmithServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JukeboxExtensionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .soundSmith("alice", (config, data) -> new OneSongSoundSmith(config, "Alice's song"))
      .soundSmith("bob", (config, data) -> new OneSongSoundSmith(config, "Bob's song"))
      .build();

  @Test
  void bootsADirectoryWithEverySoundSmithListed() throws Exception {
    List<SoundSmithEntry> listed = jukebox.awaitListed(WAIT, "alice", "bob");

    SoundSmith alice = listed.get(0).soundSmith();
    CatalogDelta catalog = alice.catalog(0);
    assertEquals(List.of("Alice's song"), catalog.upserts().stream().map(Song::title).toList());
  }

  @Test
  void killedSoundSmithLeavesAndRestartedOneComesBack() throws Exception {
    jukebox.awaitListed(WAIT, "alice", "bob");

    jukebox.kill("bob");
    jukebox.awaitListed(WAIT, "alice");

    jukebox.restart("bob");
    jukebox.awaitListed(WAIT, "alice", "bob");
  }

  @Test
  void soundSmithsReannounceThemselvesToARestartedDirectory() throws Exception {
    int port = jukebox.directoryAddress().port();
    jukebox.awaitListed(WAIT, "alice", "bob");

    jukebox.kill(JukeboxExtension.DIRECTORY);
    assertThrows(RemoteException.class,
        () -> RemoteLookup.directory(HostPort.of("127.0.0.1", port)).soundSmiths());
    jukebox.restart(JukeboxExtension.DIRECTORY);

    assertEquals(port, jukebox.directoryAddress().port());
    jukebox.awaitListed(WAIT, "alice", "bob");
  }

  @Test
  void unknownComponentIsNamedInTheError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> jukebox.kill("carol"));
    assertEquals("no component named carol; known: directory, alice, bob", e.getMessage());
  }

  @Test
  void restartingARunningComponentIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> jukebox.restart("alice"));
    assertEquals("alice is running; kill it first", e.getMessage());
    assertTrue(jukebox.isRunning("alice"));
  }

  /** The smallest SoundSmith: one song of a few bytes. */
  private static final class OneSongSoundSmith extends SoundSmithServer {
    private final String title;

    OneSongSoundSmith(SoundSmithConfig config, String title) {
      super("memory", config);
      this.title = title;
    }

    @Override
    protected void startIndexing() throws IOException {
      byte[] bytes = title.getBytes(StandardCharsets.UTF_8);
      Song song = new Song(songId("one"), title, "", "", 1, 0, 0, "", Duration.ofSeconds(1), 0, 0, false,
          bytes.length, "audio/mpeg");
      put(song, MediaSource.ofBytes(bytes, "audio/mpeg"));
    }
  }
}
