package org.jukebox.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.Echo;
import org.jukebox.security.EchoService;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that break the handshake protocol, over real sockets: oversized, truncated and
 * out-of-order messages, stalls and trickles. Each asserts the server's exact refusal (from its
 * log, since such a peer gets no answer), that no thread is left inside a handshake, and that an
 * honest client is served afterwards.
 */
class HandshakeAttackTest {
  static final String SERVICE = "org.jukebox.security.EchoService";
  static final TestPki PKI = TestPki.create("Jukebox Test CA");
  static final TestPki.Credentials SERVER = PKI.service(SERVICE);
  static final SecurityConfig HONEST = PKI.config(PKI.user("alice")).mechanisms("signature").build();
  static final Duration TIMEOUT = Duration.ofMillis(600);

  private final BlockingQueue<String> refusals = new LinkedBlockingQueue<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      if (r.getMessage() != null && r.getMessage().startsWith("refused connection from ")) {
        refusals.add(r.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Logger serverLog = Logger.getLogger(ServerConnection.class.getName());
  private final List<Socket> sockets = new ArrayList<>();
  private RemoteExporter exporter;
  private Echo stub;
  private int port;

  @BeforeEach
  void setUp() throws Exception {
    serverLog.addHandler(capture);
    start(TIMEOUT);
  }

  private void start(Duration timeout) throws Exception {
    if (exporter != null) {
      exporter.close();
    }
    port = freePort();
    exporter = RemoteExporter.secure(PKI.config(SERVER).mechanisms("signature").handshakeTimeout(timeout).build(), port);
    stub = exporter.export(new EchoService());
  }

  @AfterEach
  void tearDown() throws IOException {
    serverLog.removeHandler(capture);
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // the TLS layer over a socket the server closed
      }
    }
    exporter.close();
  }

