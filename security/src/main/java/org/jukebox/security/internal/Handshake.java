package org.jukebox.security.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.jukebox.security.AuthenticationException;
import org.jukebox.security.Authenticator;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.Verifier;

/**
 * The authentication protocol that runs inside TLS before RMI's first byte (docs/SECURITY.md
 * has the wire format): the client lists the mechanisms it offers in order of preference, the
 * server picks the first it accepts, the mechanism's authenticator and verifier exchange
 * {@code DATA} frames, and the server ends with an {@code OUTCOME}: the principal, or a refusal
 * with its reason.
 */
final class Handshake {
  static final byte[] MAGIC = {'J', 'B', 'X'};
  static final int VERSION = 1;
  static final int NONCE_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_MECHANISMS = 32;

  private Handshake() {}

  /** The message a client raises when the server refuses it. */
  static String refusedBy(String server, String reason) {
    return "authentication refused by " + server + ": " + reason;
  }

  /**
   * Runs the server side on a TLS socket whose handshake is done.
   *
   * @param peer the client's address, for messages
   * @return the principal the chosen verifier established
   * @throws AuthenticationException if the client was refused (it has been told why)
   * @throws IOException if the client broke the protocol, went away, or was too slow
   */
  static JukeboxPrincipal server(SSLSocket ssl, List<Verifier> verifiers, String serverName, String peer)
      throws IOException {
    InputStream in = ssl.getInputStream();
    OutputStream out = ssl.getOutputStream();
    Frames.Frame hello = Frames.read(in);
    if (hello.type() != Frames.HELLO) {
      throw new IOException("expected HELLO from " + peer + ", got " + Frames.typeName(hello.type()));
    }
    byte[] clientNonce = new byte[NONCE_BYTES];
    List<String> offered = parseHello(hello.payload(), clientNonce);
    Verifier chosen = null;
    for (String name : offered) {
      for (Verifier v : verifiers) {
        if (chosen == null && v.mechanism().equals(name)) {
          chosen = v;
        }
      }
    }
    if (chosen == null) {
      String reason = "no acceptable authentication mechanism (offered " + offered + ", accepted "
          + verifiers.stream().map(Verifier::mechanism).toList() + ")";
      refuse(out, Frames.CHOICE, reason);
      throw new AuthenticationException(reason);
    }
    byte[] serverNonce = nonce();
    Frames.write(out, Frames.CHOICE, concat(concat(new byte[] {0}, serverNonce), ascii(chosen.mechanism())));
    List<X509Certificate> chain = x509(ssl.getSession().getLocalCertificates());
    FramedExchange exchange = new FramedExchange(in, out, Tls.channelBinding(chain.get(0), clientNonce, serverNonce),
        chain, serverName, false, peer);
    JukeboxPrincipal principal;
    try {
      principal = chosen.verify(exchange);
      if (principal == null) {
        throw new AuthenticationException("verifier " + chosen.mechanism() + " established no principal");
      }
    } catch (AuthenticationException e) {
      refuse(out, Frames.OUTCOME, e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      String reason = "verifier " + chosen.mechanism() + " failed: " + e;
      refuse(out, Frames.OUTCOME, reason);
      throw new AuthenticationException(reason, e);
    }
    ByteArrayOutputStream ok = new ByteArrayOutputStream();
    ok.write(0);
    ok.write(principal.kind().ordinal());
    byte[] mech = ascii(principal.mechanism());
    ok.write(mech.length);
    ok.write(mech);
    ok.write(principal.name().getBytes(StandardCharsets.UTF_8));
    Frames.write(out, Frames.OUTCOME, ok.toByteArray());
    return principal;
  }

  /**
   * Runs the client side on a TLS socket whose handshake is done and whose server certificate
   * has been checked.
   *
   * @param server how messages name the server ({@code service org.x.Y})
   * @return the principal the server established for this client
   * @throws AuthenticationException if the server refused (naming its reason) or the
   *     authenticator gave up
   * @throws IOException if the server broke the protocol, went away, or was too slow
   */
  static JukeboxPrincipal client(SSLSocket ssl, List<Authenticator> authenticators, String serverName,
      String server) throws IOException {
    InputStream in = ssl.getInputStream();
    OutputStream out = ssl.getOutputStream();
    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    hello.write(MAGIC);
    hello.write(VERSION);
    byte[] clientNonce = nonce();
    hello.write(clientNonce);
    hello.write(authenticators.size());
    for (Authenticator a : authenticators) {
      byte[] name = ascii(a.mechanism());
      hello.write(name.length);
      hello.write(name);
    }
    Frames.write(out, Frames.HELLO, hello.toByteArray());
    Frames.Frame choice = Frames.read(in);
    if (choice.type() != Frames.CHOICE || choice.payload().length < 1) {
      throw new IOException("expected CHOICE from " + server + ", got " + Frames.typeName(choice.type()));
    }
    if (choice.payload()[0] != 0) {
      throw new AuthenticationException(refusedBy(server, Frames.text(choice.payload(), 1)));
    }
    if (choice.payload().length < 1 + NONCE_BYTES + 1) {
      throw new IOException("malformed CHOICE from " + server);
    }
    byte[] serverNonce = java.util.Arrays.copyOfRange(choice.payload(), 1, 1 + NONCE_BYTES);
    String chosen = Frames.text(choice.payload(), 1 + NONCE_BYTES);
    Authenticator authenticator = null;
    for (Authenticator a : authenticators) {
      if (authenticator == null && a.mechanism().equals(chosen)) {
        authenticator = a;
      }
    }
    if (authenticator == null) {
      throw new IOException(server + " chose mechanism \"" + chosen + "\", which was not offered");
    }
    List<X509Certificate> chain = x509(ssl.getSession().getPeerCertificates());
    FramedExchange exchange = new FramedExchange(in, out, Tls.channelBinding(chain.get(0), clientNonce, serverNonce),
        chain, serverName, true, server);
    try {
      authenticator.authenticate(exchange);
    } catch (AuthenticationException e) {
      if (!e.getMessage().startsWith("authentication refused by ")) {
        tryWrite(out, Frames.ABORT, Frames.reason(e.getMessage()));
      }
      throw e;
    } catch (RuntimeException e) {
      String reason = "authenticator " + chosen + " failed: " + e;
      tryWrite(out, Frames.ABORT, Frames.reason(reason));
      throw new AuthenticationException(reason, e);
    }
    Frames.Frame outcome = Frames.read(in);
    if (outcome.type() != Frames.OUTCOME || outcome.payload().length < 1) {
      throw new IOException("expected OUTCOME from " + server + ", got " + Frames.typeName(outcome.type())
          + " (the authenticator left a message unread)");
    }
    byte[] p = outcome.payload();
    if (p[0] != 0) {
      throw new AuthenticationException(refusedBy(server, Frames.text(p, 1)));
    }
    try {
      JukeboxPrincipal.Kind kind = JukeboxPrincipal.Kind.values()[p[1]];
      int mechLength = p[2];
      String mech = new String(p, 3, mechLength, StandardCharsets.US_ASCII);
      return new JukeboxPrincipal(Frames.text(p, 3 + mechLength), kind, mech);
    } catch (RuntimeException e) {
      throw new IOException("malformed OUTCOME from " + server, e);
    }
  }

  private static List<String> parseHello(byte[] p, byte[] clientNonce) throws IOException {
    if (p.length < 4 || p[0] != MAGIC[0] || p[1] != MAGIC[1] || p[2] != MAGIC[2]) {
      throw new IOException("not a Jukebox authentication HELLO");
    }
    if (p[3] != VERSION) {
      throw new IOException("unsupported authentication protocol version " + p[3] + " (this server speaks " + VERSION + ")");
    }
    if (p.length < 4 + NONCE_BYTES + 1) {
      throw new IOException("malformed HELLO: too short");
    }
    System.arraycopy(p, 4, clientNonce, 0, NONCE_BYTES);
    int count = p[4 + NONCE_BYTES] & 0xff;
    if (count > MAX_MECHANISMS) {
      throw new IOException("HELLO offers " + count + " mechanisms, more than " + MAX_MECHANISMS);
    }
    List<String> names = new ArrayList<>();
    int at = 4 + NONCE_BYTES + 1;
    for (int i = 0; i < count; i++) {
      if (at >= p.length || at + 1 + (p[at] & 0xff) > p.length) {
        throw new IOException("malformed HELLO: mechanism list runs past the message");
      }
      int len = p[at] & 0xff;
      String name = new String(p, at + 1, len, StandardCharsets.US_ASCII);
      try {
        CertificateNames.checkMechanismName(name);
      } catch (IllegalArgumentException e) {
        throw new IOException("malformed HELLO: " + e.getMessage());
      }
      names.add(name);
      at += 1 + len;
    }
    return names;
  }

  private static byte[] nonce() {
    byte[] n = new byte[NONCE_BYTES];
    RANDOM.nextBytes(n);
    return n;
  }

  private static void refuse(OutputStream out, int type, String reason) {
    tryWrite(out, type, concat(new byte[] {1}, Frames.reason(reason)));
  }

  private static void tryWrite(OutputStream out, int type, byte[] payload) {
    try {
      Frames.write(out, type, payload);
    } catch (IOException | RuntimeException e) {
      // The peer may be gone already; the refusal is best effort, the local exception is not.
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** The certificates as JDK X.509 objects (TLS hands out Bouncy Castle's), so checks see one kind. */
  static List<X509Certificate> x509(Certificate[] certs) throws IOException {
    List<X509Certificate> list = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      if (certs != null) {
        for (Certificate c : certs) {
          list.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
        }
      }
    } catch (CertificateException e) {
      throw new IOException("unreadable certificate from the peer: " + e.getMessage(), e);
    }
    if (list.isEmpty()) {
      throw new IOException("the server presented no certificate");
    }
    return List.copyOf(list);
  }
}
