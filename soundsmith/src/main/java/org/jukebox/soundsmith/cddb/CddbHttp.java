package org.jukebox.soundsmith.cddb;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jukebox.soundsmith.cd.Toc;

/**
 * A CDDB server spoken to over HTTP (the freedb/gnudb protocol, level 6, so text is UTF-8):
 * {@code cddb query} with the disc's id, offsets and length, then {@code cddb read} of the
 * chosen match. Status 200 is one exact match; 210 and 211 list several (exact, inexact) until a
 * line with a single "."; 202 is no match; 4xx and 5xx are server errors. When several entries
 * match, those with the disc's own id come first, then the server's order, and the first one
 * whose entry matches the table of contents is chosen (at most {@value Choice#MAX_READS} are read).
 *
 * <p>Every request has a short timeout (connect and answer, {@value #DEFAULT_TIMEOUT_SECONDS} s
 * unless set). Found entries and "no match" answers are remembered in memory for the life of the
 * object; with a {@linkplain Builder#cacheDir cache folder} found entries are also written there
 * in the freedb dump layout ({@code category/discid}), so they survive restarts and the folder
 * can later serve as an {@link XmcdDatabase}. Failures are never cached.
 *
 * <p>Thread-safe. Built with {@link #builder}.
 */
public final class CddbHttp implements Cddb {
  private static final Logger LOG = Logger.getLogger(CddbHttp.class.getName());
  /** The protocol level asked for: 6 means UTF-8 text. */
  public static final int PROTOCOL_LEVEL = 6;
  /** The client name and version sent in the {@code hello} handshake. */
  public static final String CLIENT = "jukebox";
  public static final String CLIENT_VERSION = "0.1";
  /** The CGI path appended to a server URL that does not name one. */
  public static final String DEFAULT_PATH = "/~cddb/cddb.cgi";
  static final int DEFAULT_TIMEOUT_SECONDS = 3;
  private static final Pattern HELLO_WORD = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern DISC_ID = Pattern.compile("[0-9a-fA-F]{8}");
  private static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private final URI endpoint;
  private final Duration timeout;
  private final String hello;
  private final Path cacheDir;
  private final HttpClient http;
  private final Map<String, CddbResult> remembered = new ConcurrentHashMap<>();

