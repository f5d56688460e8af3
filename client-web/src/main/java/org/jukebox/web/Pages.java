package org.jukebox.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jukebox.api.Pick;
import org.jukebox.api.Song;
import org.jukebox.web.internal.Html;

/**
 * The proxy's pages, server-rendered: every value from the jukebox or the request goes through
 * {@link Html}'s escaping. Stateless.
 */
final class Pages {
  private Pages() {}

  /** What a page needs to know about who is looking. */
  record Viewer(String user, String csrf, String playlistId) {}

  static String layout(String title, Viewer v, Html body) {
    Html h = Html.of("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>{} · Jukebox</title><link rel=\"stylesheet\" href=\"/static/app.css\">", title);
    if (v != null) {
      h.f("<meta name=\"csrf-token\" content=\"{}\"><meta name=\"playlist-id\" content=\"{}\">", v.csrf(), v.playlistId());
    }
    h.raw("<script src=\"/static/app.js\" defer></script></head><body>");
    h.raw("<header><a class=\"brand\" href=\"/\">Jukebox</a>");
    if (v != null) {
      h.raw("<nav><a href=\"/library\">Library</a> <a href=\"/search\">Search</a> ")
          .f("<a href=\"/playlist/{}\">Playlist</a> <a href=\"/dj\">DJ</a></nav>", v.playlistId())
          .f("<form class=\"logout\" method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
              + "<span class=\"user\">{}</span> <button>Log out</button></form>", v.csrf(), v.user());
    }
    h.raw("</header><main>").f("<h1>{}</h1>", title).text(body).raw("</main></body></html>\n");
    return h.toString();
  }

  static String login(String next, String message) {
    Html b = Html.of();
    if (message != null) {
      b.f("<p class=\"error\" role=\"alert\">{}</p>", message);
    }
    b.raw("<form method=\"post\" action=\"/login\" class=\"login\">")
        .f("<input type=\"hidden\" name=\"next\" value=\"{}\">", next)
        .raw("<label>User <input name=\"user\" autocomplete=\"username\" required autofocus></label>"
            + "<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>"
            + "<button>Log in</button></form>");
    return layout("Log in", null, b);
  }

  static String error(int status, String message, Viewer v) {
    return layout("Error " + status, v, Html.of("<p class=\"error\">{}</p><p><a href=\"/\">Back to the jukebox</a></p>", message));
  }

