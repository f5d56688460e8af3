package org.jukebox.soundsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jukebox.api.CatalogDelta;
import org.jukebox.api.CoverArt;
import org.jukebox.api.NoCoverArtException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.api.UnknownSongException;
import org.jukebox.soundsmith.SoundSmithServer.CatalogChange;
import org.jukebox.soundsmith.SoundSmithServer.CatalogEntry;
import org.jukebox.soundsmith.SoundSmithServer.CatalogSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The base class over real RMI: configuration, life cycle, catalog, search, cover art. */
class SoundSmithServerTest {
  private static final SoundSmithId ALICE = new SoundSmithId("alice");

  private InMemorySoundSmith server;

  private InMemorySoundSmith newServer() {
    server = new InMemorySoundSmith(SoundSmithConfig.builder(ALICE, "Alice's music").build());
    return server;
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  // --- configuration

  @Test
  void configHasDefaults() {
    SoundSmithConfig c = SoundSmithConfig.builder(ALICE, "Alice").build();
    assertEquals(ALICE, c.id());
    assertEquals("Alice", c.name());
    assertEquals(Clock.systemUTC(), c.clock());
    assertEquals(Duration.ofSeconds(30), c.ticketLifetime());
    assertEquals("127.0.0.1", c.httpBindAddress());
    assertEquals("127.0.0.1", c.advertisedHost());
    assertEquals(0, c.httpPort());
    assertEquals(0, c.rmiPort());
    assertEquals(1000, c.maxConcurrentStreams());
    assertEquals(8, c.streamPacing());
  }

  @Test
  void advertisedHostDefaultsToBindAddressUnlessWildcard() {
    assertEquals("10.1.2.3", SoundSmithConfig.builder(ALICE, "A").httpBindAddress("10.1.2.3").build().advertisedHost());
    String wildcard = SoundSmithConfig.builder(ALICE, "A").httpBindAddress("0.0.0.0").build().advertisedHost();
    assertNotEquals("0.0.0.0", wildcard);
    assertEquals("me.example", SoundSmithConfig.builder(ALICE, "A").httpBindAddress("0.0.0.0").advertisedHost("me.example").build().advertisedHost());
  }

  @Test
  void configRejectsBadValuesWithExactMessages() {
    assertMessage("name is blank", () -> SoundSmithConfig.builder(ALICE, " "));
    var b = SoundSmithConfig.builder(ALICE, "A");
    assertMessage("httpPort < 0: -3", () -> b.httpPort(-3));
    assertMessage("httpPort > 65535: 70000", () -> b.httpPort(70000));
    assertMessage("rmiPort < 0: -1", () -> b.rmiPort(-1));
    assertMessage("rmiPort > 65535: 65536", () -> b.rmiPort(65536));
    assertMessage("ticketLifetime <= 0: PT0S", () -> b.ticketLifetime(Duration.ZERO));
    assertMessage("ticketLifetime <= 0: PT-1S", () -> b.ticketLifetime(Duration.ofSeconds(-1)));
    assertMessage("advertisedHost is blank", () -> b.advertisedHost(""));
    assertMessage("advertisedHost is not a host name or address: a/b", () -> b.advertisedHost("a/b"));
    assertMessage("httpBindAddress is not a host name or address: x y", () -> b.httpBindAddress("x y"));
    assertMessage("maxConcurrentStreams < 1: 0", () -> b.maxConcurrentStreams(0));
    assertMessage("maxConcurrentStreams > 10000: 10001", () -> b.maxConcurrentStreams(10001));
    assertMessage("streamPacing < 0: -1", () -> b.streamPacing(-1));
    assertMessage("streamPacing > 1000: 1001", () -> b.streamPacing(1001));
    assertMessage("kind must be 1 to 32 of [A-Za-z0-9._:-]: m p3",
        () -> new SoundSmithServer("m p3", b.build()) {
          @Override
          protected void startIndexing() {}
        });
  }

  // --- life cycle

  @Test
  void startExportsServesThenBeginsIndexing() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    server = new InMemorySoundSmith(SoundSmithConfig.builder(ALICE, "Alice").build()) {
      @Override
      protected void startIndexing() throws IOException {
        super.startIndexing();
        seen.set(stub().info().name() + "@" + httpPort());
      }
    };
    assertMessage(IllegalStateException.class, "not started", () -> server.stub());
    server.start();
    assertEquals("Alice@" + server.httpPort(), seen.get());
    assertEquals(1, server.startIndexingCalls.get());
    assertMessage(IllegalStateException.class, "already started", () -> server.start());
    server.close();
    server.close();
    assertEquals(1, server.stopIndexingCalls.get());
    assertMessage(IllegalStateException.class, "closed", () -> server.start());
  }

