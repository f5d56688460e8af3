package org.jukebox.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jukebox.api.Song;
import org.junit.jupiter.api.Test;

/** What the proxy refuses: guessing passwords, forged forms, other users' playlists, bad input. */
class ProxySecurityTest extends ProxyTestBase {
  @Override
  ProxyServer.Builder configure(ProxyServer.Builder b) {
    return b.loginLimits(3, 6, Duration.ofMinutes(15));
  }

  @Test
  void loginFailuresPerAccountAreLimitedUntilTheWindowPasses() throws Exception {
    Browser b = browser();
    for (int i = 0; i < 3; i++) {
      assertEquals(401, b.login("alice", "wrong-password-" + i).statusCode());
    }
    HttpResponse<String> refused = b.login("alice", ALICE_PASSWORD);
    assertEquals(429, refused.statusCode());
    assertEquals("{\"error\":\"Too many failed logins. Try again later.\"}", refused.body());
    assertEquals(429, b.post("/login", Map.of("user", "alice", "password", ALICE_PASSWORD)).statusCode());
    // Another account from the same address is still let in (3 failures < 6 per address).
    assertEquals(200, browser().login("bob", BOB_PASSWORD).statusCode());
    clock.advance(Duration.ofMinutes(15).plusSeconds(1));
    assertEquals(200, b.login("alice", ALICE_PASSWORD).statusCode());
  }

  @Test
  void loginFailuresPerAddressAreLimitedAcrossAccounts() throws Exception {
    Browser b = browser();
    for (int i = 0; i < 6; i++) {
      assertEquals(401, b.login("user" + i, "wrong-password").statusCode());
    }
    assertEquals(429, b.login("bob", BOB_PASSWORD).statusCode());
    clock.advance(Duration.ofMinutes(16));
    assertEquals(200, b.login("bob", BOB_PASSWORD).statusCode());
  }

  @Test
  void postsWithoutOrWithAWrongCsrfTokenAreRefused() throws Exception {
    Browser b = loggedIn("alice", ALICE_PASSWORD);
    String song = song("Evening Tune").id().value();
    String add = "/playlist/" + b.playlist + "/add";
    assertEquals(403, b.post(add, Map.of("song", song)).statusCode());
    assertEquals(403, b.post(add, Map.of("song", song, "csrf", b.csrf + "x")).statusCode());
    assertEquals(403, b.post("/api/playlist", Map.of("song", song)).statusCode());
    assertEquals(403, b.post("/api/playlist", Map.of("song", song), ProxyServer.CSRF_HEADER, "forged").statusCode());
    assertEquals(403, b.send("DELETE", "/api/playlist?index=0", Map.of()).statusCode());
    assertEquals(403, b.post("/api/like", Map.of("song", song)).statusCode());
    assertEquals(403, b.post("/logout", Map.of()).statusCode());
    assertEquals(1, proxy.sessionCount());
    // Bob's token does not work in Alice's session.
    Browser bob = loggedIn("bob", BOB_PASSWORD);
    assertEquals(403, b.post(add, Map.of("song", song, "csrf", bob.csrf)).statusCode());
    assertEquals("{\"id\":\"" + b.playlist + "\",\"songs\":[]}", b.get("/api/playlist").body());
    assertEquals(303, b.post(add, Map.of("song", song, "csrf", b.csrf)).statusCode());
  }

  @Test
  void anotherUsersPlaylistIdIsRefused() throws Exception {
    Browser alice = loggedIn("alice", ALICE_PASSWORD);
    Browser bob = loggedIn("bob", BOB_PASSWORD);
    Song evening = song("Evening Tune");
    assertEquals(303, alice.post("/playlist/" + alice.playlist + "/add",
        Map.of("csrf", alice.csrf, "song", evening.id().value())).statusCode());
    String theirs = "/playlist/" + alice.playlist;
    HttpResponse<String> look = bob.get(theirs);
    assertEquals(404, look.statusCode());
    assertFalse(look.body().contains("Evening Tune"), look.body());
    assertEquals(404, bob.get("/play/" + alice.playlist + "?i=0").statusCode());
    for (String op : List.of("add", "remove", "up", "down", "clear")) {
      assertEquals(404, bob.post(theirs + "/" + op,
          Map.of("csrf", bob.csrf, "song", evening.id().value(), "index", "0")).statusCode(), op);
    }
    assertTrue(alice.get("/api/playlist").body().contains(evening.id().value()));
    assertFalse(bob.get("/api/playlist").body().contains(evening.id().value()));
  }

