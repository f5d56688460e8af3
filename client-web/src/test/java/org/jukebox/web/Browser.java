package org.jukebox.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scripted browser: real HTTP to the proxy, its own cookie, no redirects followed. */
final class Browser {
  private final HttpClient http;
  final URI base;
  String cookie;
  String csrf;
  String playlist;

  Browser(URI base) {
    this(base, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build());
  }

  Browser(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  /** Logs in through the JSON API and keeps the session cookie, CSRF token and playlist id. */
  HttpResponse<String> login(String user, String password) throws Exception {
    HttpResponse<String> r = post("/api/login", Map.of("user", user, "password", password));
    if (r.statusCode() == 200) {
      cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      csrf = field(r.body(), "csrf");
      playlist = field(r.body(), "playlist");
    }
    return r;
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in " + json);
    }
    return m.group(1);
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return http.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
    return http.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
    return send("POST", path, form, headers);
  }

  HttpResponse<String> send(String method, String path, Map<String, String> form, String... headers) throws Exception {
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(enc(k) + "=" + enc(v)));
    HttpRequest.Builder b = request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
        .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Sends {@code requestLine} byte for byte over a socket (no client library cleans it up) with
   * this browser's cookie, and returns the status code.
   */
  int raw(String method, String target, String body) throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: ").append(base.getHost()).append("\r\nConnection: close\r\n");
      if (cookie != null) {
        req.append("Cookie: ").append(cookie).append("\r\n");
      }
      if (body != null) {
        req.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
            .append(body.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n");
      }
      req.append("\r\n");
      if (body != null) {
        req.append(body);
      }
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
      String[] parts = line.toString().split(" ");
      if (parts.length < 2) {
        throw new IOException("no status line: " + line);
      }
      return Integer.parseInt(parts[1]);
    }
  }
}
