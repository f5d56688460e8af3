package org.jukebox.security.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jukebox.security.AuthenticationException;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.SecurityConfig;

/**
 * Opens a client connection to a secure export: TCP, TLS, a check that the server's certificate
 * is trusted and names the expected party, then the authentication exchange, all within the
 * configuration's handshake timeout. The TLS context is shared by every client in the process.
 */
public final class ClientConnector {
  private static final SSLContext CONTEXT = Tls.client();

  private ClientConnector() {}

  /**
   * A connected, authenticated socket to {@code host:port}, which must present a certificate for
   * {@code expectedName} of {@code kind}.
   *
   * @throws AuthenticationException if the certificate is refused or authentication fails, with
   *     the exact reason
   * @throws SocketTimeoutException if it all takes longer than the handshake timeout
   * @throws IOException if the connection fails
   */
  public static Socket connect(String host, int port, JukeboxPrincipal.Kind kind, String expectedName,
      SecurityConfig config) throws IOException {
    Duration timeout = config.handshakeTimeout();
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    String server = CertificateNames.describe(kind, expectedName);
    Socket plain = new Socket();
    Watchdog watchdog = null;
    try {
      plain.connect(new InetSocketAddress(host, port), millis);
      watchdog = Watchdog.closeAfter(plain, timeout);
      plain.setTcpNoDelay(true);
      plain.setSoTimeout(millis);
      SSLSocket ssl = Tls.layer(CONTEXT, plain, true);
      ssl.startHandshake();
      List<X509Certificate> chain = Handshake.x509(ssl.getSession().getPeerCertificates());
      try {
        config.certificateCheck().check(chain, kind, expectedName);
      } catch (CertificateException e) {
        throw new AuthenticationException(e.getMessage(), e);
      }
      Handshake.client(ssl, config.authenticators(), expectedName, server);
      if (watchdog.cancel()) {
        throw new SocketTimeoutException("timed out");
      }
      ssl.setSoTimeout(0);
      return ssl;
    } catch (IOException | RuntimeException e) {
      // The read timeout equals the deadline: when it fires before the watchdog thread has run
      // (a loaded machine), the handshake did not finish within the deadline either.
      boolean late = watchdog != null && (watchdog.cancel() | e instanceof SocketTimeoutException);
      try {
        plain.close();
      } catch (IOException ignored) {
        // closing is all we can do
      }
      if (late) {
        throw new SocketTimeoutException("handshake with " + server + " at " + host + ":" + port
            + " did not finish within " + timeout);
      }
      if (e instanceof RuntimeException r) {
        throw new IOException("connecting to " + server + " at " + host + ":" + port + " failed: " + r, r);
      }
      throw (IOException) e;
    }
  }
}
