package org.jukebox.soundsmith.cddb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jukebox.soundsmith.cddb.CddbResult.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CddbHttpTest {
  private static final String QUERY = "cddb query 0e031e04 4 150 15000 30000 45000 800";

  @TempDir Path temp;
  private FakeCddbServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new FakeCddbServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private CddbHttp client() {
    return CddbHttp.builder(server.base()).build();
  }

  private static String readReply(String category, String discId, String entry) {
    return "210 " + category + " " + discId + " CD database entry follows (until terminating `.')\n" + entry + ".\n";
  }

  @Test
  void exactMatchIsQueriedThenReadWithTheHelloAndProtocolLevel6() {
    server.on(QUERY, "200 rock 0e031e04 Ana Lucía Peñalver / Mañanas de Café\n")
        .on("cddb read rock 0e031e04", readReply("rock", "0e031e04", XmcdFixtures.CAFE));

    CddbResult r = client().lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Outcome.FOUND, r.outcome());
    assertEquals("found rock/0e031e04 at " + server.cgi(), r.message());
    assertEquals(List.of(new CddbMatch("rock", "0e031e04", "Ana Lucía Peñalver / Mañanas de Café")), r.matches());
    CddbEntry e = r.entry().orElseThrow();
    assertEquals("Mañanas de Café", e.album());
    assertEquals("Último Tranvía", e.track(3).title());
    assertEquals("rock", e.category());
    List<Map<String, String>> requests = server.requests();
    assertEquals(2, requests.size());
    assertEquals(Map.of("cmd", QUERY, "hello", "jukebox localhost jukebox 0.1", "proto", "6"), requests.get(0));
    assertEquals("cddb read rock 0e031e04", requests.get(1).get("cmd"));
  }

  @Test
  void inexactMatchesPreferTheDiscsOwnIdAndSkipAnEntryThatDoesNotFit() {
    server.on(QUERY, """
            211 Found inexact matches, list follows (until terminating `.')
            misc 11032004 Various / Summer Hits ★ 2024
            blues 0e031e04 Someone Else / Three Songs
            rock 0e031e04 Ana Lucía Peñalver / Mañanas de Café
            .
            """)
        .on("cddb read blues 0e031e04", readReply("blues", "0e031e04", XmcdFixtures.COLLIDING_THREE_TRACKS))
        .on("cddb read rock 0e031e04", readReply("rock", "0e031e04", XmcdFixtures.CAFE));

    CddbResult r = client().lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Outcome.FOUND, r.outcome());
    assertEquals("3 matches for 0e031e04 at " + server.cgi()
        + " (misc/11032004, blues/0e031e04, rock/0e031e04); chose rock/0e031e04, the first with the disc's own id"
        + " that matches the disc", r.message());
    assertEquals(3, r.matches().size());
    assertEquals("Mañanas de Café", r.entry().orElseThrow().album());
    assertEquals(List.of(QUERY, "cddb read blues 0e031e04", "cddb read rock 0e031e04"), server.commands());
  }

  @Test
  void severalExactMatchesTakeTheFirstListedThatFits() {
    server.on(QUERY, """
            210 Found exact matches, list follows (until terminating `.')
            rock 0e031e04 Ana Lucía Peñalver / Mañanas de Café
            misc 0e031e04 Various / Summer Hits ★ 2024
            .
            """)
        .on("cddb read rock 0e031e04", readReply("rock", "0e031e04", XmcdFixtures.CAFE));

    CddbResult r = client().lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Outcome.FOUND, r.outcome());
    assertTrue(r.message().endsWith("; chose rock/0e031e04, the first with the disc's own id that matches the disc"),
        r.message());
    assertEquals(List.of(QUERY, "cddb read rock 0e031e04"), server.commands());
  }

  @Test
  void onlyEntriesThatDoNotFitTheDiscAreAMismatch() {
    server.on(QUERY, "200 blues 0e031e04 Someone Else / Three Songs\n")
        .on("cddb read blues 0e031e04", readReply("blues", "0e031e04", XmcdFixtures.COLLIDING_THREE_TRACKS));

    CddbResult r = client().lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Outcome.MISMATCH, r.outcome());
    assertEquals("no entry at " + server.cgi() + " matches disc 0e031e04: blues/0e031e04: 3 tracks in the entry, 4 on the disc",
        r.message());
    assertTrue(r.entry().isEmpty());
  }

  @Test
  void noMatchIsAnOutcomeAndIsRememberedWithoutAskingAgain() {
    server.on(QUERY, "202 No match for disc ID 0e031e04.\n");
    CddbHttp cddb = client();

    CddbResult r = cddb.lookup(XmcdFixtures.CAFE_TOC);
    CddbResult again = cddb.lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Outcome.NOT_FOUND, r.outcome());
    assertEquals("no match for 0e031e04 at " + server.cgi(), r.message());
    assertEquals(r.message(), again.message());
    assertEquals(List.of(QUERY), server.commands());
  }

  @Test
  void malformedRepliesAreNamedAndNotRemembered() {
    server.on(QUERY, "<html><body>It works!</body></html>\n");
    CddbHttp cddb = client();
    CddbResult r = cddb.lookup(XmcdFixtures.CAFE_TOC);
    assertEquals(Outcome.MALFORMED, r.outcome());
    assertEquals("malformed reply from " + server.cgi() + " to cddb query: \"<html><body>It works!</body></html>\"",
        r.message());

    server.on(QUERY, "211 Found inexact matches, list follows (until terminating `.')\nrock 0e031e04 A / B\n");
    assertEquals("malformed reply from " + server.cgi() + " to cddb query: \"list not ended by \".\"\"",
        cddb.lookup(XmcdFixtures.CAFE_TOC).message());

    server.on(QUERY, "200 rock 0e031e04 A / B\n")
        .on("cddb read rock 0e031e04", readReply("rock", "0e031e04", "DISCID=0e031e04\nthis is not xmcd\n"));
    CddbResult badEntry = cddb.lookup(XmcdFixtures.CAFE_TOC);
    assertEquals(Outcome.MALFORMED, badEntry.outcome());
    assertEquals("malformed entry at " + server.cgi() + ": rock/0e031e04: line 2: not KEY=value: \"this is not xmcd\"",
        badEntry.message());

    server.on(QUERY, new byte[] {'\r', '\n'});
    assertEquals("malformed reply from " + server.cgi() + " to cddb query: \"empty reply\"",
        cddb.lookup(XmcdFixtures.CAFE_TOC).message());
    assertEquals(5, server.commands().size(), "every lookup asked the server again (one read)");
  }

  @Test
  void serverErrorsCarryTheServersStatusLine() {
    server.on(QUERY, "403 Database entry is corrupt.\n");
    CddbResult r = client().lookup(XmcdFixtures.CAFE_TOC);
    assertEquals(Outcome.SERVER_ERROR, r.outcome());
    assertEquals("CDDB server " + server.cgi() + " refused cddb query: 403 Database entry is corrupt.", r.message());

    server.on(QUERY, "200 rock 0e031e04 A / B\n").on("cddb read rock 0e031e04", "401 rock 0e031e04 No such CD entry in database.\n");
    assertEquals("CDDB server " + server.cgi() + " refused cddb read rock 0e031e04: 401 rock 0e031e04 No such CD entry in database.",
        client().lookup(XmcdFixtures.CAFE_TOC).message());

    server.httpError(QUERY, 503);
    CddbResult http = client().lookup(XmcdFixtures.CAFE_TOC);
    assertEquals(Outcome.SERVER_ERROR, http.outcome());
    assertEquals("CDDB server " + server.cgi() + " answered HTTP 503", http.message());
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsUnreachable() {
    server.holdAnswers();
    CddbHttp cddb = CddbHttp.builder(server.base()).timeout(Duration.ofMillis(300)).build();

    CddbResult r = cddb.lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Outcome.UNREACHABLE, r.outcome());
    assertEquals("CDDB server " + server.cgi() + " unreachable: no answer within 300ms", r.message());
  }

  @Test
  void aClosedPortIsUnreachableWithConnectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CddbHttp cddb = CddbHttp.builder(URI.create("http://127.0.0.1:" + port + "/~cddb/cddb.cgi")).build();

    CddbResult r = cddb.lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Outcome.UNREACHABLE, r.outcome());
    assertEquals("CDDB server http://127.0.0.1:" + port + "/~cddb/cddb.cgi unreachable: connection refused", r.message());
  }

  @Test
  void foundEntriesAreCachedOnDiskInTheDumpLayoutAndServeTheNextClientOffline() throws Exception {
    Path cache = temp.resolve("cddb-cache");
    server.on(QUERY, "200 rock 0e031e04 Ana Lucía Peñalver / Mañanas de Café\n")
        .on("cddb read rock 0e031e04", readReply("rock", "0e031e04", XmcdFixtures.CAFE));
    assertTrue(CddbHttp.builder(server.base()).cacheDir(cache).build().lookup(XmcdFixtures.CAFE_TOC).found());
    server.close();

    CddbResult offline = CddbHttp.builder(server.base()).cacheDir(cache).build().lookup(XmcdFixtures.CAFE_TOC);

    assertEquals(Outcome.FOUND, offline.outcome());
    assertEquals("found rock/0e031e04 at " + cache, offline.message());
    assertEquals("Pequeña Canción", offline.entry().orElseThrow().track(2).title());
    assertTrue(Files.readString(cache.resolve("rock/0e031e04"), StandardCharsets.UTF_8).contains("DTITLE=Ana Lucía Peñalver"));
    try (var files = Files.list(cache.resolve("rock"))) {
      assertEquals(List.of("0e031e04"), files.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
    }
  }

  @Test
  void aLatin1ReplyFromAnOldServerIsStillRead() {
    server.on(QUERY, "200 rock 0e031e04 x / y\r\n".getBytes(StandardCharsets.ISO_8859_1))
        .on("cddb read rock 0e031e04",
            readReply("rock", "0e031e04", XmcdFixtures.CAFE).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));

    CddbResult r = client().lookup(XmcdFixtures.CAFE_TOC);

    assertEquals("Ana Lucía Peñalver", r.entry().orElseThrow().artist());
  }

  @Test
  void aServerUrlWithItsOwnCgiPathIsUsedAsItIs() {
    assertEquals("http://gnudb.gnudb.org/~cddb/cddb.cgi",
        CddbHttp.builder(URI.create("http://gnudb.gnudb.org/")).build().describe());
    assertEquals("https://example.org/cgi-bin/cddb.cgi",
        CddbHttp.builder(URI.create("https://example.org/cgi-bin/cddb.cgi")).build().describe());
  }

  @Test
  void misuseIsRefusedWithExactMessages() {
    assertEquals("CDDB server must be an http or https URL: ftp://x",
        assertThrows(IllegalArgumentException.class, () -> CddbHttp.builder(URI.create("ftp://x"))).getMessage());
    assertEquals("CDDB server URL must have no query or fragment: http://x/a.cgi?cmd=1",
        assertThrows(IllegalArgumentException.class, () -> CddbHttp.builder(URI.create("http://x/a.cgi?cmd=1")))
            .getMessage());
    CddbHttp.Builder b = CddbHttp.builder(server.base());
    assertEquals("timeout <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO)).getMessage());
    assertEquals("timeout > 1 minute: PT2M",
        assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ofMinutes(2))).getMessage());
    assertEquals("hello user must be 1 to 64 of [A-Za-z0-9._-]: a b",
        assertThrows(IllegalArgumentException.class, () -> b.hello("a b", "host")).getMessage());
    assertFalse(server.commands().iterator().hasNext());
  }
}
