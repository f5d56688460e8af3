package org.jukebox.soundsmith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmith;
import org.jukebox.api.SoundSmithId;
import org.jukebox.api.StreamTicket;
import org.jukebox.api.UnknownSongException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tickets and HTTP streaming, over real RMI and real HTTP on 127.0.0.1. */
class StreamingTest {
  private static final int SIZE = 100_000;

  private final MutableClock clock = new MutableClock();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final byte[] audio = randomBytes(SIZE, 1);
  private InMemorySoundSmith server;
  private SoundSmith stub;
  private Song song;

  private void start(SoundSmithConfig.Builder config) throws IOException {
    server = new InMemorySoundSmith(config.clock(clock).build());
    song = server.song("a", "Song A", "Artist", "Album", 1, 1, SIZE);
    server.putBytes(song, audio);
    server.start();
    stub = server.stub();
  }

  private void start() throws IOException {
    start(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice's music"));
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void ticketStreamsTheWholeSongWithLengthAndType() throws Exception {
    start();
    StreamTicket t = stub.openStream(song.id());
    assertEquals(song.id(), t.song());
    assertEquals(Duration.ofSeconds(30), t.validFor());
    assertEquals("audio/mpeg", t.contentType());
    assertEquals(SIZE, t.length());
    assertEquals("http", t.url().getScheme());
    assertEquals("127.0.0.1", t.url().getHost());
    assertEquals(server.httpPort(), t.url().getPort());
    assertTrue(t.url().getPath().matches("/stream/[A-Za-z0-9_-]{32}"), t.url().toString());

    HttpResponse<byte[]> r = get(t.url(), null);
    assertEquals(200, r.statusCode());
    assertArrayEquals(audio, r.body());
    assertEquals("audio/mpeg", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(String.valueOf(SIZE), r.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElseThrow());
  }

  @Test
  void ticketIsSingleUse() throws Exception {
    start();
    StreamTicket t = stub.openStream(song.id());
    assertEquals(200, get(t.url(), null).statusCode());
    HttpResponse<byte[]> again = get(t.url(), null);
    assertEquals(410, again.statusCode());
    assertEquals("ticket already used\n", new String(again.body(), StandardCharsets.UTF_8));
  }

  @Test
  void ticketsAreDistinct() throws Exception {
    start();
    Set<URI> urls = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      urls.add(stub.openStream(song.id()).url());
    }
    assertEquals(100, urls.size());
  }

  @Test
  void ticketExpiresAfterThirtySecondsUnused() throws Exception {
    start();
    StreamTicket early = stub.openStream(song.id());
    StreamTicket late = stub.openStream(song.id());
    clock.advance(Duration.ofSeconds(29));
    assertEquals(200, get(early.url(), null).statusCode());
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<byte[]> expired = get(late.url(), null);
    assertEquals(410, expired.statusCode());
    assertEquals("ticket expired\n", new String(expired.body(), StandardCharsets.UTF_8));
  }

  @Test
  void expiredTicketsArePurged() throws Exception {
    start();
    List<StreamTicket> issued = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      issued.add(stub.openStream(song.id()));
    }
    assertEquals(200, server.tickets().size());
    // Spent tickets are remembered (410) for five minutes after expiry, then forgotten.
    clock.advance(Duration.ofSeconds(30).plusMinutes(5));
    stub.openStream(song.id());
    assertEquals(1, server.tickets().size());
    assertEquals(404, get(issued.get(0).url(), null).statusCode());
  }

  @Test
  void unknownTicketIs404WithoutFile(@TempDir Path dir) throws Exception {
    Path secret = Files.write(dir.resolve("secret.mp3"), "SECRET".getBytes(StandardCharsets.UTF_8));
    start();
    server.putSource(server.song("f", "File", "Artist", "Album", 1, 2, 6), MediaSource.ofFile(secret, "audio/mpeg", 6));
    String base = "http://127.0.0.1:" + server.httpPort();
    List<String> paths = List.of(
        "/stream/" + "A".repeat(32),               // well-formed, never issued
        "/stream/short",                            // malformed
        "/stream/" + "A".repeat(31) + "%2F",        // slash smuggled in
        "/stream/../../../../etc/passwd",
        "/stream/" + secret,
        "/stream/",
        "/",
        "/favicon.ico",
        secret.toString());
    for (String p : paths) {
      HttpResponse<byte[]> r = get(URI.create(base + p.replace("../", "%2E%2E/")), null);
      String body = new String(r.body(), StandardCharsets.UTF_8);
      assertEquals(404, r.statusCode(), p);
      assertFalse(body.contains("SECRET") || body.contains(dir.toString()) || body.contains("secret"), body);
      assertTrue(r.body().length < 100, p);
    }
    // the file is served only through a ticket, whose URL names no path
    StreamTicket t = stub.openStream(server.id("f"));
    assertFalse(t.url().toString().contains("secret"));
    assertEquals("SECRET", new String(get(t.url(), null).body(), StandardCharsets.UTF_8));
  }

  @Test
  void rangeRequestReturns206WithContentRange() throws Exception {
    start();
    HttpResponse<byte[]> r = get(stub.openStream(song.id()).url(), "bytes=1000-1999");
    assertEquals(206, r.statusCode());
    assertEquals("bytes 1000-1999/" + SIZE, r.headers().firstValue("Content-Range").orElseThrow());
    assertEquals("1000", r.headers().firstValue("Content-Length").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(audio, 1000, 2000), r.body());

    HttpResponse<byte[]> open = get(stub.openStream(song.id()).url(), "bytes=99000-");
    assertEquals(206, open.statusCode());
    assertEquals("bytes 99000-99999/" + SIZE, open.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(audio, 99_000, SIZE), open.body());

    HttpResponse<byte[]> beyond = get(stub.openStream(song.id()).url(), "bytes=99990-200000");
    assertEquals(206, beyond.statusCode());
    assertEquals("bytes 99990-99999/" + SIZE, beyond.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(audio, 99_990, SIZE), beyond.body());
  }

  @Test
  void suffixRange() throws Exception {
    start();
    HttpResponse<byte[]> r = get(stub.openStream(song.id()).url(), "bytes=-500");
    assertEquals(206, r.statusCode());
    assertEquals("bytes 99500-99999/" + SIZE, r.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(audio, SIZE - 500, SIZE), r.body());

    HttpResponse<byte[]> more = get(stub.openStream(song.id()).url(), "bytes=-1000000");
    assertEquals(206, more.statusCode());
    assertEquals("bytes 0-99999/" + SIZE, more.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(audio, more.body());
  }

  @Test
  void unsatisfiableRangeIs416() throws Exception {
    start();
    for (String range : List.of("bytes=100000-", "bytes=200000-300000", "bytes=-0")) {
      HttpResponse<byte[]> r = get(stub.openStream(song.id()).url(), range);
      assertEquals(416, r.statusCode(), range);
      assertEquals("bytes */" + SIZE, r.headers().firstValue("Content-Range").orElseThrow(), range);
    }
  }

  @Test
  void invalidOrMultipleRangesGetTheWholeSong() throws Exception {
    start();
    for (String range : List.of("bytes=5-1", "bytes=abc", "items=0-10", "bytes=0-9,20-29")) {
      HttpResponse<byte[]> r = get(stub.openStream(song.id()).url(), range);
      assertEquals(200, r.statusCode(), range);
      assertArrayEquals(audio, r.body(), range);
    }
  }

  @Test
  void headReturnsLengthWithoutBody() throws Exception {
    start();
    StreamTicket t = stub.openStream(song.id());
    HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(t.url()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(SIZE), head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("audio/mpeg", head.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(0, head.body().length);
    // HEAD does not use the ticket up
    assertArrayEquals(audio, get(t.url(), null).body());
  }

  @Test
  void otherMethodsAre405AndLeaveTheTicketUnused() throws Exception {
    start();
    StreamTicket t = stub.openStream(song.id());
    HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(t.url()).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
    assertEquals(200, get(t.url(), null).statusCode());
  }

  @Test
  void emptySongStreamsZeroBytes() throws Exception {
    start();
    Song empty = server.song("empty", "Silence", "Artist", "Album", 1, 3, 0);
    server.putBytes(empty, new byte[0]);
    HttpResponse<byte[]> r = get(stub.openStream(empty.id()).url(), null);
    assertEquals(200, r.statusCode());
    assertEquals("0", r.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(0, r.body().length);
    assertEquals(416, get(stub.openStream(empty.id()).url(), "bytes=0-").statusCode());
  }

  @Test
  void fileBackedSongSupportsRanges(@TempDir Path dir) throws Exception {
    byte[] data = randomBytes(300_000, 7);
    Path file = Files.write(dir.resolve("x.mp3"), data);
    start();
    Song s = server.song("file", "File", "Artist", "Album", 1, 4, data.length);
    server.putSource(s, MediaSource.ofFile(file, "audio/mpeg", data.length));
    assertArrayEquals(data, get(stub.openStream(s.id()).url(), null).body());
    assertArrayEquals(Arrays.copyOfRange(data, 250_000, 250_100), get(stub.openStream(s.id()).url(), "bytes=250000-250099").body());
  }

  @Test
  void deletedFileIs410NotAPath(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("gone.mp3"), new byte[] {1, 2, 3});
    start();
    Song s = server.song("gone", "Gone", "Artist", "Album", 1, 5, 3);
    server.putSource(s, MediaSource.ofFile(file, "audio/mpeg", 3));
    StreamTicket t = stub.openStream(s.id());
    Files.delete(file);
    HttpResponse<byte[]> r = get(t.url(), null);
    assertEquals(410, r.statusCode());
    assertEquals("audio no longer available\n", new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void openStreamOfUnknownSongThrowsNamingIt() throws Exception {
    start();
    SongId missing = new SongId("alice:nope");
    UnknownSongException e = assertThrows(UnknownSongException.class, () -> stub.openStream(missing));
    assertEquals("unknown song alice:nope", e.getMessage());
    assertEquals(missing, e.songId());
  }

  @Test
  void accessPolicyHookCanRefuseATicket() throws Exception {
    start();
    server.denied.add(song.id());
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> stub.openStream(song.id()));
    assertEquals("not for you: alice:a", e.getMessage());
    assertEquals(0, server.tickets().size());
  }

  @Test
  void ticketUrlCarriesTheAdvertisedHost() throws Exception {
    start(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice").advertisedHost("jukebox.example.org"));
    URI url = stub.openStream(song.id()).url();
    assertEquals("jukebox.example.org", url.getHost());
    assertEquals(server.httpPort(), url.getPort());
  }

  @Test
  void ipv6HostsAreBracketed() {
    assertEquals("[::1]:8080", SoundSmithServer.authority("::1", 8080));
    assertEquals("[fe80::1%25eth0]:1", SoundSmithServer.authority("fe80::1%25eth0", 1));
    assertEquals("host.example:80", SoundSmithServer.authority("host.example", 80));
    assertEquals("[::1]", URI.create("http://" + SoundSmithServer.authority("::1", 8080) + "/stream/x").getHost());
  }

  @Test
  void manyConcurrentStreamsAllComplete() throws Exception {
    start();
    int n = 50;
    List<StreamTicket> tickets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tickets.add(stub.openStream(song.id()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<byte[]>> bodies = new ArrayList<>();
      for (StreamTicket t : tickets) {
        bodies.add(pool.submit(() -> {
          go.await();
          HttpResponse<byte[]> r = get(t.url(), null);
          assertEquals(200, r.statusCode());
          return r.body();
        }));
      }
      go.countDown();
      for (Future<byte[]> f : bodies) {
        assertArrayEquals(audio, f.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void streamsBeyondTheLimitGet503AndKeepTheirTicket() throws Exception {
    start(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice").maxConcurrentStreams(1));
    CountDownLatch opened = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Song slow = server.song("slow", "Slow", "Artist", "Album", 1, 6, 4);
    server.putSource(slow, new GatedSource(new byte[] {1, 2, 3, 4}, opened, release));
    StreamTicket held = stub.openStream(slow.id());
    StreamTicket waiting = stub.openStream(song.id());
    Future<HttpResponse<byte[]>> first = Executors.newSingleThreadExecutor().submit(() -> get(held.url(), null));
    try {
      assertTrue(opened.await(10, TimeUnit.SECONDS));
      HttpResponse<byte[]> busy = get(waiting.url(), null);
      assertEquals(503, busy.statusCode());
      assertEquals("1", busy.headers().firstValue("Retry-After").orElseThrow());
    } finally {
      release.countDown();
    }
    assertArrayEquals(new byte[] {1, 2, 3, 4}, first.get(10, TimeUnit.SECONDS).body());
    awaitTrue(() -> server.streamServer().activeStreams() == 0);
    assertArrayEquals(audio, get(waiting.url(), null).body());
  }

  @Test
  void streamsArePacedAfterTheFirstBurst() throws Exception {
    start(SoundSmithConfig.builder(new SoundSmithId("alice"), "Alice").streamPacing(1));
    // 400 KiB that play in one second: the first 256 KiB go at once, the other 144 KiB at
    // real time, so the whole takes at least ~0.35 s however fast the client reads.
    byte[] data = randomBytes(400 * 1024, 5);
    Song s = new Song(server.id("paced"), "Paced", "Artist", "Album", 1, 8, 0, "", Duration.ofSeconds(1), 0, 0, false,
        data.length, "audio/mpeg");
    server.putBytes(s, data);
    URI url = stub.openStream(s.id()).url();
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = get(url, null);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertArrayEquals(data, r.body());
    assertTrue(ms >= 300, "took only " + ms + " ms");
  }

  @Test
  void clientDisconnectMidStreamReleasesResources() throws Exception {
    start();
    byte[] big = randomBytes(16 * 1024 * 1024, 3);
    CountingSource source = new CountingSource(big);
    Song s = server.song("big", "Big", "Artist", "Album", 1, 7, big.length);
    server.putSource(s, source);
    URI url = stub.openStream(s.id()).url();
    try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] some = in.readNBytes(10_000);
      assertEquals(10_000, some.length);
      socket.setSoLinger(true, 0); // reset, as a player that is killed would
    }
    awaitTrue(() -> source.closed.get() == 1 && server.streamServer().activeStreams() == 0);
    assertEquals(1, source.opened.get());
    // and the server keeps serving
    assertArrayEquals(audio, get(stub.openStream(song.id()).url(), null).body());
  }

  @Test
  void closeStopsServingAndUnexports() throws Exception {
    start();
    URI url = stub.openStream(song.id()).url();
    server.close();
    server.close();
    assertThrows(IOException.class, () -> get(url, null));
    assertThrows(java.rmi.RemoteException.class, () -> stub.info());
  }

  private HttpResponse<byte[]> get(URI url, String range) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).GET();
    if (range != null) {
      b.header("Range", range);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10); // polling a condition, not waiting for time to pass
    }
  }

  /** Bytes in memory; counts channels opened and closed. */
  static final class CountingSource implements MediaSource {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    private final MediaSource delegate;

    CountingSource(byte[] data) {
      this.delegate = MediaSource.ofBytes(data, "audio/mpeg");
    }

    @Override
    public String contentType() {
      return delegate.contentType();
    }

    @Override
    public long length() {
      return delegate.length();
    }

    @Override
    public ReadableByteChannel open(long offset) throws IOException {
      ReadableByteChannel ch = delegate.open(offset);
      opened.incrementAndGet();
      return new ReadableByteChannel() {
        private boolean open = true;

        @Override
        public int read(ByteBuffer dst) throws IOException {
          return ch.read(dst);
        }

        @Override
        public boolean isOpen() {
          return open;
        }

        @Override
        public void close() throws IOException {
          if (open) {
            open = false;
            closed.incrementAndGet();
            ch.close();
          }
        }
      };
    }
  }

  /** Bytes that are only handed out once the test releases them. */
  static final class GatedSource implements MediaSource {
    private final byte[] data;
    private final CountDownLatch opened;
    private final CountDownLatch release;

    GatedSource(byte[] data, CountDownLatch opened, CountDownLatch release) {
      this.data = data;
      this.opened = opened;
      this.release = release;
    }

    @Override
    public String contentType() {
      return "audio/mpeg";
    }

    @Override
    public long length() {
      return data.length;
    }

    @Override
    public ReadableByteChannel open(long offset) throws IOException {
      opened.countDown();
      try {
        if (!release.await(10, TimeUnit.SECONDS)) {
          throw new IOException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      return MediaSource.ofBytes(data, "audio/mpeg").open(offset);
    }
  }
}
