package org.jukebox.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import org.jukebox.api.Preference;
import org.jukebox.api.Song;
import org.jukebox.api.StreamTicket;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.Test;

/** The JSON API and the pages over real HTTP, against a real jukebox with real MP3s. */
class ProxyApiTest extends ProxyTestBase {

  /** The whole audio of a song, fetched straight from its SoundSmith with a fresh ticket. */
  private static byte[] direct(Song song) throws Exception {
    StreamTicket t = client.locate(song.id()).orElseThrow().soundSmith().openStream(song.id());
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(t.url()).build(),
        HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  @Test
  void loginSearchAddToPlaylistAndStreamARangeGivesThoseBytes() throws Exception {
    Browser b = loggedIn("alice", ALICE_PASSWORD);
    HttpResponse<String> found = b.get("/api/songs?q=evening");
    assertEquals(200, found.statusCode());
    assertTrue(found.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    Song evening = song("Evening Tune");
    assertTrue(found.body().contains("\"id\":\"" + evening.id().value() + "\""), found.body());
    assertFalse(found.body().contains("Morning Tune"), found.body());

    HttpResponse<String> added = b.post("/api/playlist", Map.of("song", evening.id().value()), ProxyServer.CSRF_HEADER, b.csrf);
    assertEquals(200, added.statusCode(), added.body());
    HttpResponse<String> list = b.get("/api/playlist");
    assertTrue(list.body().contains("\"id\":\"" + b.playlist + "\""), list.body());
    assertTrue(list.body().contains("\"title\":\"Evening Tune\""), list.body());

    byte[] whole = direct(evening);
    assertTrue(whole.length > 5000, "length " + whole.length);
    HttpResponse<byte[]> part = b.bytes("/stream/" + evening.id().value(), "Range", "bytes=1000-2999");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 1000-2999/" + whole.length, part.headers().firstValue("Content-Range").orElseThrow());
    assertEquals("audio/mpeg", part.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(whole, 1000, 3000), part.body());

    HttpResponse<byte[]> all = b.bytes("/stream/" + evening.id().value());
    assertEquals(200, all.statusCode());
    assertArrayEquals(whole, all.body());
    assertEquals("bytes", all.headers().firstValue("Accept-Ranges").orElseThrow());
  }

  @Test
  void theApiListsArtistsAlbumsAndOneSong() throws Exception {
    Browser b = loggedIn("alice", ALICE_PASSWORD);
    assertEquals("{\"artists\":[\"Other \\u0026 Sons\",\"Shelf\"]}", b.get("/api/artists").body());
    assertEquals("{\"albums\":[\"Days\"],\"artist\":\"Shelf\"}", b.get("/api/albums?artist=Shelf").body());
    Song morning = song("Morning Tune");
    String one = b.get("/api/song/" + morning.id().value()).body();
    assertTrue(one.contains("\"coverArt\":\"/cover/" + morning.id().value() + "\""), one);
    assertEquals(404, b.get("/api/song/no-such-song").statusCode());
    assertEquals(401, browser().get("/api/songs?q=tune").statusCode());
  }

  @Test
  void coverArtComesFromTheSoundSmith() throws Exception {
    Browser b = loggedIn("bob", BOB_PASSWORD);
    Song morning = song("Morning Tune");
    assertTrue(morning.hasCoverArt());
    HttpResponse<byte[]> img = b.bytes("/cover/" + morning.id().value());
    assertEquals(200, img.statusCode());
    assertEquals("image/png", img.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(coverPng, img.body());
    assertEquals(404, b.bytes("/cover/" + song("Evening Tune").id().value()).statusCode());
    String page = b.get("/song/" + morning.id().value()).body();
    assertTrue(page.contains("<img class=\"cover\" src=\"/cover/" + morning.id().value() + "\""), page);
  }

  @Test
  void pagesShowLibraryByArtistAndAlbumWithTitlesEscaped() throws Exception {
    Browser b = loggedIn("alice", ALICE_PASSWORD);
    String library = b.get("/library").body();
    assertTrue(library.contains("<a href=\"/artist?name=Other%20%26%20Sons\">Other &amp; Sons</a>"), library);
    String artist = b.get("/artist?name=Shelf").body();
    assertTrue(artist.contains("<a href=\"/album?artist=Shelf&amp;name=Days\">Days</a>"), artist);
    String album = b.get("/album?artist=Shelf&name=Days").body();
    assertTrue(album.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), album);
    assertFalse(album.contains(SCRIPT_TITLE), album);
    assertTrue(album.contains("Morning Tune"), album);
    String search = b.get("/search?q=" + Browser.enc("<script>")).body();
    assertFalse(search.contains("<script>alert"), search);
    assertTrue(search.contains("value=\"&lt;script&gt;\""), search);
    assertEquals(404, b.get("/artist?name=Nobody").statusCode());
  }

  @Test
  void playlistFormsAddReorderRemoveAndThePlayerPlaysInOrder() throws Exception {
    Browser b = loggedIn("alice", ALICE_PASSWORD);
    String pl = "/playlist/" + b.playlist;
    Song morning = song("Morning Tune");
    Song evening = song("Evening Tune");
    for (Song s : new Song[] {morning, evening}) {
      HttpResponse<String> r = b.post(pl + "/add", Map.of("csrf", b.csrf, "song", s.id().value(), "back", "/search?q=tune"));
      assertEquals(303, r.statusCode());
      assertEquals("/search?q=tune", r.headers().firstValue("Location").orElseThrow());
    }
    assertEquals(303, b.post(pl + "/down", Map.of("csrf", b.csrf, "index", "0")).statusCode());
    String page = b.get(pl).body();
    assertTrue(page.indexOf("Evening Tune") < page.indexOf("Morning Tune"), page);

    String player = b.get("/play/" + b.playlist + "?i=0").body();
    assertTrue(player.contains("<audio id=\"player\" controls autoplay preload=\"auto\" src=\"/stream/"
        + evening.id().value() + "\" data-next=\"/play/" + b.playlist + "?i=1\">"), player);
    String last = b.get("/play/" + b.playlist + "?i=1").body();
    assertTrue(last.contains("src=\"/stream/" + morning.id().value() + "\" data-next=\"\""), last);

    assertEquals(303, b.post(pl + "/remove", Map.of("csrf", b.csrf, "index", "0")).statusCode());
    String after = b.get("/api/playlist").body();
    assertFalse(after.contains("Evening Tune"), after);
    assertTrue(after.contains("Morning Tune"), after);
    HttpResponse<String> deleted = b.send("DELETE", "/api/playlist?index=0", Map.of(), ProxyServer.CSRF_HEADER, b.csrf);
    assertEquals(200, deleted.statusCode());
    assertEquals("{\"id\":\"" + b.playlist + "\",\"songs\":[]}", deleted.body());
  }

  @Test
  void likesReachTheDjAsTheLoggedInUserAndDjModeQueuesPicks() throws Exception {
    Browser b = loggedIn("bob", BOB_PASSWORD);
    Song evening = song("Evening Tune");
    HttpResponse<String> liked = b.post("/like/" + evening.id().value(),
        Map.of("csrf", b.csrf, "back", "/song/" + evening.id().value()));
    assertEquals(303, liked.statusCode());
    assertEquals(200, b.post("/api/dislike", Map.of("song", song("Morning Tune").id().value()),
        ProxyServer.CSRF_HEADER, b.csrf).statusCode());
    JukeboxExtension.await(WAIT, "bob's like at the DJ", () -> {
      try {
        return Caller.callAs(JukeboxPrincipal.user("bob", "test"), () -> jukebox.dj().local().profile("bob", 10))
            .preferences().stream().map(Preference::song).anyMatch(evening.id()::equals);
      } catch (Exception e) {
        return false;
      }
    });
    HttpResponse<String> next = b.get("/api/next?n=3");
    assertEquals(200, next.statusCode(), next.body());
    assertTrue(next.body().startsWith("{\"picks\":["), next.body());
    assertTrue(next.body().contains(evening.id().value()), next.body());

    HttpResponse<String> queued = b.post("/dj/queue", Map.of("csrf", b.csrf));
    assertEquals(303, queued.statusCode());
    assertEquals("/play/" + b.playlist + "?i=0&dj=1", queued.headers().firstValue("Location").orElseThrow());
    assertTrue(b.get("/api/playlist").body().contains(evening.id().value()));
  }

  @Test
  void loggingOutEndsTheSession() throws Exception {
    Browser b = loggedIn("alice", ALICE_PASSWORD);
    assertEquals(1, proxy.sessionCount());
    HttpResponse<String> out = b.post("/logout", Map.of("csrf", b.csrf));
    assertEquals(303, out.statusCode());
    assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    assertEquals(0, proxy.sessionCount());
    HttpResponse<String> again = b.get("/library");
    assertEquals(303, again.statusCode());
    assertEquals("/login?next=%2Flibrary", again.headers().firstValue("Location").orElseThrow());
  }
}
