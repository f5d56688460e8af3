package org.jukebox.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.CoverArt;
import org.jukebox.api.JukeboxException;
import org.jukebox.api.NoCoverArtException;
import org.jukebox.api.Pick;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UnknownSongException;
import org.jukebox.client.DjClient;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.ServedSong;
import org.jukebox.web.Playlists.Playlist;
import org.jukebox.web.Request.HttpError;
import org.jukebox.web.internal.Json;
import org.jukebox.web.internal.RateLimiter;

/**
 * The HTML proxy: lets a plain browser use the jukebox. Serves server-rendered pages (library
 * by artist and album, search, song pages with cover art, a playlist per user, an HTML5 player,
 * the DJ) and the JSON API behind them, and relays audio from the SoundSmiths with Range support,
 * always acting as the logged-in user through their own credentials ({@link JukeboxAccess}).
 *
 * <p>Security: accounts in a {@link UserStore}; logins limited per account and per client
 * address (failures counted on the injected clock); sessions by random 256-bit ids in
 * {@code HttpOnly; SameSite=Strict} cookies ({@code Secure} over HTTPS); a per-session CSRF
 * token checked on every POST and DELETE; every playlist lookup names its owner; requests with
 * dot segments, encoded separators or control characters are refused with 400.
 *
 * <p>Thread-safe. {@link #close()} is bounded and idempotent.
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ProxyServer.class.getName());
  static final String COOKIE = "jukebox_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
  private static final Pattern IMAGE_TYPE = Pattern.compile("image/[a-z0-9.+-]{1,40}");
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final JukeboxClient catalog;
  private final JukeboxAccess access;
  private final UserStore users;
  private final Playlists playlists;
  private final Clock clock;
  private final int requestedPort;
  private final InetAddress bind;
  private final SSLContext tls;
  private final Duration idleTimeout;
  private final int threads;
  private final RateLimiter byAccount;
  private final RateLimiter byAddress;
  private final Duration limitWindow;
  /** Argon2 takes 64 MiB a try: a few at a time, so a login flood cannot exhaust memory. */
  private final Semaphore kdfSlots = new Semaphore(2);
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private HttpServer server;
  private ExecutorService executor;

  /** One login: lives in memory only. */
  static final class Session {
    final String id;
    final String user;
    final String csrf;
    final UserAgent agent;
    volatile Instant lastSeen;

    Session(String id, String user, String csrf, UserAgent agent, Instant now) {
      this.id = id;
      this.user = user;
      this.csrf = csrf;
      this.agent = agent;
      this.lastSeen = now;
    }
  }

  private ProxyServer(Builder b) {
    this.catalog = b.catalog;
    this.access = b.access;
    this.users = b.users != null ? b.users : UserStore.open(b.dataDir.resolve("users"));
    this.playlists = new Playlists(b.dataDir.resolve("playlists"));
    this.clock = b.clock;
    this.requestedPort = b.port;
    this.bind = b.bind;
    this.tls = b.tls;
    this.idleTimeout = b.idleTimeout;
    this.threads = b.threads;
    this.byAccount = new RateLimiter(b.accountLimit, b.limitWindow, b.clock);
    this.byAddress = new RateLimiter(b.addressLimit, b.limitWindow, b.clock);
    this.limitWindow = b.limitWindow;
  }

  /**
   * A builder for a proxy over {@code catalog} (a started client; the caller keeps ownership),
   * acting for its users through {@code access}, keeping accounts and playlists under
   * {@code dataDir}.
   */
  public static Builder builder(JukeboxClient catalog, JukeboxAccess access, java.nio.file.Path dataDir) {
    return new Builder(catalog, access, dataDir);
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException if the port cannot be bound
   * @throws IllegalStateException if already started or closed
   */
  public ProxyServer start() throws IOException {
    if (closed.get()) {
      throw new IllegalStateException("proxy is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("proxy already started");
    }
    InetSocketAddress at = new InetSocketAddress(bind, requestedPort);
    if (tls != null) {
      HttpsServer s = HttpsServer.create(at, 128);
      s.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          params.setSSLParameters(tls.getDefaultSSLParameters());
        }
      });
      server = s;
    } else {
      server = HttpServer.create(at, 128);
    }
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "jukebox-proxy-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  /** The bound port. @throws IllegalStateException if not started */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("proxy not started");
    }
    return server.getAddress().getPort();
  }

  /** Where a browser on this machine finds the proxy, e.g. {@code http://127.0.0.1:8080/}. */
  public URI url() {
    String host = bind.isAnyLocalAddress() ? "127.0.0.1" : bind.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create((tls != null ? "https" : "http") + "://" + host + ":" + port() + "/");
  }

  /** The accounts this proxy logs in against. */
  public UserStore users() {
    return users;
  }

  /** Number of live login sessions. */
  public int sessionCount() {
    return sessions.size();
  }

  /** Stops serving within about a second, ends every session. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Session s : List.copyOf(sessions.values())) {
      end(s);
    }
  }

  // ------------------------------------------------------------------------------------------ dispatch

  private void handle(HttpExchange ex) {
    try {
      Request r;
      try {
        r = Request.parse(ex);
        route(r);
      } catch (HttpError e) {
        boolean api = ex.getRequestURI().getRawPath() != null && ex.getRequestURI().getRawPath().startsWith("/api/");
        if (api) {
          json(ex, e.status, Map.of("error", e.getMessage()));
        } else {
          html(ex, e.status, Pages.error(e.status, e.getMessage(), null));
        }
      }
    } catch (IOException e) {
      LOG.fine("request ended early: " + e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request failed: " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath(), e);
      try {
        html(ex, 500, Pages.error(500, "internal error", null));
      } catch (IOException | RuntimeException ignored) {
        // headers were already sent
      }
    } finally {
      ex.close();
    }
  }

  private void route(Request r) throws HttpError, IOException {
    String first = r.segment(0);
    String m = r.method;
    if (!m.equals("GET") && !m.equals("POST") && !m.equals("DELETE")) {
      throw new HttpError(405, "method not allowed");
    }
    switch (first) {
      case "static" -> staticFile(r);
      case "login" -> login(r);
      case "api" -> api(r);
      case "" -> redirect(r.exchange, session(r).isPresent() ? "/library" : "/login", null);
      default -> page(r, first);
    }
  }

  private void page(Request r, String first) throws HttpError, IOException {
    Optional<Session> maybe = session(r);
    if (maybe.isEmpty()) {
      if (r.method.equals("GET")) {
        redirect(r.exchange, "/login?next=" + org.jukebox.web.internal.Html.url(r.pathAndQuery()), null);
        return;
      }
      throw new HttpError(403, "not logged in");
    }
    Session s = maybe.get();
    if (!r.method.equals("GET")) {
      checkCsrf(r, s);
    }
    Playlist own = playlists.of(s.user);
    Pages.Viewer v = new Pages.Viewer(s.user, s.csrf, own.id);
    String back = safeBack(r.pathAndQuery());
    switch (first + " " + r.method) {
      case "logout POST" -> {
        end(s);
        redirect(r.exchange, "/login", expiredCookie());
      }
      case "library GET" -> html(r.exchange, 200, Pages.artists(v, catalog.catalog()));
      case "artist GET" -> {
        String artist = r.require("name");
        List<Song> songs = catalog.catalog().stream().filter(x -> x.artist().equals(artist)).toList();
        if (songs.isEmpty()) {
          throw new HttpError(404, "no such artist");
        }
        html(r.exchange, 200, Pages.artist(v, artist, songs));
      }
      case "album GET" -> {
        String artist = r.require("artist");
        String album = r.require("name");
        List<Song> songs = catalog.catalog().stream()
            .filter(x -> x.artist().equals(artist) && x.album().equals(album)).toList();
        if (songs.isEmpty()) {
          throw new HttpError(404, "no such album");
        }
        html(r.exchange, 200, Pages.album(v, artist, album, songs, back));
      }
      case "search GET" -> {
        String q = r.param("q", "");
        html(r.exchange, 200, Pages.search(v, q, q.isBlank() ? List.of() : catalog.search(q, 200), back));
      }
      case "song GET" -> html(r.exchange, 200, Pages.song(v, song(r.segment(1)), back));
      case "cover GET" -> cover(r, s);
      case "stream GET" -> stream(r, s);
      case "playlist GET" -> {
        Playlist p = ownPlaylist(s, r.segment(1));
        List<SongId> ids = p.songs();
        html(r.exchange, 200, Pages.playlist(v, ids.stream().map(catalog::song).toList(),
            ids.stream().map(SongId::value).toList()));
      }
      case "playlist POST" -> playlistForm(r, s);
      case "play GET" -> {
        Playlist p = ownPlaylist(s, r.segment(1));
        List<SongId> ids = p.songs();
        int i = r.intParam("i", 0, 0, Integer.MAX_VALUE);
        boolean dj = "1".equals(r.param("dj"));
        html(r.exchange, 200, Pages.player(v, ids.stream().map(catalog::song).toList(), i, dj, back));
      }
      case "like POST", "dislike POST" -> {
        Song song = song(r.segment(1));
        DjClient dj = s.agent.dj().orElseThrow(() -> new HttpError(503, "no DJ is available"));
        if (first.equals("like")) {
          dj.like(song.id());
        } else {
          dj.dislike(song.id());
        }
        redirect(r.exchange, safeBack(r.param("back", "/song/" + song.id().value())), null);
      }
      case "dj GET" -> {
        List<Song> all = catalog.catalog();
        Map<String, Song> byId = new LinkedHashMap<>();
        all.forEach(x -> byId.put(x.id().value(), x));
        List<Pick> picks = List.of();
        String message = null;
        try {
          picks = djPicks(s, all, 20);
        } catch (HttpError e) {
          message = e.getMessage();
        }
        html(r.exchange, 200, Pages.dj(v, picks, byId, message, back));
      }
      case "dj POST" -> {
        if (!r.segment(1).equals("queue")) {
          throw new HttpError(404, "not found");
        }
        int start = own.songs().size();
        for (Pick p : djPicks(s, catalog.catalog(), 10)) {
          playlists.add(own, p.song());
        }
        int play = r.intParam("play", start, 0, Integer.MAX_VALUE);
        redirect(r.exchange, "/play/" + own.id + "?i=" + Math.min(play, start) + "&dj=1", null);
      }
      default -> throw new HttpError(404, "not found");
    }
  }

  private void playlistForm(Request r, Session s) throws HttpError, IOException {
    Playlist p = ownPlaylist(s, r.segment(1));
    String op = r.segment(2);
    switch (op) {
      case "add" -> playlists.add(p, song(r.require("song")).id());
      case "remove" -> playlists.remove(p, r.intParam("index", -1, 0, Integer.MAX_VALUE));
      case "up" -> playlists.move(p, r.intParam("index", -1, 0, Integer.MAX_VALUE), -1);
      case "down" -> playlists.move(p, r.intParam("index", -1, 0, Integer.MAX_VALUE), 1);
      case "clear" -> playlists.clear(p);
      default -> throw new HttpError(404, "not found");
    }
    redirect(r.exchange, safeBack(r.param("back", "/playlist/" + p.id)), null);
  }

  // ------------------------------------------------------------------------------------------ login

  private void login(Request r) throws HttpError, IOException {
    String next = safeBack(r.param("next", "/library"));
    if (r.method.equals("GET")) {
      html(r.exchange, 200, Pages.login(next, null));
      return;
    }
    if (!r.method.equals("POST")) {
      throw new HttpError(405, "method not allowed");
    }
    LoginResult result = authenticate(r);
    if (result.session == null) {
      if (result.status == 429) {
        r.exchange.getResponseHeaders().set("Retry-After", Long.toString(limitWindow.toSeconds()));
      }
      html(r.exchange, result.status, Pages.login(next, result.message));
      return;
    }
    redirect(r.exchange, next, cookie(result.session.id));
  }

  private record LoginResult(Session session, int status, String message) {}

  /** Checks the limits, then the password; opens the jukebox as the user on success. */
  private LoginResult authenticate(Request r) throws HttpError {
    String name = r.param("user", "").trim().toLowerCase(Locale.ROOT);
    String password = r.param("password", "");
    if (!byAddress.allowed(r.address) || !byAccount.allowed(name)) {
      return new LoginResult(null, 429, "Too many failed logins. Try again later.");
    }
    Optional<Credentials> creds;
    char[] pw = password.toCharArray();
    try {
      kdfSlots.acquire();
      try {
        creds = users.unlock(name, pw);
      } finally {
        kdfSlots.release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "shutting down");
    } catch (IOException e) {
      LOG.warning("cannot read the account of " + UserStore.printable(name) + ": " + e.getMessage());
      throw new HttpError(500, "the account cannot be read");
    } finally {
      java.util.Arrays.fill(pw, '\0');
    }
    if (creds.isEmpty()) {
      byAccount.failed(name);
      byAddress.failed(r.address);
      LOG.info("failed proxy login for " + UserStore.printable(name) + " from " + r.address);
      return new LoginResult(null, 401, "Wrong user name or password.");
    }
    UserAgent agent;
    try {
      agent = access.open(creds.get());
    } catch (Exception e) {
      LOG.warning("cannot act as jukebox user " + creds.get().jukeboxUser() + " for " + name + ": " + e.getMessage());
      return new LoginResult(null, 502, "The jukebox does not accept your credentials right now.");
    } finally {
      creds.get().wipe();
    }
    byAccount.reset(name);
    Session s = new Session(token(), name, token(), agent, clock.instant());
    sessions.put(s.id, s);
    return new LoginResult(s, 200, null);
  }

  private Optional<Session> session(Request r) {
    Optional<String> id = r.cookie(COOKIE);
    if (id.isEmpty() || !SESSION_ID.matcher(id.get()).matches()) {
      return Optional.empty();
    }
    Session s = sessions.get(id.get());
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (s.lastSeen.plus(idleTimeout).isBefore(now)) {
      end(s);
      return Optional.empty();
    }
    s.lastSeen = now;
    return Optional.of(s);
  }

  private void end(Session s) {
    if (sessions.remove(s.id, s)) {
      try {
        s.agent.close();
      } catch (RuntimeException e) {
        LOG.fine("closing the agent of " + s.user + ": " + e);
      }
    }
  }

  private static void checkCsrf(Request r, Session s) throws HttpError {
    String sent = r.header(CSRF_HEADER).orElse(r.param("csrf"));
    if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), s.csrf.getBytes(StandardCharsets.UTF_8))) {
      throw new HttpError(403, "missing or wrong CSRF token");
    }
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private String cookie(String id) {
    return COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" + (tls != null ? "; Secure" : "");
  }

  private String expiredCookie() {
    return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (tls != null ? "; Secure" : "");
  }

  /** A local path to go back to: anything else (another host, a scheme) becomes the library. */
  static String safeBack(String target) {
    if (target == null || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")
        || target.length() > 2048) {
      return "/library";
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '"' || c == '<' || c == '>') {
        return "/library";
      }
    }
    return target;
  }

  // ------------------------------------------------------------------------------------------ helpers

  private Song song(String id) throws HttpError {
    SongId sid;
    try {
      sid = new SongId(id);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "bad song id");
    }
    return catalog.song(sid).orElseThrow(() -> new HttpError(404, "no live SoundSmith serves that song"));
  }

  private Playlist ownPlaylist(Session s, String id) throws HttpError {
    // Someone else's playlist is "not found", exactly like a made-up id: no probing for ids.
    return playlists.find(s.user, id).orElseThrow(() -> new HttpError(404, "no such playlist"));
  }

  private List<Pick> djPicks(Session s, List<Song> all, int n) throws HttpError {
    DjClient dj = s.agent.dj().orElseThrow(() -> new HttpError(503, "no DJ is available"));
    try {
      return dj.nextSongs(all, n);
    } catch (RemoteException e) {
      throw new HttpError(503, "the DJ cannot be reached");
    } catch (JukeboxException e) {
      throw new HttpError(403, "the DJ refused: " + e.getMessage());
    }
  }

  private void cover(Request r, Session s) throws HttpError, IOException {
    Song song = song(r.segment(1));
    ServedSong served = catalog.locate(song.id()).orElseThrow(() -> new HttpError(404, "song went offline"));
    CoverArt art;
    try {
      art = s.agent.as(served.soundSmith()).coverArt(song.id());
    } catch (NoCoverArtException | UnknownSongException e) {
      throw new HttpError(404, "no cover art");
    } catch (RemoteException e) {
      throw new HttpError(502, "the SoundSmith cannot be reached");
    }
    String type = IMAGE_TYPE.matcher(art.mimeType()).matches() ? art.mimeType() : "application/octet-stream";
    byte[] data = art.data();
    Headers h = r.exchange.getResponseHeaders();
    securityHeaders(h);
    h.set("Content-Type", type);
    h.set("Cache-Control", "private, max-age=3600");
    r.exchange.sendResponseHeaders(200, data.length);
    try (OutputStream out = r.exchange.getResponseBody()) {
      out.write(data);
    }
  }

  /**
   * Relays a song's audio: opens a ticket as the user (a new one per request, since tickets are
   * single use) and forwards the browser's Range, so seeking works; the ticket never leaves.
   */
  private void stream(Request r, Session s) throws HttpError, IOException {
    Song song = song(r.segment(1));
    ServedSong served = catalog.locate(song.id()).orElseThrow(() -> new HttpError(404, "song went offline"));
    StreamTicket ticket;
    try {
      ticket = s.agent.as(served.soundSmith()).openStream(song.id());
    } catch (AccessDeniedException e) {
      throw new HttpError(403, "the SoundSmith does not let you play this song: " + e.getMessage());
    } catch (UnknownSongException e) {
      throw new HttpError(404, "song went offline");
    } catch (RemoteException e) {
      throw new HttpError(502, "the SoundSmith cannot be reached");
    }
    HttpRequest.Builder up = HttpRequest.newBuilder(ticket.url()).timeout(Duration.ofSeconds(30)).GET();
    Optional<String> range = r.header("Range").map(String::trim);
    if (range.isPresent()) {
      Matcher m = RANGE.matcher(range.get());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        up.header("Range", range.get()); // only a single well-formed range goes upstream
      }
    }
    HttpResponse<InputStream> answer;
    try {
      answer = s.agent.http().send(up.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "shutting down");
    } catch (IOException e) {
      throw new HttpError(502, "the SoundSmith's stream cannot be reached");
    }
    try (InputStream in = answer.body()) {
      int status = answer.statusCode();
      if (status != 200 && status != 206 && status != 416) {
        throw new HttpError(502, "the SoundSmith answered " + status);
      }
      Headers h = r.exchange.getResponseHeaders();
      securityHeaders(h);
      h.set("Content-Type", ticket.contentType());
      h.set("Accept-Ranges", "bytes");
      h.set("Cache-Control", "private, no-store");
      answer.headers().firstValue("Content-Range").filter(v -> v.matches("bytes [0-9*/-]{1,60}"))
          .ifPresent(v -> h.set("Content-Range", v));
      long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (status == 416) {
        r.exchange.sendResponseHeaders(416, -1);
        return;
      }
      r.exchange.sendResponseHeaders(status, length >= 0 ? (length == 0 ? -1 : length) : 0);
      try (OutputStream out = r.exchange.getResponseBody()) {
        in.transferTo(out);
      }
    }
  }

  private void staticFile(Request r) throws HttpError, IOException {
    String name = r.segment(1);
    String type = switch (name) {
      case "app.js" -> "text/javascript; charset=utf-8";
      case "app.css" -> "text/css; charset=utf-8";
      default -> throw new HttpError(404, "not found");
    };
    byte[] body;
    try (InputStream in = ProxyServer.class.getResourceAsStream("static/" + name)) {
      if (in == null) {
        throw new HttpError(404, "not found");
      }
      body = in.readAllBytes();
    }
    Headers h = r.exchange.getResponseHeaders();
    securityHeaders(h);
    h.set("Content-Type", type);
    h.set("Cache-Control", "public, max-age=300");
    r.exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = r.exchange.getResponseBody()) {
      out.write(body);
    }
  }

  // ------------------------------------------------------------------------------------------ JSON API

  private void api(Request r) throws HttpError, IOException {
    String what = r.segment(1);
    if (what.equals("login") && r.method.equals("POST")) {
      LoginResult result = authenticate(r);
      if (result.session == null) {
        json(r.exchange, result.status, Map.of("error", result.message));
        return;
      }
      r.exchange.getResponseHeaders().add("Set-Cookie", cookie(result.session.id));
      json(r.exchange, 200, Map.of("user", result.session.user, "csrf", result.session.csrf,
          "playlist", playlists.of(result.session.user).id));
      return;
    }
    Session s = session(r).orElseThrow(() -> new HttpError(401, "not logged in"));
    if (!r.method.equals("GET")) {
      checkCsrf(r, s);
    }
    Playlist own = playlists.of(s.user);
    switch (what + " " + r.method) {
      case "session GET" -> json(r.exchange, 200, Map.of("user", s.user, "csrf", s.csrf, "playlist", own.id));
      case "logout POST" -> {
        end(s);
        r.exchange.getResponseHeaders().add("Set-Cookie", expiredCookie());
        json(r.exchange, 200, Map.of("loggedOut", true));
      }
      case "songs GET" -> {
        String q = r.param("q", "");
        int limit = r.intParam("limit", 100, 0, 1000);
        List<Song> found = q.isBlank() ? catalog.catalog().stream().limit(limit).toList() : catalog.search(q, limit);
        json(r.exchange, 200, Map.of("songs", found.stream().map(ProxyServer::songJson).toList()));
      }
      case "artists GET" -> json(r.exchange, 200, Map.of("artists",
          catalog.catalog().stream().map(Song::artist).distinct().sorted(String.CASE_INSENSITIVE_ORDER).toList()));
      case "albums GET" -> {
        String artist = r.require("artist");
        json(r.exchange, 200, Map.of("artist", artist, "albums", catalog.catalog().stream()
            .filter(x -> x.artist().equals(artist)).map(Song::album).distinct().toList()));
      }
      case "song GET" -> json(r.exchange, 200, songJson(song(r.segment(2))));
      case "playlist GET" -> json(r.exchange, 200, playlistJson(own));
      case "playlist POST" -> {
        playlists.add(own, song(r.require("song")).id());
        json(r.exchange, 200, playlistJson(own));
      }
      case "playlist DELETE" -> {
        if (!playlists.remove(own, r.intParam("index", -1, 0, Integer.MAX_VALUE))) {
          throw new HttpError(404, "no song at that index");
        }
        json(r.exchange, 200, playlistJson(own));
      }
      case "like POST", "dislike POST" -> {
        Song song = song(r.require("song"));
        DjClient dj = s.agent.dj().orElseThrow(() -> new HttpError(503, "no DJ is available"));
        if (what.equals("like")) {
          dj.like(song.id());
        } else {
          dj.dislike(song.id());
        }
        json(r.exchange, 200, Map.of("song", song.id().value(), "reported", what));
      }
      case "next GET" -> {
        List<Song> all = catalog.catalog();
        Map<SongId, Song> byId = new LinkedHashMap<>();
        all.forEach(x -> byId.put(x.id(), x));
        List<Object> picks = new ArrayList<>();
        for (Pick p : djPicks(s, all, r.intParam("n", 10, 1, 100))) {
          Song x = byId.get(p.song());
          if (x != null) {
            Map<String, Object> m = new LinkedHashMap<>(songJson(x));
            m.put("score", p.score());
            m.put("reason", p.reason().name().toLowerCase(Locale.ROOT));
            picks.add(m);
          }
        }
        json(r.exchange, 200, Map.of("picks", picks));
      }
      default -> throw new HttpError(404, "not found");
    }
  }

  private Map<String, Object> playlistJson(Playlist p) {
    List<Object> songs = new ArrayList<>();
    for (SongId id : p.songs()) {
      songs.add(catalog.song(id).<Object>map(ProxyServer::songJson).orElse(Map.of("id", id.value(), "offline", true)));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id);
    m.put("songs", songs);
    return m;
  }

  static Map<String, Object> songJson(Song s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().value());
    m.put("title", s.title());
    m.put("artist", s.artist());
    m.put("album", s.album());
    m.put("track", s.track());
    m.put("disc", s.disc());
    m.put("year", s.year());
    m.put("genre", s.genre());
    m.put("durationMs", s.duration().toMillis());
    m.put("contentType", s.contentType());
    m.put("sizeBytes", s.sizeBytes());
    m.put("coverArt", s.hasCoverArt() ? "/cover/" + s.id().value() : null);
    m.put("stream", "/stream/" + s.id().value());
    return m;
  }

  // ------------------------------------------------------------------------------------------ responses

  private void securityHeaders(Headers h) {
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Content-Security-Policy", CSP);
    if (tls != null) {
      h.set("Strict-Transport-Security", "max-age=31536000");
    }
  }

  private void html(HttpExchange ex, int status, String page) throws IOException {
    send(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
  }

  private void json(HttpExchange ex, int status, Object value) throws IOException {
    send(ex, status, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8));
  }

  private void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    Headers h = ex.getResponseHeaders();
    securityHeaders(h);
    h.set("Content-Type", type);
    h.set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private void redirect(HttpExchange ex, String location, String setCookie) throws IOException {
    Headers h = ex.getResponseHeaders();
    securityHeaders(h);
    if (setCookie != null) {
      h.add("Set-Cookie", setCookie);
    }
    h.set("Location", safeBack(location));
    h.set("Cache-Control", "no-store");
    ex.sendResponseHeaders(303, -1);
  }

  /** Configures a {@link ProxyServer}. Not thread-safe. */
  public static final class Builder {
    private final JukeboxClient catalog;
    private final JukeboxAccess access;
    private final java.nio.file.Path dataDir;
    private UserStore users;
    private int port = 8080;
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private Clock clock = Clock.systemUTC();
    private SSLContext tls;
    private Duration idleTimeout = Duration.ofHours(8);
    private int threads = 256;
    private int accountLimit = 5;
    private int addressLimit = 20;
    private Duration limitWindow = Duration.ofMinutes(15);

    private Builder(JukeboxClient catalog, JukeboxAccess access, java.nio.file.Path dataDir) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      this.access = Objects.requireNonNull(access, "access");
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    /** The port to listen on, 0 for any free one; default 8080. @throws IllegalArgumentException if outside 0..65535 */
    public Builder port(int port) {
      if (port < 0) {
        throw new IllegalArgumentException("port < 0: " + port);
      }
      if (port > 65535) {
        throw new IllegalArgumentException("port > 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** The address to listen on; default the loopback address (this machine only). */
    public Builder bindAddress(InetAddress address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The accounts; default a {@link UserStore} under {@code dataDir/users}. */
    public Builder users(UserStore users) {
      this.users = Objects.requireNonNull(users, "users");
      return this;
    }

    /** The clock of login limits and session expiry; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Serves HTTPS with this context, for example {@code SecureHttp.server(config)}; default plain
     * HTTP (then cookies are not marked Secure).
     */
    public Builder https(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "context");
      return this;
    }

    /** How long a login lives without requests; default 8 h. */
    public Builder idleTimeout(Duration idle) {
      this.idleTimeout = positive(idle, "idleTimeout");
      return this;
    }

    /** Threads serving requests (a stream holds one while it relays); default 256. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads < 1: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Failed logins allowed per account and per client address within {@code window}; default
     * 5 and 20 in 15 minutes.
     */
    public Builder loginLimits(int perAccount, int perAddress, Duration window) {
      if (perAccount < 1) {
        throw new IllegalArgumentException("perAccount < 1: " + perAccount);
      }
      if (perAddress < 1) {
        throw new IllegalArgumentException("perAddress < 1: " + perAddress);
      }
      this.accountLimit = perAccount;
      this.addressLimit = perAddress;
      this.limitWindow = positive(window, "window");
      return this;
    }

    /** A new proxy, not yet started. */
    public ProxyServer build() {
      return new ProxyServer(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
