package org.jukebox.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed and checked request: the decoded path, its segments, and the query and form
 * parameters. Parsing refuses (400) anything that could walk a path or split a header: dot
 * segments, encoded slashes or backslashes, NUL and every other control character, in the path
 * and in every parameter name and value.
 */
final class Request {
  static final int MAX_QUERY = 8 * 1024;
  static final int MAX_FORM = 64 * 1024;

  final HttpExchange exchange;
  final String method;
  final String path;
  final List<String> segments;
  final Map<String, String> params = new LinkedHashMap<>();
  final String address;

  private Request(HttpExchange exchange, String method, String path, List<String> segments) {
    this.exchange = exchange;
    this.method = method;
    this.path = path;
    this.segments = segments;
    this.address = exchange.getRemoteAddress() == null ? "unknown"
        : exchange.getRemoteAddress().getAddress().getHostAddress();
  }

  /** A refusal with an HTTP status and a message safe to show. */
  static final class HttpError extends Exception {
    final int status;

    HttpError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  static Request parse(HttpExchange ex) throws HttpError, IOException {
    URI uri = ex.getRequestURI();
    String raw = uri.getRawPath();
    if (raw == null || !raw.startsWith("/")) {
      throw new HttpError(400, "bad path");
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || raw.indexOf('\\') >= 0) {
      throw new HttpError(400, "bad path: encoded separator or NUL");
    }
    String path;
    try {
      path = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "bad path: malformed escape");
    }
    checkText(path, "path");
    String[] parts = path.substring(1).split("/", -1);
    for (String p : parts) {
      if (p.equals(".") || p.equals("..")) {
        throw new HttpError(400, "bad path: dot segment");
      }
    }
    List<String> segments = List.of(parts);
    if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
      segments = segments.subList(0, segments.size() - 1);
    }
    Request r = new Request(ex, ex.getRequestMethod().toUpperCase(Locale.ROOT), path, segments);
    String query = uri.getRawQuery();
    if (query != null) {
      if (query.length() > MAX_QUERY) {
        throw new HttpError(414, "query too long");
      }
      r.parseParams(query);
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if ((r.method.equals("POST") || r.method.equals("DELETE")) && type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      byte[] body = readAtMost(ex.getRequestBody(), MAX_FORM);
      r.parseParams(new String(body, StandardCharsets.ISO_8859_1));
    }
    return r;
  }

  private static byte[] readAtMost(InputStream in, int max) throws IOException, HttpError {
    byte[] body = in.readNBytes(max + 1);
    if (body.length > max) {
      throw new HttpError(413, "form too large");
    }
    return body;
  }

  private void parseParams(String encoded) throws HttpError {
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k;
      String v;
      try {
        k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new HttpError(400, "malformed parameter encoding");
      }
      checkText(k, "parameter name");
      checkText(v, "parameter " + (k.length() <= 32 ? k : k.substring(0, 32)));
      params.putIfAbsent(k, v);
    }
  }

  /** Refuses control characters (CR, LF, NUL...) anywhere: no value may split a header or a path. */
  private static void checkText(String s, String what) throws HttpError {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new HttpError(400, "control character in " + what.replaceAll("[^A-Za-z0-9 _.-]", "?"));
      }
    }
  }

  String param(String name) {
    return params.get(name);
  }

  String param(String name, String fallback) {
    return params.getOrDefault(name, fallback);
  }

  /** A required parameter. */
  String require(String name) throws HttpError {
    String v = params.get(name);
    if (v == null) {
      throw new HttpError(400, "missing parameter " + name);
    }
    return v;
  }

  int intParam(String name, int fallback, int min, int max) throws HttpError {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new HttpError(400, "parameter " + name + " out of range " + min + ".." + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new HttpError(400, "parameter " + name + " is not a number");
    }
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /** The value of cookie {@code name}, if the request carries it once. */
  Optional<String> cookie(String name) {
    List<String> headers = exchange.getRequestHeaders().get("Cookie");
    if (headers == null) {
      return Optional.empty();
    }
    String found = null;
    for (String h : headers) {
      for (String part : h.split(";")) {
        String p = part.trim();
        if (p.startsWith(name + "=")) {
          if (found != null) {
            return Optional.empty(); // two: someone is planting a cookie; trust neither
          }
          found = p.substring(name.length() + 1);
        }
      }
    }
    return Optional.ofNullable(found);
  }

  String segment(int i) {
    return i < segments.size() ? segments.get(i) : "";
  }

  /** The path and query as received, for a "back" link (already checked by parsing). */
  String pathAndQuery() {
    String q = exchange.getRequestURI().getRawQuery();
    return exchange.getRequestURI().getRawPath() + (q == null ? "" : "?" + q);
  }
}