  private CddbHttp(Builder b) {
    this.endpoint = b.endpoint;
    this.timeout = b.timeout;
    this.hello = b.user + " " + b.host + " " + CLIENT + " " + CLIENT_VERSION;
    this.cacheDir = b.cacheDir;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /**
   * Starts building a client of the server at {@code server}: a CGI URL
   * ({@code http://gnudb.gnudb.org/~cddb/cddb.cgi}) or just the server
   * ({@code http://127.0.0.1:8880}), to which {@value #DEFAULT_PATH} is added.
   *
   * @throws IllegalArgumentException if it is not an absolute http or https URL:
   *     {@code "CDDB server must be an http or https URL: ftp://x"}
   */
  public static Builder builder(URI server) {
    return new Builder(server);
  }

  /** The CGI URL queries go to. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public String describe() {
    return endpoint.toString();
  }

  @Override
  public CddbResult lookup(Toc toc) {
    Objects.requireNonNull(toc, "toc");
    String key = toc.toString();
    CddbResult known = remembered.get(key);
    if (known != null) {
      return known;
    }
    if (cacheDir != null && Files.isDirectory(cacheDir)) {
      CddbResult cached = XmcdDatabase.open(cacheDir).lookup(toc);
      if (cached.found()) {
        remembered.put(key, cached);
        return cached;
      }
    }
    CddbResult result = query(toc);
    if (result.found() || result.outcome() == CddbResult.Outcome.NOT_FOUND) {
      remembered.put(key, result);
    }
    return result;
  }

  private CddbResult query(Toc toc) {
    String where = endpoint.toString();
    Reply reply = get("cddb query " + toc.cddbQuery());
    if (reply.failure != null) {
      return reply.failure;
    }
    List<String> lines = reply.lines;
    String first = lines.get(0);
    int code = code(first);
    List<CddbMatch> matches = new ArrayList<>();
    switch (code) {
      case 200 -> {
        CddbMatch m = match(first.substring(4));
        if (m == null) {
          return malformed("cddb query", first);
        }
        matches.add(m);
      }
      case 210, 211 -> {
        int end = terminator(lines);
        if (end < 0) {
          return malformed("cddb query", "list not ended by \".\"");
        }
        for (String line : lines.subList(1, end)) {
          CddbMatch m = match(line);
          if (m == null) {
            return malformed("cddb query", line);
          }
          matches.add(m);
        }
        if (matches.isEmpty()) {
          return malformed("cddb query", "empty list");
        }
      }
      case 202 -> {
        return CddbResult.failed(CddbResult.Outcome.NOT_FOUND, List.of(),
            "no match for " + toc.freedbId() + " at " + where);
      }
      default -> {
        if (code >= 400 && code <= 599) {
          return CddbResult.failed(CddbResult.Outcome.SERVER_ERROR, List.of(),
              "CDDB server " + where + " refused cddb query: " + first);
        }
        return malformed("cddb query", first);
      }
    }
    Map<CddbEntry, String> texts = new IdentityHashMap<>(); // each entry read, as the server sent it
    CddbResult result = Choice.choose(toc, matches, m -> read(m, texts), where);
    if (result.found() && cacheDir != null) {
      CddbEntry chosen = result.entry().orElseThrow();
      store(chosen, texts.get(chosen), toc.freedbId());
    }
    return result;
  }

  private Choice.Read read(CddbMatch m, Map<CddbEntry, String> texts) {
    Reply reply = get("cddb read " + m.category() + " " + m.discId());
    if (reply.failure != null) {
      return Choice.Read.failed(reply.failure.outcome(), reply.failure.message());
    }
    List<String> lines = reply.lines;
    String first = lines.get(0);
    int code = code(first);
    if (code != 210) {
      if (code >= 400 && code <= 599) {
        return Choice.Read.failed(CddbResult.Outcome.SERVER_ERROR,
            "CDDB server " + endpoint + " refused cddb read " + m.category() + " " + m.discId() + ": " + first);
      }
      return Choice.Read.failed(CddbResult.Outcome.MALFORMED, "not an entry: \"" + shorten(first) + "\"");
    }
    int end = terminator(lines);
    if (end < 0) {
      return Choice.Read.failed(CddbResult.Outcome.MALFORMED, "entry not ended by \".\"");
    }
    String text = String.join("\n", lines.subList(1, end)) + "\n";
    try {
      CddbEntry entry = XmcdParser.parse(text, m.category());
      texts.put(entry, text);
      return Choice.Read.of(entry);
    } catch (XmcdFormatException e) {
      return Choice.Read.failed(CddbResult.Outcome.MALFORMED, e.getMessage());
    }
  }

  /** Writes the entry's text under the disc's own id, so the next lookup of this disc finds it there. */
  private void store(CddbEntry entry, String text, String discId) {
    try {
      Path dir = cacheDir.resolve(entry.category());
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + discId + "-", ".part");
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
          Files.move(temp, dir.resolve(discId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, dir.resolve(discId), StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // the lookup succeeded; a cache that cannot be written only costs a query next time
      LOG.log(Level.WARNING, "cannot cache CDDB entry " + entry.category() + "/" + discId + " in " + cacheDir + ": " + e);
    }
  }

  /** One HTTP exchange: the reply's lines (at least one, the status line), or a failed result. */
  private record Reply(List<String> lines, CddbResult failure) {}

  private Reply get(String command) {
    String where = endpoint.toString();
    String query = "cmd=" + URLEncoder.encode(command, StandardCharsets.UTF_8)
        + "&hello=" + URLEncoder.encode(hello, StandardCharsets.UTF_8)
        + "&proto=" + PROTOCOL_LEVEL;
    URI uri = URI.create(where + (where.contains("?") ? "&" : "?") + query);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("User-Agent", CLIENT + "/" + CLIENT_VERSION)
        .GET()
        .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      return unreachable("no connection within " + text(timeout));
    } catch (HttpTimeoutException e) {
      return unreachable("no answer within " + text(timeout));
    } catch (ConnectException e) {
      return unreachable("connection refused");
    } catch (IOException e) {
      return unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreachable("interrupted");
    }
    if (response.statusCode() != 200) {
      return new Reply(null, CddbResult.failed(CddbResult.Outcome.SERVER_ERROR, List.of(),
          "CDDB server " + where + " answered HTTP " + response.statusCode()));
    }
    List<String> lines = Arrays.asList(XmcdParser.decode(response.body()).split("\r\n|\r|\n"));
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      return new Reply(null, malformed(command.substring(0, command.indexOf(' ', 5)), "empty reply"));
    }
    return new Reply(lines, null);
  }

