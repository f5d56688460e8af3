package org.jukebox.security;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory pair of {@link Exchange}s for the hmac and coin mechanism tests: the
 * authenticator and the verifier run on two threads and talk through queues, the way SecureRMI's
 * handshake connects them over TLS, including how refusals travel (a verifier's refusal reaches
 * the client as {@code "authentication refused by <server>: <reason>"}, an authenticator's as
 * {@code "client gave up: <reason>"}). Each side may be given its own channel binding, which is
 * what a relay between two connections looks like; every message is recorded, for replay tests.
 */
final class CoinAndHmacExchanges {
  static final String SERVER = "org.jukebox.test.Service";
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private CoinAndHmacExchanges() {}

  /** How both sides ended, and what each sent. */
  record Outcome(JukeboxPrincipal principal, IOException serverError, JukeboxPrincipal clientSaw,
      IOException clientError, List<byte[]> clientMessages, List<byte[]> serverMessages) {
    /** The principal the verifier established; fails if either side failed. */
    JukeboxPrincipal accepted() {
      if (serverError != null || clientError != null) {
        throw new AssertionError("exchange failed: server " + serverError + ", client " + clientError);
      }
      return principal;
    }
  }

  /** A fresh random channel binding, as TLS would give one connection. */
  static byte[] binding() {
    return org.jukebox.security.internal.hmac.Scram.random(32);
  }

  /** Runs both sides on one connection (a shared channel binding). */
  static Outcome run(Authenticator client, Verifier server) throws Exception {
    byte[] b = binding();
    return run(client, b, SERVER, server, b, SERVER);
  }

  /**
   * Runs both sides, the client seeing {@code clientBinding} and {@code clientServerName}, the
   * server {@code serverBinding} and {@code serverName}.
   */
  static Outcome run(Authenticator client, byte[] clientBinding, String clientServerName, Verifier server,
      byte[] serverBinding, String serverName) throws Exception {
    BlockingQueue<Object> toServer = new LinkedBlockingQueue<>();
    BlockingQueue<Object> toClient = new LinkedBlockingQueue<>();
    List<byte[]> clientSent = Collections.synchronizedList(new ArrayList<>());
    List<byte[]> serverSent = Collections.synchronizedList(new ArrayList<>());
    End clientEnd = new End(toClient, toServer, clientBinding, clientServerName, true, clientSent);
    End serverEnd = new End(toServer, toClient, serverBinding, serverName, false, serverSent);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Object> serverSide = pool.submit(() -> {
        try {
          JukeboxPrincipal p = server.verify(serverEnd);
          toClient.add(new Accepted(Objects.requireNonNull(p, "principal")));
          return p;
        } catch (AuthenticationException e) {
          toClient.add(new Refused(e.getMessage()));
          return e;
        } catch (IOException e) {
          toClient.add(new Gone());
          return e;
        }
      });
      Future<Object> clientSide = pool.submit(() -> {
        try {
          client.authenticate(clientEnd);
        } catch (AuthenticationException e) {
          if (!e.getMessage().startsWith("authentication refused by ")) {
            toServer.add(new Abort(e.getMessage()));
          }
          return e;
        } catch (IOException e) {
          toServer.add(new Gone());
          return e;
        }
        // As Handshake does: the next thing from the server must be its outcome.
        Object outcome = clientEnd.next();
        if (outcome instanceof Accepted a) {
          return a.principal();
        }
        if (outcome instanceof Refused r) {
          return new AuthenticationException(refusedBy(r.reason()));
        }
        return new IOException("expected the outcome, got " + outcome + " (the authenticator left a message unread)");
      });
      Object s = serverSide.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      Object c = clientSide.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      return new Outcome(s instanceof JukeboxPrincipal p ? p : null, s instanceof IOException e ? e : null,
          c instanceof JukeboxPrincipal p ? p : null, c instanceof IOException e ? e : null,
          List.copyOf(clientSent), List.copyOf(serverSent));
    } finally {
      pool.shutdownNow();
      if (!pool.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("exchange threads did not end");
      }
    }
  }

  static String refusedBy(String reason) {
    return "authentication refused by service " + SERVER + ": " + reason;
  }

  /** An authenticator that sends {@code messages} as they are and reads a reply after each but the last. */
  static Authenticator scripted(String mechanism, byte[]... messages) {
    return new Authenticator() {
      @Override
      public String mechanism() {
        return mechanism;
      }

      @Override
      public void authenticate(Exchange exchange) throws IOException {
        for (int i = 0; i < messages.length; i++) {
          exchange.send(messages[i]);
          if (i < messages.length - 1) {
            exchange.receive();
          }
        }
      }
    };
  }

  private record Accepted(JukeboxPrincipal principal) {}

  private record Refused(String reason) {}

  private record Abort(String reason) {}

  private record Gone() {}

  private static final class End implements Exchange {
    private final BlockingQueue<Object> in;
    private final BlockingQueue<Object> out;
    private final byte[] binding;
    private final String serverName;
    private final boolean client;
    private final List<byte[]> sent;

    End(BlockingQueue<Object> in, BlockingQueue<Object> out, byte[] binding, String serverName, boolean client,
        List<byte[]> sent) {
      this.in = in;
      this.out = out;
      this.binding = binding.clone();
      this.serverName = serverName;
      this.client = client;
      this.sent = sent;
    }

    @Override
    public void send(byte[] message) {
      Objects.requireNonNull(message, "message");
      if (message.length > MAX_MESSAGE_BYTES) {
        throw new IllegalArgumentException("handshake message of " + message.length + " bytes exceeds the limit of "
            + MAX_MESSAGE_BYTES);
      }
      sent.add(message.clone());
      out.add(message.clone());
    }

    @Override
    public byte[] receive() throws IOException {
      Object m = next();
      if (m instanceof byte[] bytes) {
        return bytes;
      }
      if (m instanceof Refused r && client) {
        throw new AuthenticationException(refusedBy(r.reason()));
      }
      if (m instanceof Abort a && !client) {
        throw new AuthenticationException("client gave up: " + a.reason());
      }
      if (m instanceof Gone) {
        throw new EOFException("connection closed during authentication");
      }
      throw new IOException("unexpected " + m + " while the " + (client ? "authenticator" : "verifier")
          + " expected a message");
    }

    Object next() throws IOException {
      try {
        Object m = in.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
          throw new SocketTimeoutException("handshake timed out");
        }
        return m;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    @Override
    public byte[] channelBinding() {
      return binding.clone();
    }

    @Override
    public List<X509Certificate> serverCertificates() {
      return List.of();
    }

    @Override
    public String serverName() {
      return serverName;
    }
  }
}
