package org.jukebox.soundsmith.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.soundsmith.MediaSource;

/**
 * Serves ticketed audio over HTTP, or HTTPS when started with a TLS context: {@code GET} or
 * {@code HEAD /stream/TOKEN}, nothing else. Over HTTPS the answers below are the same; only who
 * a request proves can come from its client certificate.
 *
 * <p>Built on the JDK's own {@code com.sun.net.httpserver.HttpServer}: it is small, ships with
 * every JDK (no dependency to pin, patch or shade), and a ticketed range GET is all Jukebox asks
 * of HTTP. It parses requests on the executor's threads, so the executor sizes concurrency: a
 * bounded pool of platform threads handed work through a {@link SynchronousQueue} (no queueing
 * behind slow streams, so time to first byte stays flat). A semaphore admits at most
 * {@code maxStreams} streams; the pool has a few threads more so that the request that finds
 * the semaphore empty still gets a prompt {@code 503} instead of waiting.
 *
 * <p>Answers, all with a short {@code text/plain} body unless they carry audio:
 * <ul>
 *   <li>{@code 200} whole stream, with {@code Content-Length}, {@code Content-Type},
 *       {@code Accept-Ranges: bytes}; also when the Range header is absent, invalid, or asks
 *       for several ranges (those are ignored, as RFC 9110 allows);
 *   <li>{@code 206} one range, with {@code Content-Range: bytes a-b/LEN};
 *   <li>{@code 416} range beyond the end, with <code>Content-Range: bytes &#42;/LEN</code>;
 *   <li>{@code 403} a ticket issued to another principal than the one the request proves
 *       (see {@link #start(InetSocketAddress, TicketBook, int, Function)}); the ticket stays
 *       unused; or a request whose principal could not be established;
 *   <li>{@code 404} any path other than {@code /stream/TOKEN}, a malformed or forged token
 *       (refused without a lookup), or a token never issued or spent long ago and forgotten;
 *   <li>{@code 410} a ticket used already, or expired (remembered for a while after expiry),
 *       or whose audio can no longer be read;
 *   <li>{@code 405} other methods on a stream URL ({@code Allow: GET, HEAD});
 *   <li>{@code 406} a {@code ?format=NAME} the ticket's {@link MediaSource#variant source has no
 *       variant} for (a CD track has {@code au} and {@code wav}); the ticket is used up;
 *   <li>{@code 503} too many streams at once ({@code Retry-After: 1}); the ticket stays unused.
 * </ul>
 * The first {@code GET} of a valid ticket uses it up, even if the client then disconnects;
 * {@code HEAD} does not. When that {@code GET} ends, however it ends, the ticket is
 * {@linkplain TicketBook.Ticket#release() released} (a group lock given back). No answer ever
 * names a file.
 *
 * <p>Streams are paced when their ticket says so: after a first {@value #PACING_BURST}-byte
 * burst, at most the ticket's bytes per second (see {@code SoundSmithConfig.streamPacing}),
 * because a player's kernel receive buffer would otherwise take a whole song at memory speed
 * and a few hundred such starts at once starve everyone's first byte.
 *
 * <p>Audio is copied through a 64 KiB buffer per stream. A client that goes away makes the
 * next write fail; the channel and the exchange are closed in {@code finally}, so neither the
 * thread nor the file handle leaks. A client that stays connected but stops reading holds its
 * thread until it goes away (the JDK server has no write timeout).
 *
 * <p>Thread-safe.
 */