  static String artists(Viewer v, List<Song> catalog) {
    Map<String, Integer> counts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Song s : catalog) {
      counts.merge(s.artist(), 1, Integer::sum);
    }
    Html b = Html.of();
    if (counts.isEmpty()) {
      b.raw("<p>No music is available right now: no SoundSmith is online.</p>");
    }
    b.raw("<ul class=\"artists\">");
    counts.forEach((artist, n) -> b.f("<li><a href=\"/artist?name={}\">{}</a> <span class=\"count\">{} songs</span></li>",
        Html.url(artist), artistLabel(artist), n));
    b.raw("</ul>");
    return layout("Library", v, b);
  }

  static String artist(Viewer v, String artist, List<Song> songs) {
    Map<String, Integer> albums = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Song s : songs) {
      albums.merge(s.album(), 1, Integer::sum);
    }
    Html b = Html.of("<p><a href=\"/library\">Library</a> › {}</p><ul class=\"albums\">", artistLabel(artist));
    albums.forEach((album, n) -> b.f("<li><a href=\"/album?artist={}&amp;name={}\">{}</a> <span class=\"count\">{} songs</span></li>",
        Html.url(artist), Html.url(album), album.isEmpty() ? "(no album)" : album, n));
    b.raw("</ul>");
    return layout(artistLabel(artist), v, b);
  }

  static String album(Viewer v, String artist, String album, List<Song> songs, String back) {
    Html b = Html.of("<p><a href=\"/library\">Library</a> › <a href=\"/artist?name={}\">{}</a> › {}</p>",
        Html.url(artist), artistLabel(artist), album.isEmpty() ? "(no album)" : album);
    b.text(songTable(v, songs, back));
    return layout(album.isEmpty() ? "(no album)" : album, v, b);
  }

  static String search(Viewer v, String q, List<Song> songs, String back) {
    Html b = Html.of("<form method=\"get\" action=\"/search\" class=\"search\"><input id=\"q\" name=\"q\" value=\"{}\""
        + " placeholder=\"title, artist or album\" autocomplete=\"off\" autofocus> <button>Search</button></form>", q);
    if (!q.isBlank() && songs.isEmpty()) {
      b.raw("<p id=\"none\">No songs match.</p>");
    }
    b.text(songTable(v, songs, back));
    return layout("Search", v, b);
  }

  static Html songTable(Viewer v, List<Song> songs, String back) {
    Html b = Html.of("<table class=\"songs\"><thead><tr><th>Title</th><th>Artist</th><th>Album</th><th>Time</th><th></th></tr></thead><tbody id=\"results\">");
    for (Song s : songs) {
      b.f("<tr><td><a href=\"/song/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
          s.id().value(), s.title(), s.artist(), s.album(), time(s.duration()), addForm(v, s, back));
    }
    b.raw("</tbody></table>");
    return b;
  }

  static Html addForm(Viewer v, Song s, String back) {
    return Html.of("<form method=\"post\" action=\"/playlist/{}/add\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
        + "<input type=\"hidden\" name=\"song\" value=\"{}\"><input type=\"hidden\" name=\"back\" value=\"{}\">"
        + "<button class=\"add\">Add</button></form>", v.playlistId(), v.csrf(), s.id().value(), back);
  }

  static String song(Viewer v, Song s, String back) {
    Html b = Html.of();
    if (s.hasCoverArt()) {
      b.f("<img class=\"cover\" src=\"/cover/{}\" alt=\"Cover of {}\">", s.id().value(), s.album());
    }
    b.raw("<dl class=\"song\">")
        .f("<dt>Artist</dt><dd><a href=\"/artist?name={}\">{}</a></dd>", Html.url(s.artist()), artistLabel(s.artist()))
        .f("<dt>Album</dt><dd><a href=\"/album?artist={}&amp;name={}\">{}</a></dd>", Html.url(s.artist()), Html.url(s.album()), s.album())
        .f("<dt>Track</dt><dd>{}</dd><dt>Year</dt><dd>{}</dd><dt>Genre</dt><dd>{}</dd><dt>Time</dt><dd>{}</dd>",
            s.track() == 0 ? "" : s.track(), s.year() == 0 ? "" : s.year(), s.genre(), time(s.duration()))
        .raw("</dl>")
        .f("<p><audio controls preload=\"none\" src=\"/stream/{}\"></audio></p>", s.id().value())
        .text(addForm(v, s, back)).text(rateForms(v, s, back));
    return layout(s.title(), v, b);
  }

  static Html rateForms(Viewer v, Song s, String back) {
    Html b = Html.of();
    for (String kind : List.of("like", "dislike")) {
      b.f("<form method=\"post\" action=\"/{}/{}\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
          + "<input type=\"hidden\" name=\"back\" value=\"{}\"><button class=\"{}\">{}</button></form>",
          kind, s.id().value(), v.csrf(), back, kind, kind.equals("like") ? "Like" : "Dislike");
    }
    return b;
  }

  static String playlist(Viewer v, List<Optional<Song>> songs, List<String> ids) {
    Html b = Html.of();
    if (songs.isEmpty()) {
      b.raw("<p>Your playlist is empty. Find songs in the <a href=\"/library\">library</a> or by <a href=\"/search\">search</a>.</p>");
    } else {
      b.f("<p><a class=\"button\" href=\"/play/{}?i=0\">Play all</a> <a class=\"button\" href=\"/play/{}?i=0&amp;dj=1\">Play, then DJ</a></p>",
          v.playlistId(), v.playlistId());
    }
    b.raw("<ol class=\"playlist\">");
    for (int i = 0; i < songs.size(); i++) {
      Optional<Song> s = songs.get(i);
      b.raw("<li>");
      if (s.isPresent()) {
        b.f("<a href=\"/play/{}?i={}\">{}</a> <span class=\"artist\">{}</span>", v.playlistId(), i, s.get().title(), s.get().artist());
      } else {
        b.f("<span class=\"gone\">{} (offline)</span>", ids.get(i));
      }
      for (String[] op : new String[][] {{"up", "↑"}, {"down", "↓"}, {"remove", "Remove"}}) {
        b.f(" <form method=\"post\" action=\"/playlist/{}/{}\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
            + "<input type=\"hidden\" name=\"index\" value=\"{}\"><button class=\"{}\">{}</button></form>",
            v.playlistId(), op[0], v.csrf(), i, op[0], op[1]);
      }
      b.raw("</li>");
    }
    b.raw("</ol>");
    return layout("Playlist", v, b);
  }

  static String player(Viewer v, List<Optional<Song>> songs, int index, boolean dj, String back) {
    Html b = Html.of();
    if (index >= songs.size()) {
      if (dj) {
        b.f("<form id=\"dj-more\" data-auto=\"1\" method=\"post\" action=\"/dj/queue\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
            + "<input type=\"hidden\" name=\"play\" value=\"{}\"><button>Ask the DJ for more</button></form>", v.csrf(), index);
      } else {
        b.f("<p>End of the playlist. <a href=\"/playlist/{}\">Back to the playlist</a></p>", v.playlistId());
      }
      return layout("Player", v, b);
    }
    Optional<Song> s = songs.get(index);
    String next = index + 1 < songs.size() || dj
        ? "/play/" + v.playlistId() + "?i=" + (index + 1) + (dj ? "&dj=1" : "") : "";
    if (s.isEmpty()) {
      b.raw("<p>This song is offline.</p>");
      if (!next.isEmpty()) {
        b.f("<p><a id=\"next\" href=\"{}\">Next</a></p>", next);
      }
      return layout("Player", v, b);
    }
    Song song = s.get();
    if (song.hasCoverArt()) {
      b.f("<img class=\"cover\" src=\"/cover/{}\" alt=\"Cover of {}\">", song.id().value(), song.album());
    }
    b.f("<p class=\"now\"><a href=\"/song/{}\">{}</a> — {} <span class=\"count\">({} of {})</span></p>",
        song.id().value(), song.title(), artistLabel(song.artist()), index + 1, songs.size());
    b.f("<audio id=\"player\" controls autoplay preload=\"auto\" src=\"/stream/{}\" data-next=\"{}\"></audio>",
        song.id().value(), next);
    b.raw("<p>");
    if (index > 0) {
      b.f("<a href=\"/play/{}?i={}{}\">Previous</a> ", v.playlistId(), index - 1, dj ? "&dj=1" : "");
    }
    if (!next.isEmpty()) {
      b.f("<a id=\"next\" href=\"{}\">Next</a>", next);
    }
    b.raw("</p>").text(rateForms(v, song, back));
    return layout("Player", v, b);
  }

  static String dj(Viewer v, List<Pick> picks, Map<String, Song> songs, String message, String back) {
    Html b = Html.of();
    if (message != null) {
      b.f("<p class=\"error\">{}</p>", message);
    }
    b.f("<form method=\"post\" action=\"/dj/queue\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
        + "<button>Queue the DJ's picks and play</button></form>", v.csrf());
    b.raw("<table class=\"songs\"><thead><tr><th>Title</th><th>Artist</th><th>Why</th><th></th></tr></thead><tbody>");
    for (Pick p : picks) {
      Song s = songs.get(p.song().value());
      if (s != null) {
        b.f("<tr><td><a href=\"/song/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            s.id().value(), s.title(), s.artist(), p.reason().name().toLowerCase(java.util.Locale.ROOT), addForm(v, s, back));
      }
    }
    b.raw("</tbody></table>");
    return layout("DJ", v, b);
  }

  static String artistLabel(String artist) {
    return artist.isEmpty() ? "(unknown artist)" : artist;
  }

  static String time(Duration d) {
    long s = d.toSeconds();
    return s / 60 + ":" + String.format("%02d", s % 60);
  }
}