  private String refusalOf(Socket attacker) throws InterruptedException {
    String prefix = "refused connection from /127.0.0.1:" + attacker.getLocalPort() + " to service " + SERVICE + ": ";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (String r; (r = refusals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
      if (r.startsWith(prefix)) {
        return r.substring(prefix.length());
      }
    }
    fail("the server logged no refusal of " + attacker);
    return null;
  }

  private void honestClientIsServedAndNoHandshakeIsLeft() throws Exception {
    assertEquals(JukeboxPrincipal.user("alice", "signature"), ClientSecurity.as(HONEST, stub).whoAmI());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (handshakesInProgress() > 0) {
      assertTrue(System.nanoTime() < deadline, "a thread is still inside a server handshake");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  static int handshakesInProgress() {
    int n = 0;
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      for (StackTraceElement e : stack) {
        if (e.getClassName().equals(ServerConnection.class.getName()) && e.getMethodName().equals("ready")) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  private Socket tcp() throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.connect(new InetSocketAddress("127.0.0.1", port));
    return s;
  }

  /** A TLS connection with the handshake done, where the attack begins. */
  private SSLSocket tls() throws IOException {
    SSLSocket ssl = Tls.layer(CLIENT_TLS, tcp(), true);
    sockets.add(ssl);
    ssl.startHandshake();
    return ssl;
  }

  private static final SSLContext CLIENT_TLS = Tls.client();

  private static byte[] frame(int type, int declaredLength, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(declaredLength).put(body).array();
  }

  private static byte[] hello(String... mechanisms) {
    ByteBuffer b = ByteBuffer.allocate(200).put(new byte[] {'J', 'B', 'X', 1}).put(new byte[32]).put((byte) mechanisms.length);
    for (String m : mechanisms) {
      b.put((byte) m.length()).put(m.getBytes(StandardCharsets.US_ASCII));
    }
    byte[] body = new byte[b.position()];
    b.flip().get(body);
    return frame(Frames.HELLO, body.length, body);
  }

  /** Reads until the server closes; fails if it does not within 10 s. */
  private static void serverHangsUp(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // drain what the server says before it closes
      }
    } catch (SocketTimeoutException e) {
      fail("the server did not close the connection");
    } catch (IOException e) {
      // reset or TLS alert: closed too
    }
  }

  @Test
  void oversizedHandshakeMessageIsRefusedBeforeItIsRead() throws Exception {
    SSLSocket attacker = tls();
    attacker.getOutputStream().write(frame(Frames.HELLO, Integer.MAX_VALUE, new byte[0]));
    attacker.getOutputStream().flush();
    assertEquals("handshake message of 2147483647 bytes exceeds the limit of 16384", refusalOf(attacker));
    serverHangsUp(attacker);
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void negativeLengthIsRefusedAsOversized() throws Exception {
    SSLSocket attacker = tls();
    attacker.getOutputStream().write(frame(Frames.HELLO, -1, new byte[0]));
    attacker.getOutputStream().flush();
    assertEquals("handshake message of 4294967295 bytes exceeds the limit of 16384", refusalOf(attacker));
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void truncatedHandshakeMessageIsRefused() throws Exception {
    SSLSocket attacker = tls();
    attacker.getOutputStream().write(frame(Frames.HELLO, 100, new byte[10]));
    attacker.getOutputStream().flush();
    attacker.close();
    assertEquals("truncated handshake message: connection closed after 10 of 100 bytes", refusalOf(attacker));
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void peerThatHangsUpRightAfterTlsIsRefused() throws Exception {
    SSLSocket attacker = tls();
    attacker.close();
    assertEquals("connection closed during authentication", refusalOf(attacker));
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void dataBeforeHelloIsRefused() throws Exception {
    SSLSocket attacker = tls();
    attacker.getOutputStream().write(frame(Frames.DATA, 3, new byte[3]));
    attacker.getOutputStream().flush();
    assertEquals("expected HELLO from /127.0.0.1:" + attacker.getLocalPort() + ", got DATA", refusalOf(attacker));
    serverHangsUp(attacker);
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void helloWithoutTheMagicIsRefused() throws Exception {
    SSLSocket attacker = tls();
    attacker.getOutputStream().write(frame(Frames.HELLO, 4, "JRMI".getBytes(StandardCharsets.US_ASCII)));
    attacker.getOutputStream().flush();
    assertEquals("not a Jukebox authentication HELLO", refusalOf(attacker));
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void helloWithAMalformedMechanismNameIsRefused() throws Exception {
    SSLSocket attacker = tls();
    attacker.getOutputStream().write(hello("Sig nature"));
    attacker.getOutputStream().flush();
    assertEquals("malformed HELLO: not a mechanism name (1 to 32 of a-z 0-9 - .): \"Sig nature\"", refusalOf(attacker));
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void peerThatStallsBeforeTlsIsCutAtTheDeadline() throws Exception {
    Socket attacker = tcp();
    assertEquals("authentication handshake with /127.0.0.1:" + attacker.getLocalPort() + " did not finish within "
        + TIMEOUT, refusalOf(attacker));
    serverHangsUp(attacker);
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void peerThatStallsMidAuthenticationIsCutAtTheDeadline() throws Exception {
    SSLSocket attacker = tls();
    attacker.getOutputStream().write(hello("signature"));
    attacker.getOutputStream().flush();
    // The server answers CHOICE and waits for the signature, which never comes.
    assertEquals("authentication handshake with /127.0.0.1:" + attacker.getLocalPort() + " did not finish within "
        + TIMEOUT, refusalOf(attacker));
    serverHangsUp(attacker);
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void peerThatTricklesBytesIsCutAtTheDeadlineNotAtEachReadTimeout() throws Exception {
    Socket attacker = tcp();
    OutputStream out = attacker.getOutputStream();
    // A TLS record header announcing 16 KiB, then one byte at a time: every byte would restart a
    // read timeout, so only the deadline ends it.
    out.write(new byte[] {0x16, 0x03, 0x01, 0x40, 0x00});
    ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
    try {
      drip.scheduleAtFixedRate(() -> {
        try {
          out.write(0);
          out.flush();
        } catch (IOException e) {
          throw new IllegalStateException("closed", e);
        }
      }, 0, 50, TimeUnit.MILLISECONDS);
      assertEquals("authentication handshake with /127.0.0.1:" + attacker.getLocalPort() + " did not finish within "
          + TIMEOUT, refusalOf(attacker));
    } finally {
      drip.shutdownNow();
    }
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void stalledPeersDoNotBlockTheAcceptLoop() throws Exception {
    start(Duration.ofSeconds(3));
    List<Socket> stalled = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      stalled.add(tcp());
    }
    // Served while all ten hold a connection: handshakes run on the connections' own threads.
    assertEquals(JukeboxPrincipal.user("alice", "signature"), ClientSecurity.as(HONEST, stub).whoAmI());
    for (Socket s : stalled) {
      s.setSoTimeout(1);
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "still waiting for the deadline");
    }
    for (Socket s : stalled) {
      serverHangsUp(s);
    }
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void plainRmiClientGetsNothingFromASecurePort() throws Exception {
    exporter.close();
    port = freePort();
    exporter = RemoteExporter.secure(PKI.config(SERVER).mechanisms("signature").handshakeTimeout(TIMEOUT).build(), port);
    exporter.createRegistry().rebind("echo", exporter.export(new EchoService()));
    Registry plain = LocateRegistry.getRegistry("127.0.0.1", port);
    assertThrows(java.rmi.RemoteException.class, () -> plain.lookup("echo"));
    assertNotNull(refusals.poll(10, TimeUnit.SECONDS));
    Registry secure = LocateRegistry.getRegistry("127.0.0.1", port, exporter.clientSocketFactory());
    stub = (Echo) ClientSecurity.as(HONEST, secure).lookup("echo");
    honestClientIsServedAndNoHandshakeIsLeft();
  }

  @Test
  void clientGivesUpOnAServerThatNeverAnswers() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      SecurityConfig impatient = PKI.config().mechanisms("anonymous").handshakeTimeout(Duration.ofMillis(300)).build();
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> ClientConnector.connect("127.0.0.1",
          silent.getLocalPort(), JukeboxPrincipal.Kind.SERVICE, SERVICE, impatient));
      assertEquals("handshake with service " + SERVICE + " at 127.0.0.1:" + silent.getLocalPort()
          + " did not finish within PT0.3S", e.getMessage());
    }
  }

  @Test
  void clientRefusesAnOversizedMessageFromAServer() throws Exception {
    SecurityConfig serverConfig = PKI.config(SERVER).mechanisms("signature").build();
    try (ServerSocket evil = new ServerSocket(0)) {
      Thread t = new Thread(() -> {
        try (Socket s = evil.accept()) {
          SSLSocket ssl = Tls.layer(Tls.server(serverConfig), s, false);
          ssl.startHandshake();
          Frames.read(ssl.getInputStream());
          ssl.getOutputStream().write(frame(Frames.CHOICE, 1 << 20, new byte[0]));
          ssl.getOutputStream().flush();
          ssl.getInputStream().read();
        } catch (IOException e) {
          // the client hangs up: expected
        }
      });
      t.start();
      IOException e = assertThrows(IOException.class, () -> ClientConnector.connect("127.0.0.1", evil.getLocalPort(),
          JukeboxPrincipal.Kind.SERVICE, SERVICE, HONEST));
      assertEquals("handshake message of 1048576 bytes exceeds the limit of 16384", e.getMessage());
      t.join(10_000);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