public final class StreamServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StreamServer.class.getName());
  /** Threads beyond the stream limit, for the prompt 503s and 404s. */
  private static final int SPARE_THREADS = 24;
  private static final int BUFFER_SIZE = 64 * 1024;
  /** Bytes a paced stream sends at full speed before pacing starts: seconds of audio, at once. */
  static final long PACING_BURST = 256 * 1024;
  private static final String PREFIX = "/stream/";

  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final TicketBook tickets;
  private final Function<HttpExchange, JukeboxPrincipal> requester;
  private final Semaphore streams;
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean closed;

  private StreamServer(HttpServer server, ThreadPoolExecutor pool, TicketBook tickets, int maxStreams,
      Function<HttpExchange, JukeboxPrincipal> requester) {
    this.server = server;
    this.pool = pool;
    this.tickets = tickets;
    this.requester = requester;
    this.streams = new Semaphore(maxStreams);
  }

  /**
   * Binds and starts serving; requests prove nobody (tickets are bearer capabilities).
   *
   * @throws IOException if the address cannot be bound
   */
  public static StreamServer start(InetSocketAddress bind, TicketBook tickets, int maxStreams) throws IOException {
    return start(bind, tickets, maxStreams, ex -> null);
  }

  /**
   * Binds and starts serving plain HTTP.
   *
   * @param requester who a request proves to be (a TLS client certificate, say), or null when it
   *     proves nobody; a ticket issued to someone else is then refused with {@code 403}. If it
   *     throws, the request is refused with {@code 403}.
   * @throws IOException if the address cannot be bound
   */
  public static StreamServer start(InetSocketAddress bind, TicketBook tickets, int maxStreams,
      Function<HttpExchange, JukeboxPrincipal> requester) throws IOException {
    return start(bind, tickets, maxStreams, null, requester);
  }

  /**
   * Binds and starts serving HTTPS with {@code tls}: TLS 1.3 only, the context's default suites,
   * and a client certificate wanted but not needed, so that {@code requester} can tell who a
   * request is from its {@link com.sun.net.httpserver.HttpsExchange#getSSLSession() TLS session}
   * while requests without one still redeem tickets as bearers. Everything else is as
   * {@link #start(InetSocketAddress, TicketBook, int, Function)}.
   *
   * @param tls an initialized context, for example {@code SecureHttp.server(config)}; its trust
   *     managers decide which client certificates are accepted
   * @throws IOException if the address cannot be bound
   */
  public static StreamServer startHttps(InetSocketAddress bind, TicketBook tickets, int maxStreams, SSLContext tls,
      Function<HttpExchange, JukeboxPrincipal> requester) throws IOException {
    return start(bind, tickets, maxStreams, Objects.requireNonNull(tls, "tls"), requester);
  }

  private static StreamServer start(InetSocketAddress bind, TicketBook tickets, int maxStreams, SSLContext tls,
      Function<HttpExchange, JukeboxPrincipal> requester) throws IOException {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(tickets, "tickets");
    Objects.requireNonNull(requester, "requester");
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreams < 1: " + maxStreams);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "soundsmith-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        Math.min(16, maxStreams), maxStreams + SPARE_THREADS, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), threads);
    HttpServer server;
    try {
      if (tls == null) {
        server = HttpServer.create(bind, 1024);
      } else {
        HttpsServer https = HttpsServer.create(bind, 1024);
        https.setHttpsConfigurator(new WantClientCertificate(tls));
        server = https;
      }
    } catch (IOException e) {
      pool.shutdownNow();
      throw new IOException("cannot bind " + (tls == null ? "HTTP" : "HTTPS") + " to " + bind + ": "
          + e.getMessage(), e);
    }
    StreamServer s = new StreamServer(server, pool, tickets, maxStreams, requester);
    server.setExecutor(pool);
    server.createContext("/", s::handle);
    server.start();
    return s;
  }

  /** Sets every connection to TLS 1.3 with a client certificate wanted, not needed. */
  private static final class WantClientCertificate extends HttpsConfigurator {
    WantClientCertificate(SSLContext tls) {
      super(tls);
    }

    @Override
    public void configure(HttpsParameters params) {
      SSLParameters p = getSSLContext().getDefaultSSLParameters();
      p.setProtocols(new String[] {"TLSv1.3"});
      p.setNeedClientAuth(false);
      p.setWantClientAuth(true);
      params.setSSLParameters(p);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** How many streams are being served now. */
  public int activeStreams() {
    return active.get();
  }

  /** Stops listening, cuts streams in progress, and waits a bounded time for its threads. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "HTTP threads still running after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange ex) {
    try {
      String path = ex.getRequestURI().getRawPath();
      if (path == null || !path.startsWith(PREFIX)) {
        text(ex, 404, "not found");
        return;
      }
      String token = path.substring(PREFIX.length());
      if (!tickets.isGenuine(token)) {
        text(ex, 404, "no such ticket");
        return;
      }
      String method = ex.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        text(ex, 405, "only GET and HEAD");
        return;
      }
      JukeboxPrincipal presenter;
      try {
        presenter = requester.apply(ex);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot establish who is asking", e);
        text(ex, 403, "cannot establish who is asking");
        return;
      }
      if (!streams.tryAcquire()) {
        ex.getResponseHeaders().set("Retry-After", "1");
        text(ex, 503, "too many streams; retry");
        return;
      }
      active.incrementAndGet();
      try {
        TicketBook.Redemption r = tickets.redeem(token, !head, presenter);
        switch (r.status()) {
          case UNKNOWN -> text(ex, 404, "no such ticket");
          case FORBIDDEN -> text(ex, 403, r.reason());
          case GONE -> text(ex, 410, r.reason());
          case VALID -> {
            try {
              MediaSource source = variant(ex, r.ticket().source());
              if (source == null) {
                text(ex, 406, "no such format: " + format(ex) + "; leave out ?format= for " + r.ticket().source().contentType());
                return;
              }
              serve(ex, source, r.ticket().paceBytesPerSecond(), head);
            } finally {
              if (!head) {
                r.ticket().release();
              }
            }
          }
          default -> throw new AssertionError(r.status());
        }
      } finally {
        active.decrementAndGet();
        streams.release();
      }
    } catch (IOException e) {
      // The client went away or the source failed mid-stream; the response cannot be mended.
      LOG.log(System.Logger.Level.DEBUG, "stream aborted: " + e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "stream failed", e);
    } finally {
      ex.close();
    }
  }

  /** The {@code format} query parameter of the request, or null. */
  private static String format(HttpExchange ex) {
    String query = ex.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String p : query.split("&")) {
      if (p.startsWith("format=")) {
        return java.net.URLDecoder.decode(p.substring(7), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The source in the format the request asks for ({@code ?format=wav}); null if there is no such variant. */
  private static MediaSource variant(HttpExchange ex, MediaSource source) {
    String format = format(ex);
    return format == null ? source : source.variant(format).orElse(null);
  }

  private void serve(HttpExchange ex, MediaSource source, long pace, boolean head) throws IOException {
    long length = source.length();
    Headers h = ex.getResponseHeaders();
    h.set("Accept-Ranges", "bytes");
    // A capability URL: nothing on the way may keep it.
    h.set("Cache-Control", "no-store");
    String rangeHeader = ex.getRequestHeaders().getFirst("If-Range") == null
        ? ex.getRequestHeaders().getFirst("Range") : null; // no validators here: If-Range means whole
    ByteRange range = ByteRange.parse(rangeHeader, length);
    if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
      h.set("Content-Range", "bytes */" + length);
      text(ex, 416, "range not satisfiable; length " + length);
      return;
    }
    int status;
    long first;
    long count;
    if (range.kind() == ByteRange.Kind.PARTIAL) {
      status = 206;
      first = range.first();
      count = range.count();
      h.set("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + length);
    } else {
      status = 200;
      first = 0;
      count = length;
    }
    if (head) {
      h.set("Content-Type", source.contentType());
      h.set("Content-Length", Long.toString(count));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ReadableByteChannel in;
    try {
      in = source.open(first);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "audio no longer readable: " + e);
      h.remove("Content-Range");
      text(ex, 410, "audio no longer available");
      return;
    }
    try (in) {
      h.set("Content-Type", source.contentType());
      // 0 would mean chunked to the JDK server; -1 means an empty body with Content-Length: 0.
      ex.sendResponseHeaders(status, count == 0 ? -1 : count);
      copy(in, ex.getResponseBody(), count, pace);
    }
  }

  private static void copy(ReadableByteChannel in, OutputStream out, long count, long pace) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER_SIZE, Math.max(1, count)));
    long start = System.nanoTime();
    long sent = 0;
    long left = count;
    while (left > 0) {
      buf.clear();
      if (buf.remaining() > left) {
        buf.limit((int) left);
      }
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("source ended " + left + " bytes early");
      }
      out.write(buf.array(), 0, n);
      left -= n;
      sent += n;
      if (pace > 0 && sent > PACING_BURST) {
        // Real elapsed time, not the injected clock: this is rate control, not a deadline.
        long due = start + (long) ((sent - PACING_BURST) * 1e9 / pace);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("stream interrupted (server closing)", e);
          }
        }
      }
    }
    out.flush();
  }

  private static void text(HttpExchange ex, int status, String message) throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
