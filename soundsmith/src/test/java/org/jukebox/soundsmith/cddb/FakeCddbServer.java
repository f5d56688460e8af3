package org.jukebox.soundsmith.cddb;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 that answers CDDB commands with canned replies, as a freedb
 * CGI would; it records every request's parameters and can hold answers back (a slow server).
 */
final class FakeCddbServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hold;

  private record Reply(int status, byte[] body) {}

  FakeCddbServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/~cddb/cddb.cgi", exchange -> {
      try (exchange) {
        Map<String, String> params = params(exchange.getRequestURI());
        requests.add(params);
        if (hold) {
          release.await(10, TimeUnit.SECONDS);
        }
        Reply r = replies.getOrDefault(params.get("cmd"),
            new Reply(200, "500 Unrecognized command.\r\n".getBytes(StandardCharsets.US_ASCII)));
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(r.status, r.body.length == 0 ? -1 : r.body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(r.body);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  /** The server's base URL, without the CGI path. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The CGI URL the client is expected to name in its messages. */
  String cgi() {
    return base() + "/~cddb/cddb.cgi";
  }

  /** Answers {@code command} with {@code text}, lines ended by CRLF as a CDDB server sends them, in UTF-8. */
  FakeCddbServer on(String command, String text) {
    return on(command, text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  FakeCddbServer on(String command, byte[] body) {
    replies.put(command, new Reply(200, body));
    return this;
  }

  FakeCddbServer httpError(String command, int status) {
    replies.put(command, new Reply(status, new byte[0]));
    return this;
  }

  /** From now on, requests wait until {@link #close()} (or ten seconds). */
  void holdAnswers() {
    hold = true;
  }

  /** The parameters of every request so far, in order. */
  List<Map<String, String>> requests() {
    return List.copyOf(requests);
  }

  /** The {@code cmd} parameter of every request so far, in order. */
  List<String> commands() {
    return requests.stream().map(p -> p.get("cmd")).toList();
  }

  private static Map<String, String> params(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String q = uri.getRawQuery();
    if (q != null) {
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
