package org.jukebox.session.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jukebox.api.SessionId;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.SongId;
import org.jukebox.api.UploadTicket;

/**
 * The session blob store and its HTTP(S) endpoint: hosts {@code PUT /upload/TOKEN} songs from
 * their disk, listeners {@code GET /blob/TOKEN} them (Range requests allowed), each token good
 * once and for a short time. Uploads are checked before anything is written: the size announced
 * (and then counted) against the cap, and the first bytes against the audio type announced
 * ({@link AudioCheck}); audio lives under {@code root/SESSION/ENTRY} until the entry is removed or
 * the session ends.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} like a SoundSmith's stream server (whose
 * classes are internal to the soundsmith module, hence this small copy of the parts a session
 * needs). Thread-safe.
 */
public final class BlobServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BlobServer.class.getName());
  private static final String UPLOAD = "/upload/";
  private static final String BLOB = "/blob/";

  /** What to do with an upload whose bytes are in: add it to the session. */
  public interface UploadSink {
    /**
     * Adds the upload (its audio at {@code file}, checked) to its session; returns the entry.
     *
     * @throws Exception if the session refuses it (ended, caller no longer allowed); the message
     *     goes back to the uploader
     */
    long accept(UploadSlot slot, AudioCheck.Result audio, Path file) throws Exception;
  }

  /** One upload allowed by a ticket. */
  public record UploadSlot(SessionId session, String user, org.jukebox.api.UploadRequest request, Instant expires,
      AtomicBoolean used) {}

  private record BlobTicket(SessionId session, long entry, Path file, String contentType, long length,
      Instant expires, AtomicBoolean used) {}

  private final Path root;
  private final Clock clock;
  private final Duration ticketLifetime;
  private final long maxUploadBytes;
  private final HttpServer server;
  private final ExecutorService pool;
  private final String advertisedHost;
  private final boolean https;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, UploadSlot> uploads = new ConcurrentHashMap<>();
  private final Map<String, BlobTicket> blobs = new ConcurrentHashMap<>();
  private volatile UploadSink sink;

  private BlobServer(Path root, Clock clock, Duration ticketLifetime, long maxUploadBytes, HttpServer server,
      ExecutorService pool, String advertisedHost, boolean https) {
    this.root = root;
    this.clock = clock;
    this.ticketLifetime = ticketLifetime;
    this.maxUploadBytes = maxUploadBytes;
    this.server = server;
    this.pool = pool;
    this.advertisedHost = advertisedHost;
    this.https = https;
  }

  /**
   * Binds and starts serving; HTTPS when {@code tls} is not null.
   *
   * @throws IOException if the address cannot be bound or the root cannot be made
   */
  public static BlobServer start(Path root, Clock clock, Duration ticketLifetime, long maxUploadBytes,
      InetSocketAddress bind, String advertisedHost, SSLContext tls) throws IOException {
    Files.createDirectories(root);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "jukebox-session-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpServer server;
    try {
      if (tls == null) {
        server = HttpServer.create(bind, 256);
      } else {
        HttpsServer s = HttpsServer.create(bind, 256);
        s.setHttpsConfigurator(new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = getSSLContext().getDefaultSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setNeedClientAuth(false);
            p.setWantClientAuth(true);
            params.setSSLParameters(p);
          }
        });
        server = s;
      }
    } catch (IOException e) {
      pool.shutdownNow();
      throw new IOException("cannot bind " + (tls == null ? "HTTP" : "HTTPS") + " to " + bind + ": " + e.getMessage(), e);
    }
    BlobServer b = new BlobServer(root, clock, ticketLifetime, maxUploadBytes, server, pool, advertisedHost, tls != null);
    server.setExecutor(pool);
    server.createContext("/", b::handle);
    server.start();
    return b;
  }

  /** Where finished uploads go. */
  public void sink(UploadSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  /** Issues an upload ticket for a request already checked by the session. */
  public UploadTicket issueUpload(SessionId session, String user, org.jukebox.api.UploadRequest request) {
    purge();
    String token = token();
    uploads.put(token, new UploadSlot(session, user, request, clock.instant().plus(ticketLifetime), new AtomicBoolean()));
    return new UploadTicket(url(UPLOAD + token), ticketLifetime);
  }

  /**
   * Issues a single-use ticket for an entry's audio.
   *
   * @throws IOException if the audio is not there
   */
  public StreamTicket issueStream(SessionId session, long entry, SongId song, String contentType) throws IOException {
    purge();
    Path file = file(session, entry);
    if (!Files.isRegularFile(file)) {
      throw new IOException("the audio of entry " + entry + " is gone");
    }
    long length = Files.size(file);
    String token = token();
    blobs.put(token, new BlobTicket(session, entry, file, contentType, length, clock.instant().plus(ticketLifetime),
        new AtomicBoolean()));
    return new StreamTicket(song, url(BLOB + token), ticketLifetime, contentType, length);
  }

  /** Where an entry's audio lives. */
  public Path file(SessionId session, long entry) {
    return root.resolve(session.value()).resolve(Long.toString(entry));
  }

  /** Deletes one entry's audio. */
  public void delete(SessionId session, long entry) {
    try {
      Files.deleteIfExists(file(session, entry));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete the audio of entry " + entry + " of " + session + ": " + e);
    }
  }

  /** Deletes every blob of a session and forgets its tickets. */
  public void deleteAll(SessionId session) {
    uploads.values().removeIf(s -> s.session().equals(session));
    blobs.values().removeIf(t -> t.session().equals(session));
    Path dir = root.resolve(session.value());
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the blob store of session " + session, e);
    }
  }

  /** How many files the store holds for a session (for checks). */
  public int count(SessionId session) throws IOException {
    Path dir = root.resolve(session.value());
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var s = Files.list(dir)) {
      return (int) s.count();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private URI url(String path) {
    String host = advertisedHost.indexOf(':') >= 0 ? "[" + advertisedHost + "]" : advertisedHost;
    return URI.create((https ? "https://" : "http://") + host + ":" + port() + path);
  }

  private String token() {
    byte[] bits = new byte[24];
    random.nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  private void purge() {
    Instant now = clock.instant();
    Instant forget = now.minus(Duration.ofMinutes(5));
    for (Iterator<UploadSlot> it = uploads.values().iterator(); it.hasNext(); ) {
      if (it.next().expires().isBefore(forget)) {
        it.remove();
      }
    }
    for (Iterator<BlobTicket> it = blobs.values().iterator(); it.hasNext(); ) {
      if (it.next().expires().isBefore(forget)) {
        it.remove();
      }
    }
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      if (path.startsWith(UPLOAD)) {
        upload(ex, path.substring(UPLOAD.length()));
      } else if (path.startsWith(BLOB)) {
        download(ex, path.substring(BLOB.length()));
      } else {
        text(ex, 404, "not found");
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "request aborted: " + e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "request failed", e);
    }
  }

  private void upload(HttpExchange ex, String token) throws IOException {
    if (!ex.getRequestMethod().equals("PUT")) {
      ex.getResponseHeaders().set("Allow", "PUT");
      text(ex, 405, "only PUT");
      return;
    }
    UploadSlot slot = uploads.get(token);
    if (slot == null) {
      text(ex, 404, "no such upload ticket");
      return;
    }
    if (!clock.instant().isBefore(slot.expires())) {
      text(ex, 410, "upload ticket expired");
      return;
    }
    if (!slot.used().compareAndSet(false, true)) {
      text(ex, 410, "upload ticket already used");
      return;
    }
    long declared = slot.request().sizeBytes();
    String lengthHeader = ex.getRequestHeaders().getFirst("Content-Length");
    long length;
    try {
      length = lengthHeader == null ? -1 : Long.parseLong(lengthHeader.strip());
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length > maxUploadBytes || length > declared) {
      text(ex, 413, "upload of " + length + " bytes is larger than " + (length > maxUploadBytes
          ? "the cap of " + maxUploadBytes + " bytes" : "the " + declared + " bytes announced") + "; nothing stored");
      return;
    }
    InputStream in = ex.getRequestBody();
    byte[] head = new byte[(int) Math.min(AudioCheck.HEAD_BYTES, declared)];
    int n = in.readNBytes(head, 0, head.length);
    AudioCheck.Result audio;
    try {
      audio = AudioCheck.check(head, n, declared, AudioCheck.formatOf(slot.request().contentType()));
    } catch (IllegalArgumentException e) {
      text(ex, 415, e.getMessage() + " (announced as " + slot.request().contentType() + "); nothing stored");
      return;
    }
    Path dir = Files.createDirectories(root.resolve(slot.session().value()));
    Path part = Files.createTempFile(dir, "upload-", ".part");
    boolean kept = false;
    try {
      long total = n;
      try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(head, 0, n);
        byte[] buf = new byte[64 * 1024];
        int r;
        while ((r = in.read(buf)) > 0) {
          total += r;
          if (total > declared || total > maxUploadBytes) {
            text(ex, 413, "upload larger than the " + Math.min(declared, maxUploadBytes) + " bytes allowed; nothing stored");
            return;
          }
          out.write(buf, 0, r);
        }
      }
      if (total != declared) {
        text(ex, 400, "upload of " + total + " bytes, " + declared + " announced; nothing stored");
        return;
      }
      UploadSink s = sink;
      long entry;
      try {
        entry = s.accept(slot, audio, part);
      } catch (Exception e) {
        text(ex, 403, e.getMessage());
        return;
      }
      kept = true;
      text(ex, 201, Long.toString(entry));
    } finally {
      if (!kept) {
        Files.deleteIfExists(part);
      }
    }
  }

  /** Moves a checked upload to where entry {@code entry}'s audio lives. */
  public void place(Path part, SessionId session, long entry) throws IOException {
    Files.move(part, file(session, entry), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void download(HttpExchange ex, String token) throws IOException {
    String method = ex.getRequestMethod();
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      text(ex, 405, "only GET and HEAD");
      return;
    }
    BlobTicket t = blobs.get(token);
    if (t == null) {
      text(ex, 404, "no such ticket");
      return;
    }
    if (!clock.instant().isBefore(t.expires())) {
      text(ex, 410, "ticket expired");
      return;
    }
    if (!head && !t.used().compareAndSet(false, true)) {
      text(ex, 410, "ticket already used");
      return;
    }
    if (!Files.isRegularFile(t.file())) {
      text(ex, 410, "audio no longer available");
      return;
    }
    long length = t.length();
    long first = 0;
    long last = length - 1;
    int status = 200;
    String range = ex.getRequestHeaders().getFirst("Range");
    if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
      String spec = range.substring(6).strip();
      int dash = spec.indexOf('-');
      try {
        if (dash == 0) {
          long suffix = Long.parseLong(spec.substring(1));
          first = Math.max(0, length - suffix);
        } else if (dash > 0) {
          first = Long.parseLong(spec.substring(0, dash));
          if (dash < spec.length() - 1) {
            last = Math.min(last, Long.parseLong(spec.substring(dash + 1)));
          }
        }
        if (first >= length || first > last) {
          ex.getResponseHeaders().set("Content-Range", "bytes */" + length);
          text(ex, 416, "range not satisfiable; length " + length);
          return;
        }
        status = 206;
        ex.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + length);
      } catch (NumberFormatException e) {
        first = 0;
        last = length - 1;
      }
    }
    long count = last - first + 1;
    ex.getResponseHeaders().set("Content-Type", t.contentType());
    ex.getResponseHeaders().set("Accept-Ranges", "bytes");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      ex.getResponseHeaders().set("Content-Length", Long.toString(count));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, count == 0 ? -1 : count);
    try (InputStream in = Files.newInputStream(t.file()); OutputStream out = ex.getResponseBody()) {
      in.skipNBytes(first);
      byte[] buf = new byte[64 * 1024];
      long left = count;
      while (left > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          throw new IOException("audio ended " + left + " bytes early");
        }
        out.write(buf, 0, r);
        left -= r;
      }
    }
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
