package org.jukebox.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.web.internal.Html;
import org.jukebox.web.internal.Json;
import org.junit.jupiter.api.Test;

class PagesTest {
  private static final Pages.Viewer VIEWER = new Pages.Viewer("alice\"><b>", "tok\"en", "0123456789abcdef0123456789abcdef");

  private static Song song(String title, String artist, String album) {
    return new Song(new SongId("s:1"), title, artist, album, 1, 1, 2020, "Rock", Duration.ofSeconds(75), 128, 44100,
        true, 1000, "audio/mpeg");
  }

  @Test
  void aSongTitledScriptRendersEscapedEverywhere() {
    Song evil = song("<script>alert('x')</script>", "A & B \"quoted\"", "<img src=x onerror=alert(1)>");
    for (String page : List.of(Pages.song(VIEWER, evil, "/"), Pages.search(VIEWER, "<script>", List.of(evil), "/"),
        Pages.album(VIEWER, evil.artist(), evil.album(), List.of(evil), "/"),
        Pages.player(VIEWER, List.of(Optional.of(evil)), 0, false, "/"),
        Pages.playlist(VIEWER, List.of(Optional.of(evil)), List.of("s:1")), Pages.artists(VIEWER, List.of(evil)))) {
      assertFalse(page.contains("<script>alert"), page);
      assertFalse(page.contains("<img src=x"), page);
      assertFalse(page.contains("<b>"), page);
      assertFalse(page.contains("tok\"en"), page);
    }
    String songPage = Pages.song(VIEWER, evil, "/");
    assertTrue(songPage.contains("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; · Jukebox</title>"), songPage);
    assertTrue(songPage.contains("A &amp; B &quot;quoted&quot;"), songPage);
    assertTrue(songPage.contains("<input type=\"hidden\" name=\"csrf\" value=\"tok&quot;en\">"), songPage);
    assertTrue(Pages.artists(VIEWER, List.of(evil)).contains("href=\"/artist?name=A%20%26%20B%20%22quoted%22\""));
  }

  @Test
  void theTemplateHelperEscapesArgumentsButNotBuiltFragments() {
    Html inner = Html.of("<i>{}</i>", "<x>");
    assertEquals("<p>&lt;b&gt; <i>&lt;x&gt;</i></p>", Html.of("<p>{} {}</p>", "<b>", inner).toString());
    assertEquals("more placeholders than arguments (1): {} {}",
        assertThrows(IllegalArgumentException.class, () -> Html.of("{} {}", "a")).getMessage());
    assertEquals("more arguments (2) than placeholders: {}",
        assertThrows(IllegalArgumentException.class, () -> Html.of("{}", "a", "b")).getMessage());
  }

  @Test
  void jsonEscapesQuotesControlCharactersAndMarkup() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("t", "\"\n</script>&");
    m.put("n", java.util.Arrays.asList(1, true, null));
    assertEquals("{\"t\":\"\\\"\\n\\u003c/script\\u003e\\u0026\",\"n\":[1,true,null]}", Json.write(m));
  }

  @Test
  void onlyLocalPathsAreFollowedBack() {
    assertEquals("/search?q=a", ProxyServer.safeBack("/search?q=a"));
    for (String bad : new String[] {"//evil", "https://evil", "/\\evil", "/a b", "/a\"b", null, "evil"}) {
      assertEquals("/library", ProxyServer.safeBack(bad), String.valueOf(bad));
    }
  }
}