  @Test
  void failedIndexingFailsStartAndReleasesThePort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = new InMemorySoundSmith(SoundSmithConfig.builder(ALICE, "Alice").httpPort(port).build());
    server.failIndexing = new IOException("no such folder: /music");
    IOException e = assertThrows(IOException.class, () -> server.start());
    assertEquals("no such folder: /music", e.getMessage());
    try (ServerSocket again = new ServerSocket(port)) {
      assertEquals(port, again.getLocalPort());
    }
  }

  @Test
  void busyHttpPortFailsStart() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      server = new InMemorySoundSmith(SoundSmithConfig.builder(ALICE, "Alice").httpPort(taken.getLocalPort()).build());
      IOException e = assertThrows(IOException.class, () -> server.start());
      assertTrue(e.getMessage().startsWith("cannot bind HTTP to "), e.getMessage());
      assertEquals(0, server.startIndexingCalls.get());
    }
  }

  // --- catalog over RMI

  @Test
  void infoCountsSongsAndVersion() throws Exception {
    newServer().start();
    SoundSmith stub = server.stub();
    assertEquals(new SoundSmithInfo(ALICE, "Alice's music", "memory", 0, 0), stub.info());
    server.putBytes(server.song("a", "A", "X", "Y", 1, 1, 2), new byte[2]);
    server.putBytes(server.song("b", "B", "X", "Y", 1, 2, 2), new byte[2]);
    assertEquals(new SoundSmithInfo(ALICE, "Alice's music", "memory", 2, 2), stub.info());
  }

  @Test
  void catalogDeltaCarriesOnlyChanges() throws Exception {
    newServer().start();
    SoundSmith stub = server.stub();
    Song a = server.song("a", "A", "X", "Y", 1, 1, 1);
    Song b = server.song("b", "B", "X", "Y", 1, 2, 1);
    Song c = server.song("c", "C", "X", "Y", 1, 3, 1);
    long v1 = server.applyAll(List.of(put(a), put(b), put(c)));
    assertEquals(1, v1);
    Song a2 = server.song("a", "A (remastered)", "X", "Y", 1, 1, 1);
    long v2 = server.applyAll(List.of(put(a2), CatalogChange.remove(b.id())));
    assertEquals(2, v2);

    CatalogDelta d = stub.catalog(v1);
    assertFalse(d.full());
    assertEquals(v1, d.fromVersion());
    assertEquals(v2, d.toVersion());
    assertEquals(List.of(a2), d.upserts());
    assertEquals(List.of(b.id()), d.removed());

    CatalogDelta none = stub.catalog(v2);
    assertTrue(none.isEmpty());
    assertEquals(v2, none.toVersion());

    // a song removed and put back is an upsert, not a removal
    server.removeSong(c.id());
    server.putBytes(c, new byte[1]);
    CatalogDelta back = stub.catalog(v2);
    assertEquals(List.of(c), back.upserts());
    assertEquals(List.of(), back.removed());
  }

  @Test
  void fullCatalogWhenVersionTooOldOrFromTheFuture() throws Exception {
    newServer().start();
    SoundSmith stub = server.stub();
    Song a = server.song("a", "A", "X", "Y", 1, 1, 1);
    server.putBytes(a, new byte[1]);
    CatalogDelta zero = stub.catalog(0);
    assertTrue(zero.full());
    assertEquals(0, zero.fromVersion());
    assertEquals(1, zero.toVersion());
    assertEquals(List.of(a), zero.upserts());

    CatalogDelta future = stub.catalog(99);
    assertTrue(future.full());
    assertEquals(1, future.toVersion());
    assertEquals(List.of(a), future.upserts());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stub.catalog(-1));
    assertEquals("sinceVersion < 0: -1", e.getMessage());
  }

  @Test
  void restoreKeepsVersionsMonotonic() throws Exception {
    Song a = new InMemorySoundSmith(SoundSmithConfig.builder(ALICE, "A").build()).song("a", "A", "X", "Y", 1, 1, 1);
    Song b = new InMemorySoundSmith(SoundSmithConfig.builder(ALICE, "A").build()).song("b", "B", "X", "Y", 1, 2, 1);
    // a first life: three versions, then persisted
    InMemorySoundSmith first = newServer();
    first.putBytes(a, new byte[1]);
    first.putBytes(b, new byte[1]);
    first.removeSong(b.id());
    CatalogSnapshot saved = first.snapshot();
    assertEquals(3, saved.version());
    assertEquals(List.of(1L), saved.entries().stream().map(CatalogEntry::version).collect(Collectors.toList()));
    first.close();

    // a second life restores it and goes on from there
    newServer().restore(saved);
    server.start();
    SoundSmith stub = server.stub();
    assertEquals(3, stub.info().catalogVersion());
    assertEquals(1, stub.info().songCount());
    Song c = server.song("c", "C", "X", "Y", 1, 3, 1);
    assertEquals(4, server.putBytes(c, new byte[1]));
    // a client at 3 gets only the change
    CatalogDelta d = stub.catalog(3);
    assertFalse(d.full());
    assertEquals(List.of(c), d.upserts());
    // a client at 2 may have missed removals before the restart: it gets everything
    CatalogDelta old = stub.catalog(2);
    assertTrue(old.full());
    assertEquals(Set.of(a, c), Set.copyOf(old.upserts()));

    assertMessage(IllegalStateException.class, "restore must come first; catalog is at version 4",
        () -> server.restore(saved));
  }

  @Test
  void searchMatchesEveryWordCaseInsensitively() throws Exception {
    newServer().start();
    Song blue = server.song("1", "Blue in Green", "Miles Davis", "Kind of Blue", 1, 3, 1);
    Song so = server.song("2", "So What", "Miles Davis", "Kind of Blue", 1, 1, 1);
    Song giant = server.song("3", "Giant Steps", "John Coltrane", "Giant Steps", 1, 1, 1);
    Song naima = server.song("4", "Naima", "John Coltrane", "Giant Steps", 1, 7, 1);
    Song cafe = server.song("5", "Café Société", "Zoë", "Été", 2, 1, 1);
    for (Song s : List.of(blue, so, giant, naima, cafe)) {
      server.putBytes(s, new byte[1]);
    }
    SoundSmith stub = server.stub();
    assertEquals(List.of(so, blue), stub.search("miles BLUE", 10));
    assertEquals(List.of(blue), stub.search("  green   davis ", 10));
    assertEquals(List.of(), stub.search("miles coltrane", 10));
    assertEquals(List.of(cafe), stub.search("SOCIÉTÉ zoë", 10));
    // ordered by artist, album, disc, track, title; limited
    assertEquals(List.of(giant, naima, so, blue, cafe), stub.search("", 10));
    assertEquals(List.of(giant, naima), stub.search("", 2));
    assertEquals(List.of(), stub.search("", 0));
    for (Song s : List.of(blue, so, giant, naima, cafe)) {
      assertEquals(s.matches("blue"), stub.search("blue", 10).contains(s));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stub.search("x", -1));
    assertEquals("limit < 0: -1", e.getMessage());
  }

  @Test
  void songAndCoverArtNameTheMissingId() throws Exception {
    newServer().start();
    SoundSmith stub = server.stub();
    SongId missing = new SongId("alice:missing");
    assertEquals("unknown song alice:missing", assertThrows(UnknownSongException.class, () -> stub.song(missing)).getMessage());
    assertEquals("unknown song alice:missing", assertThrows(UnknownSongException.class, () -> stub.coverArt(missing)).getMessage());

    Song plain = server.song("plain", "Plain", "X", "Y", 1, 1, 1);
    server.putBytes(plain, new byte[1]);
    assertEquals(plain, stub.song(plain.id()));
    NoCoverArtException none = assertThrows(NoCoverArtException.class, () -> stub.coverArt(plain.id()));
    assertEquals("no cover art for song alice:plain", none.getMessage());
    assertEquals(plain.id(), none.songId());

    Song pictured = new Song(server.id("pic"), "Pic", "X", "Y", 2, 1, 0, "", Duration.ZERO, 0, 0, true, 1, "audio/mpeg");
    server.putBytes(pictured, new byte[1]);
    CoverArt art = new CoverArt("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    server.covers.put(pictured.id(), art);
    assertEquals(art, stub.coverArt(pictured.id()));
  }

  @Test
  void songIdsMustCarryTheSoundSmithPrefix() {
    newServer();
    Song foreign = new Song(new SongId("bob:1"), "T", "", "", 0, 0, 0, "", Duration.ZERO, 0, 0, false, 1, "audio/mpeg");
    assertMessage("song id bob:1 does not start with alice:", () -> server.putBytes(foreign, new byte[1]));
    assertEquals(new SongId("alice:k-1"), server.id("k-1"));
  }

  @Test
  void sourceMustAgreeWithSong() {
    newServer();
    Song s = server.song("a", "A", "X", "Y", 1, 1, 12);
    assertMessage("source of alice:a has length 10, song says 12",
        () -> server.putSource(s, MediaSource.ofBytes(new byte[10], "audio/mpeg")));
    assertMessage("source of alice:a has content type audio/wav, song says audio/mpeg",
        () -> server.putSource(s, MediaSource.ofBytes(new byte[12], "audio/wav")));
  }

  @Test
  void noOpBatchDoesNotBumpTheVersion() {
    newServer();
    Song a = server.song("a", "A", "X", "Y", 1, 1, 1);
    assertEquals(1, server.putBytes(a, new byte[1]));
    assertEquals(1, server.putBytes(a, new byte[] {7}));
    assertEquals(1, server.removeSong(server.id("never")));
    assertEquals(1, server.applyAll(List.of()));
    // the new source is what streams now, though no client needs telling
    assertEquals(MediaSource.ofBytes(new byte[] {7}, "audio/mpeg"), server.snapshot().entries().get(0).source());
  }

  private static CatalogChange put(Song s) {
    return CatalogChange.put(s, MediaSource.ofBytes(new byte[(int) s.sizeBytes()], s.contentType()));
  }

  private static void assertMessage(String message, org.junit.jupiter.api.function.Executable e) {
    assertMessage(IllegalArgumentException.class, message, e);
  }

  private static void assertMessage(Class<? extends Throwable> type, String message, org.junit.jupiter.api.function.Executable e) {
    assertEquals(message, assertThrows(type, e).getMessage());
  }
}
