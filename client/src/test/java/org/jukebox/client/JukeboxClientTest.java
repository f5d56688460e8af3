package org.jukebox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.Beacon;
import org.jukebox.api.MusicDirectory;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.directory.DirectoryServer;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.RemoteLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JukeboxClientTest {
  private RemoteExporter exporter;
  private StreamServer http;
  private FakeDirectory directory;
  private MusicDirectory directoryStub;
  private FakeSoundSmith alice;
  private FakeSoundSmith bob;
  private final MutableClock clock = new MutableClock();
  private final List<CatalogChange> changes = new CopyOnWriteArrayList<>();
  private final List<List<SoundSmithInfo>> lineups = new CopyOnWriteArrayList<>();
  private JukeboxClient client;

  @BeforeEach
  void boot() throws Exception {
    exporter = RemoteExporter.anyPort();
    http = new StreamServer();
    directory = new FakeDirectory();
    directoryStub = exporter.export(directory);
    alice = new FakeSoundSmith("alice", "Alice", http).export(exporter);
    bob = new FakeSoundSmith("bob", "Bob", http).export(exporter);
  }

  @AfterEach
  void shutDown() {
    if (client != null) {
      client.close();
    }
    exporter.close();
    http.close();
  }

  private JukeboxClient start() {
    return start(JukeboxClient.builder(directoryStub));
  }

  private JukeboxClient start(JukeboxClient.Builder builder) {
    client = builder
        .clock(clock)
        .tickInterval(Duration.ofMillis(5))
        .pollInterval(Duration.ofSeconds(10))
        .watchLease(Duration.ofSeconds(60))
        .audioSink(new RecordingSink())
        .build();
    client.addCatalogListener(new CatalogListener() {
      @Override
      public void soundSmithsChanged(List<SoundSmithInfo> live) {
        lineups.add(live);
      }

      @Override
      public void catalogChanged(CatalogChange change) {
        changes.add(change);
      }
    });
    client.start();
    return client;
  }

  private static Song song(String id, String title, String artist, String album, int disc, int track) {
    return FakeSoundSmith.song(id, title, artist, album, disc, track, Duration.ofMinutes(4), 4_000_000);
  }

  private List<String> titles() {
    return client.catalog().stream().map(Song::title).toList();
  }

  private void awaitTitles(List<String> expected) {
    try {
      Await.until("catalog " + expected, () -> titles().equals(expected));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " but was " + titles(), e);
    }
  }

  @Test
  void mergedCatalogAppliesDeltasAndDropsDepartedSoundSmiths() throws Exception {
    alice.put(song("alice:1", "Ant", "A", "X", 1, 1), new byte[0]);
    alice.put(song("alice:2", "Bee", "A", "X", 1, 2), new byte[0]);
    directory.listSilently(alice.entry());
    start();
    assertEquals(List.of("Ant", "Bee"), titles(), "start() returns with the listed catalogs fetched");
    assertTrue(client.watching());

    bob.put(song("bob:1", "Cat", "B", "Y", 1, 1), new byte[0]);
    directory.announce(bob.entry());
    awaitTitles(List.of("Ant", "Bee", "Cat"));

    alice.put(song("alice:1", "Ant (live)", "A", "X", 1, 1), new byte[0]);
    alice.remove(new SongId("alice:2"));
    directory.announce(alice.entry());
    awaitTitles(List.of("Ant (live)", "Cat"));
    assertEquals(List.of(0L, 2L), alice.catalogCalls, "a full catalog first, then only the delta since version 2");

    directory.depart(alice.id());
    awaitTitles(List.of("Cat"));
    Await.until("departure event", () -> changes.stream().anyMatch(CatalogChange::departed));
    CatalogChange gone = changes.stream().filter(CatalogChange::departed).findFirst().orElseThrow();
    assertEquals(List.of(new SongId("alice:1")), gone.removed());
    assertEquals(List.of("bob"), client.soundSmiths().stream().map(i -> i.id().value()).toList());
    assertTrue(client.locate(new SongId("alice:1")).isEmpty());
    assertEquals("Bob", client.locate(new SongId("bob:1")).orElseThrow().server().name());
    Await.until("line-up without alice", () -> !lineups.isEmpty()
        && lineups.get(lineups.size() - 1).stream().map(i -> i.id().value()).toList().equals(List.of("bob")));
  }

  @Test
  void catalogIsFetchedOnlyWhenVersionChanges() throws Exception {
    alice.put(song("alice:1", "Ant", "A", "X", 1, 1), new byte[0]);
    directory.listSilently(alice.entry());
    start();
    assertEquals(List.of(0L), alice.catalogCalls);

    // Alice beacons again at the same version: nothing to fetch. Bob's arrival, behind it in the
    // same ordered callback stream, shows when the client has handled it.
    directory.announce(alice.entry());
    bob.put(song("bob:1", "Cat", "B", "Y", 1, 1), new byte[0]);
    directory.announce(bob.entry());
    awaitTitles(List.of("Ant", "Cat"));
    assertEquals(List.of(0L), alice.catalogCalls, "same version, no fetch");

    alice.put(song("alice:2", "Bee", "A", "X", 1, 2), new byte[0]);
    directory.announce(alice.entry());
    awaitTitles(List.of("Ant", "Bee", "Cat"));
    assertEquals(List.of(0L, 1L), alice.catalogCalls, "newer version: only the delta since the one held");
    assertEquals(List.of(0L), bob.catalogCalls);
  }

  @Test
  void searchSpansAllSoundSmiths() throws Exception {
    alice.put(song("alice:1", "Blue Train", "John Coltrane", "Blue Train", 1, 1), new byte[0]);
    alice.put(song("alice:2", "Moment's Notice", "John Coltrane", "Blue Train", 1, 2), new byte[0]);
    alice.put(song("alice:3", "Lazy Bird", "John Coltrane", "Blue Train", 1, 5), new byte[0]);
    bob.put(song("bob:1", "Blue in Green", "Miles Davis", "Kind of Blue", 1, 3), new byte[0]);
    bob.put(song("bob:2", "So What", "Miles Davis", "Kind of Blue", 1, 1), new byte[0]);
    bob.put(song("bob:3", "Bonus Blues", "Miles Davis", "Kind of Blue", 2, 1), new byte[0]);
    bob.put(song("bob:4", "Round Midnight", "Thelonious Monk", "Genius", 1, 1), new byte[0]);
    directory.listSilently(alice.entry());
    directory.listSilently(bob.entry());
    start();

    assertEquals(List.of("Blue Train", "Moment's Notice", "Lazy Bird", "So What", "Blue in Green", "Bonus Blues"),
        client.search("BLUE").stream().map(Song::title).toList(),
        "every SoundSmith, sorted by artist, album, disc, track");
    assertEquals(List.of("So What", "Blue in Green", "Bonus Blues"),
        client.search("blue davis").stream().map(Song::title).toList(), "every word must match");
    assertEquals(List.of("Blue Train", "Moment's Notice"), client.search("blue", 2).stream().map(Song::title).toList());
    assertEquals(7, client.search("").size());
    assertEquals(List.of(), client.search("coltrane monk"));
    assertEquals("limit < 0: -1", assertThrows(IllegalArgumentException.class, () -> client.search("x", -1)).getMessage());
  }

  @Test
  void clientPollsWhenTheDirectoryRefusesCallbacksAndListensAgainWhenItCan() throws Exception {
    directory.refuseWatch = true;
    alice.put(song("alice:1", "Ant", "A", "X", 1, 1), new byte[0]);
    directory.listSilently(alice.entry());
    start();
    assertFalse(client.watching());
    assertEquals(List.of("Ant"), titles());

    bob.put(song("bob:1", "Cat", "B", "Y", 1, 1), new byte[0]);
    directory.listSilently(bob.entry());
    int lists = directory.listCalls.get();
    clock.advance(Duration.ofSeconds(10));
    awaitTitles(List.of("Ant", "Cat"));
    assertTrue(directory.listCalls.get() > lists);

    directory.refuseWatch = false;
    clock.advance(Duration.ofSeconds(10));
    Await.until("listening again", client::watching);
    assertEquals(1, directory.watchers());
  }

  @Test
  void leaseIsRenewedAtHalfLifeAndRegisteredAgainWhenLost() throws Exception {
    directory.grant = Duration.ofSeconds(20);
    start();
    assertTrue(client.watching());
    assertEquals(0, directory.renewCalls.get());

    clock.advance(Duration.ofSeconds(10));
    Await.until("renewal at half of the 20 s grant", () -> directory.renewCalls.get() == 1);

    directory.forgetWatchers();
    // A SoundSmith that arrived while the client was not registered is found by the re-listing.
    bob.put(song("bob:1", "Cat", "B", "Y", 1, 1), new byte[0]);
    directory.listSilently(bob.entry());
    clock.advance(Duration.ofSeconds(10));
    Await.until("registered again", () -> directory.watchCalls.get() == 2 && directory.watchers() == 1);
    awaitTitles(List.of("Cat"));
    assertTrue(client.watching());
  }

  @Test
  void clientPlaysSongsFromTheMergedCatalog() throws Exception {
    byte[] mp3 = TestMp3.oneSecond();
    alice.put(FakeSoundSmith.song("alice:1", "Tone", "A", "X", 1, 1, Duration.ofSeconds(1), mp3.length), mp3);
    directory.listSilently(alice.entry());
    start();
    RecordingListener events = new RecordingListener();
    client.player().addListener(events);

    client.playlist().addAll(client.search("tone"));
    client.player().play();

    Await.until("song played", () -> events.saw("ended Tone COMPLETED"));
    assertEquals(List.of(), events.errors);
    RecordingSink sink = (RecordingSink) client.player().audioSink();
    assertTrue(sink.sampleCount() / 2 >= 44_100);
  }

  @Test
  void closeIsBoundedIdempotentAndCancelsTheRegistration() throws Exception {
    start();
    long t0 = System.nanoTime();
    client.close();
    client.close();
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    assertEquals(1, directory.cancelCalls.get());
    assertEquals(0, directory.watchers());
    assertEquals(1, directory.watchCalls.get(), "a closed client never registers again");
    assertEquals(PlayerState.CLOSED, client.player().state());
    assertEquals("client is closed", assertThrows(IllegalStateException.class, client::start).getMessage());
  }

  @Test
  void startingTwiceIsRefused() {
    start();
    assertEquals("client already started", assertThrows(IllegalStateException.class, client::start).getMessage());
  }

  @Test
  void builderRejectsBadSettingsWithExactMessages() {
    JukeboxClient.Builder b = JukeboxClient.builder(directoryStub);
    assertEquals("pollInterval <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.pollInterval(Duration.ZERO)).getMessage());
    assertEquals("tickInterval <= 0: PT-1S",
        assertThrows(IllegalArgumentException.class, () -> b.tickInterval(Duration.ofSeconds(-1))).getMessage());
    assertEquals("directory",
        assertThrows(NullPointerException.class, () -> JukeboxClient.builder((MusicDirectory) null)).getMessage());
    assertEquals("lookup",
        assertThrows(NullPointerException.class, () -> JukeboxClient.builder((DirectoryLookup) null)).getMessage());
  }

  @Test
  void restartedSoundSmithAtALowerVersionIsFetchedWhole() throws Exception {
    alice.put(song("alice:1", "Ant", "A", "X", 1, 1), new byte[0]);
    alice.put(song("alice:2", "Bee", "A", "X", 1, 2), new byte[0]);
    alice.put(song("alice:3", "Cow", "A", "X", 1, 3), new byte[0]);
    directory.listSilently(alice.entry());
    start();
    assertEquals(List.of("Ant", "Bee", "Cow"), titles());

    // Alice comes back under the same id, a new remote object whose index was rebuilt: version 1.
    FakeSoundSmith reborn = new FakeSoundSmith("alice", "Alice", http).export(exporter);
    reborn.put(song("alice:9", "Dog", "A", "X", 1, 9), new byte[0]);
    directory.announce(reborn.entry());

    awaitTitles(List.of("Dog"));
    assertEquals(List.of(0L), reborn.catalogCalls, "the whole catalog");
    assertEquals(1, client.soundSmiths().get(0).catalogVersion());
  }

  @Test
  void restartedSoundSmithAtAHigherVersionIsFetchedWhole() throws Exception {
    alice.put(song("alice:1", "Ant", "A", "X", 1, 1), new byte[0]);
    alice.put(song("alice:2", "Bee", "A", "X", 1, 2), new byte[0]);
    directory.listSilently(alice.entry());
    start();
    assertEquals(List.of("Ant", "Bee"), titles());

    // A new remote object at version 3: a delta "since 2" from it would be about other songs.
    FakeSoundSmith reborn = new FakeSoundSmith("alice", "Alice", http).export(exporter);
    reborn.put(song("alice:7", "Cat", "A", "X", 1, 7), new byte[0]);
    reborn.put(song("alice:8", "Dog", "A", "X", 1, 8), new byte[0]);
    reborn.put(song("alice:9", "Eel", "A", "X", 1, 9), new byte[0]);
    directory.announce(reborn.entry());

    awaitTitles(List.of("Cat", "Dog", "Eel"));
    assertEquals(List.of(0L), reborn.catalogCalls, "the whole catalog, not the delta since 2");
  }

  @Test
  void catalogVersionGoingBackIsFetchedWhole() throws Exception {
    alice.put(song("alice:1", "Ant", "A", "X", 1, 1), new byte[0]);
    alice.put(song("alice:2", "Bee", "A", "X", 1, 2), new byte[0]);
    directory.listSilently(alice.entry());
    start();
    assertEquals(List.of("Ant", "Bee"), titles());

    // The same remote object, its index lost and rebuilt.
    alice.forgetEverything();
    alice.put(song("alice:5", "Fox", "A", "X", 1, 5), new byte[0]);
    directory.announce(alice.entry());

    awaitTitles(List.of("Fox"));
    assertEquals(List.of(0L, 0L), alice.catalogCalls, "whole at start, whole again after going back");
  }

  @Test
  void clientFindsARestartedDirectoryThroughItsLookup() throws Exception {
    DirectoryServer first = DirectoryServer.builder().port(0).build().start();
    DirectoryServer second = null;
    try {
      int port = first.port();
      HostPort at = HostPort.of("127.0.0.1", port);
      alice.put(song("alice:1", "Ant", "A", "X", 1, 1), new byte[0]);
      RemoteLookup.directory(at).beacon(new Beacon(alice.currentInfo(), alice.stub()), Duration.ofSeconds(30));
      start(JukeboxClient.builder(() -> RemoteLookup.directory(at)));
      assertEquals(List.of("Ant"), titles());
      assertTrue(client.watching());

      // The directory restarts on its port: a new remote object, empty until SoundSmiths beacon again.
      first.close();
      second = DirectoryServer.builder().port(port).build().start();
      bob.put(song("bob:1", "Cat", "B", "Y", 1, 1), new byte[0]);
      RemoteLookup.directory(at).beacon(new Beacon(bob.currentInfo(), bob.stub()), Duration.ofSeconds(30));
      // Renewal falls due (the directory grants 30 s at most, renewed at half): the old stub fails.
      clock.advance(Duration.ofSeconds(30));

      awaitTitles(List.of("Cat"));
      Await.until("registered with the new directory", client::watching);
      // Registered for real: a SoundSmith arriving now is announced to the client.
      alice.put(song("alice:2", "Bee", "A", "X", 1, 2), new byte[0]);
      RemoteLookup.directory(at).beacon(new Beacon(alice.currentInfo(), alice.stub()), Duration.ofSeconds(30));
      awaitTitles(List.of("Ant", "Bee", "Cat"));
    } finally {
      if (client != null) {
        client.close();
      }
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }
}
