package org.jukebox.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a SoundSmith's HTTP streaming on 127.0.0.1: single-use tickets, Range
 * requests, and faults on demand (drop the connection part-way, stall part-way, refuse with
 * 410). It logs every request so tests can assert what the client asked for and when.
 */
final class StreamServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  /** One GET: which song, the Range header (or null), what was answered, whether the body was sent whole. */
  record Request(String song, String range, int status, boolean complete) {}

  private record Ticket(String song, byte[] audio, Fault fault) {}

  /**
   * What goes wrong with a ticket's response: the whole server stops part-way, the response
   * stops sending part-way (until the server closes), or the ticket is refused.
   */
  record Fault(int dropAfterBytes, boolean gone, Runnable beforeDrop, int stallAfterBytes) {
    static final Fault NONE = new Fault(-1, false, null, -1);

    static Fault dropAfter(int bytes, Runnable beforeDrop) {
      return new Fault(bytes, false, beforeDrop, -1);
    }

    static Fault answer410() {
      return new Fault(-1, true, null, -1);
    }

    /** Each response sends its headers and {@code bytes} of its body, then nothing more. */
    static Fault stallAfter(int bytes) {
      return new Fault(-1, false, null, bytes);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger stalls = new AtomicInteger();
  /** Holds stalled responses until the server closes. */
  private final CountDownLatch unstall = new CountDownLatch(1);
  private volatile Consumer<String> onRequest = s -> {};

  StreamServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/stream/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Issues a single-use ticket URL for {@code song}'s {@code audio}, with the fault set for that song, if any. */
  URI issue(String song, byte[] audio) {
    String token = UUID.randomUUID().toString();
    tickets.put(token, new Ticket(song, audio, faults.getOrDefault(song, Fault.NONE)));
    var a = server.getAddress();
    return URI.create("http://127.0.0.1:" + a.getPort() + "/stream/" + token);
  }

  /** Applies {@code fault} to tickets issued for {@code song} from now on. */
  void fault(String song, Fault fault) {
    faults.put(song, fault);
  }

  /** Called with the song's name whenever a request arrives, before anything is answered. */
  void onRequest(Consumer<String> hook) {
    this.onRequest = hook;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> requestsFor(String song) {
    return requests.stream().filter(r -> r.song().equals(song)).toList();
  }

  /** Requests whose handling has begun (a request logged in {@link #requests()} has finished). */
  int started() {
    return started.get();
  }

  /** Responses that have sent their part and stalled. */
  int stalls() {
    return stalls.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    started.incrementAndGet();
    try {
      String token = ex.getRequestURI().getPath().substring("/stream/".length());
      Ticket t = tickets.remove(token); // single use
      String range = ex.getRequestHeaders().getFirst("Range");
      if (t == null) {
        requests.add(new Request("?", range, 410, false));
        ex.sendResponseHeaders(410, -1);
        return;
      }
      onRequest.accept(t.song());
      if (t.fault().gone()) {
        requests.add(new Request(t.song(), range, 410, false));
        ex.sendResponseHeaders(410, -1);
        return;
      }
      byte[] audio = t.audio();
      int start = 0;
      int status = 200;
      if (range != null) {
        Matcher m = RANGE.matcher(range);
        if (!m.matches()) {
          requests.add(new Request(t.song(), range, 416, false));
          ex.sendResponseHeaders(416, -1);
          return;
        }
        start = Integer.parseInt(m.group(1));
        if (start >= audio.length) {
          ex.getResponseHeaders().set("Content-Range", "bytes */" + audio.length);
          requests.add(new Request(t.song(), range, 416, false));
          ex.sendResponseHeaders(416, -1);
          return;
        }
        status = 206;
        ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (audio.length - 1) + "/" + audio.length);
      }
      ex.getResponseHeaders().set("Content-Type", "audio/mpeg");
      int length = audio.length - start;
      ex.sendResponseHeaders(status, length);
      OutputStream out = ex.getResponseBody();
      Fault f = t.fault();
      if (f.stallAfterBytes() >= 0 && f.stallAfterBytes() < length) {
        out.write(audio, start, f.stallAfterBytes());
        out.flush();
        stalls.incrementAndGet();
        try {
          unstall.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        requests.add(new Request(t.song(), range, status, false));
        return;
      }
      if (f.dropAfterBytes() >= 0 && f.dropAfterBytes() < length) {
        out.write(audio, start, f.dropAfterBytes());
        out.flush();
        if (f.beforeDrop() != null) {
          f.beforeDrop().run();
        }
        requests.add(new Request(t.song(), range, status, false));
        // The server goes away mid-body, as when a SoundSmith's process dies: every connection is cut.
        server.stop(0);
        return;
      }
      try {
        out.write(audio, start, length);
        out.close();
        requests.add(new Request(t.song(), range, status, true));
      } catch (IOException e) {
        requests.add(new Request(t.song(), range, status, false));
      }
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    unstall.countDown();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