  private Reply unreachable(String why) {
    return new Reply(null, CddbResult.failed(CddbResult.Outcome.UNREACHABLE, List.of(),
        "CDDB server " + endpoint + " unreachable: " + why));
  }

  private CddbResult malformed(String command, String what) {
    return CddbResult.failed(CddbResult.Outcome.MALFORMED, List.of(),
        "malformed reply from " + endpoint + " to " + command + ": \"" + shorten(what) + "\"");
  }

  /** The three-digit status at the start of a reply, or -1. */
  private static int code(String line) {
    if (line.length() < 3 || (line.length() > 3 && line.charAt(3) != ' ')) {
      return -1;
    }
    for (int i = 0; i < 3; i++) {
      if (!Character.isDigit(line.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(line.substring(0, 3));
  }

  /** "category discid Artist / Title", or null if the line is not one. */
  private static CddbMatch match(String line) {
    String[] f = line.trim().split(" ", 3);
    if (f.length < 2 || !CATEGORY.matcher(f[0]).matches() || !DISC_ID.matcher(f[1]).matches()) {
      return null;
    }
    return new CddbMatch(f[0].toLowerCase(Locale.ROOT), f[1].toLowerCase(Locale.ROOT), f.length > 2 ? f[2].trim() : "");
  }

  /** Index of the line holding only ".", or -1. */
  private static int terminator(List<String> lines) {
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).equals(".")) {
        return i;
      }
    }
    return -1;
  }

  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** Builds a {@link CddbHttp}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final URI endpoint;
    private Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    private String user = "jukebox";
    private String host = "localhost";
    private Path cacheDir;

    private Builder(URI server) {
      Objects.requireNonNull(server, "server");
      String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
      if (!server.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || server.getHost() == null) {
        throw new IllegalArgumentException("CDDB server must be an http or https URL: " + server);
      }
      String s = server.toString();
      if (server.getRawQuery() != null || server.getRawFragment() != null) {
        throw new IllegalArgumentException("CDDB server URL must have no query or fragment: " + server);
      }
      String path = server.getRawPath() == null ? "" : server.getRawPath();
      this.endpoint = path.endsWith(".cgi") ? server : URI.create(s.replaceAll("/+$", "") + DEFAULT_PATH);
    }

    /**
     * How long to wait to connect and, separately, for each answer; {@value #DEFAULT_TIMEOUT_SECONDS} s unless set.
     *
     * @throws IllegalArgumentException if not positive ({@code "timeout <= 0: PT0S"}) or over a
     *     minute ({@code "timeout > 1 minute: PT2M"})
     */
    public Builder timeout(Duration value) {
      Objects.requireNonNull(value, "timeout");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("timeout <= 0: " + value);
      }
      if (value.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("timeout > 1 minute: " + value);
      }
      this.timeout = value;
      return this;
    }

    /**
     * The user and host names of the {@code hello} handshake; "jukebox" and "localhost" unless set
     * (CDDB servers want them, but need not be told real ones).
     *
     * @throws IllegalArgumentException unless each is 1 to 64 of {@code [A-Za-z0-9._-]}:
     *     {@code "hello user must be 1 to 64 of [A-Za-z0-9._-]: a b"}
     */
    public Builder hello(String userName, String hostName) {
      this.user = word("hello user", userName);
      this.host = word("hello host", hostName);
      return this;
    }

    /** Where found entries are kept across restarts, in the dump layout; none unless set. Created when first written. */
    public Builder cacheDir(Path folder) {
      this.cacheDir = Objects.requireNonNull(folder, "cacheDir").toAbsolutePath().normalize();
      return this;
    }

    public CddbHttp build() {
      return new CddbHttp(this);
    }

    private static String word(String what, String value) {
      Objects.requireNonNull(value, what);
      if (!HELLO_WORD.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be 1 to 64 of [A-Za-z0-9._-]: " + value);
      }
      return value;
    }
  }
}