  @Test
  void pathTraversalIsRefusedWith400() throws Exception {
    Browser b = loggedIn("alice", ALICE_PASSWORD);
    for (String target : List.of("/static/../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/etc/passwd", "/song/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/app.js%00.png",
        "/cover/..", "/stream/.%2e/x", "/static/..%5c..%5cwindows", "/playlist/./x")) {
      assertEquals(400, b.raw("GET", target, null), target);
    }
    assertEquals(200, b.raw("GET", "/static/app.js", null));
  }

  @Test
  void crOrLfOrNulInAnyParameterIsRefusedWith400() throws Exception {
    Browser b = loggedIn("alice", ALICE_PASSWORD);
    String song = song("Evening Tune").id().value();
    String pl = "/playlist/" + b.playlist;
    String inject = "x%0d%0aSet-Cookie:%20evil=1";
    for (String get : List.of("/search?q=", "/artist?name=", "/album?artist=Shelf&name=", "/album?artist=",
        "/login?next=/library", "/play/" + b.playlist + "?i=", "/api/songs?q=", "/api/albums?artist=",
        "/api/next?n=", "/search?q=a&" + "x")) {
      for (String bad : List.of(inject, "%0a", "%0d", "%00")) {
        assertEquals(400, b.raw("GET", get + bad, null), get + bad);
      }
    }
    for (String[] post : List.of(new String[] {pl + "/add", "song=" + song + "&back=/library" + inject},
        new String[] {pl + "/add", "song=" + song + inject},
        new String[] {pl + "/remove", "index=0" + inject},
        new String[] {"/like/" + song, "back=/song" + inject},
        new String[] {"/login", "user=alice&password=" + ALICE_PASSWORD + "&next=/x" + inject},
        new String[] {"/login", "user=alice" + inject + "&password=x"},
        new String[] {"/api/login", "user=alice&password=a%0ab"},
        new String[] {"/logout", "csrf=" + b.csrf + "%0d%0a"})) {
      assertEquals(400, b.raw("POST", post[0], "csrf=" + b.csrf + "&" + post[1]), post[0] + " " + post[1]);
    }
    // An offsite or malformed "back" is not followed: the library is.
    HttpResponse<String> offsite = b.post(pl + "/add", Map.of("csrf", b.csrf, "song", song, "back", "//evil.example/"));
    assertEquals("/library", offsite.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> scheme = b.post(pl + "/add", Map.of("csrf", b.csrf, "song", song, "back", "https://evil.example/"));
    assertEquals("/library", scheme.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void sessionCookiesAreHttpOnlyStrictAndRandom() throws Exception {
    HttpResponse<String> login = browser().post("/login", Map.of("user", "alice", "password", ALICE_PASSWORD, "next", "/search"));
    assertEquals(303, login.statusCode());
    assertEquals("/search", login.headers().firstValue("Location").orElseThrow());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.matches(ProxyServer.COOKIE + "=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict"), cookie);
    String other = browser().login("alice", ALICE_PASSWORD).headers().firstValue("Set-Cookie").orElseThrow();
    assertFalse(other.split(";")[0].equals(cookie.split(";")[0]));
    HttpResponse<String> page = loggedIn("bob", BOB_PASSWORD).get("/library");
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
  }

  @Test
  void aForgedOrExpiredSessionCookieIsNotALogin() throws Exception {
    Browser b = browser();
    b.cookie = ProxyServer.COOKIE + "=" + "A".repeat(43);
    assertEquals(401, b.get("/api/playlist").statusCode());
    Browser alice = loggedIn("alice", ALICE_PASSWORD);
    clock.advance(Duration.ofHours(9));
    assertEquals(401, alice.get("/api/playlist").statusCode());
    assertEquals(0, proxy.sessionCount());
  }
}
