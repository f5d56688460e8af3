package org.jukebox.security.internal;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.SecurityConfig;

/**
 * TLS contexts for HTTPS (the SoundSmith's stream endpoint and the player that fetches from it),
 * with SecureRMI's settings ({@link Tls}): Bouncy Castle's JSSE, TLS 1.3 only, the same suites
 * and key-exchange groups, keys converted the same way. Unlike SecureRMI, certificates are
 * checked inside the handshake, by the trust managers here, as HTTP has no step between
 * handshake and first byte where the application could check them.
 *
 * <p>The contexts serve {@link SSLEngine}s only (what {@code com.sun.net.httpserver.HttpsServer}
 * and {@code java.net.http.HttpClient} use): every engine they make is set up with Jukebox's
 * protocols, suites and groups before its user sees it. Named groups cannot be expressed in
 * Java 17's {@link SSLParameters}, so they are set through Bouncy Castle's own parameters, which
 * a later {@code setSSLParameters} leaves alone.
 */
public final class HttpsTls {
  private static final System.Logger LOG = System.getLogger(HttpsTls.class.getName());

  private HttpsTls() {}

  /**
   * A server context presenting the configuration's identity that wants (does not need) a
   * client certificate and accepts only a valid jukebox user certificate.
   *
   * @throws IllegalArgumentException if the configuration has no identity or checks no
   *     certificates, or the key cannot be used
   */
  public static SSLContext server(SecurityConfig config) {
    Objects.requireNonNull(config, "config");
    if (config.privateKey().isEmpty()) {
      throw new IllegalArgumentException("an HTTPS server needs an identity: " + config);
    }
    if (!config.checksCertificates()) {
      throw new IllegalArgumentException("an HTTPS server needs trust anchors or a certificate check"
          + " to check client certificates: " + config);
    }
    try {
      SSLContext bc = SSLContext.getInstance("TLS", Tls.provider());
      bc.init(new KeyManager[] {Tls.identity(config, false)},
          new TrustManager[] {new PeerCheck(config, JukeboxPrincipal.Kind.USER)}, new SecureRandom());
      return new Configured(bc, true);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("cannot set up HTTPS with the identity "
          + config.identity().map(Object::toString).orElse("(none)") + ": " + e.getMessage(), e);
    }
  }

  /**
   * A client context that presents the configuration's identity when a server asks (if it has
   * one) and accepts any valid jukebox service certificate from the server.
   *
   * @throws IllegalArgumentException if the configuration checks no certificates, or its key
   *     cannot be used
   */
  public static SSLContext client(SecurityConfig config) {
    Objects.requireNonNull(config, "config");
    if (!config.checksCertificates()) {
      throw new IllegalArgumentException("an HTTPS client needs trust anchors or a certificate check"
          + " to check servers: " + config);
    }
    try {
      SSLContext bc = SSLContext.getInstance("TLS", Tls.provider());
      KeyManager[] keys = config.privateKey().isPresent()
          ? new KeyManager[] {Tls.identity(config, true)} : null;
      bc.init(keys, new TrustManager[] {new PeerCheck(config, JukeboxPrincipal.Kind.SERVICE)}, new SecureRandom());
      return new Configured(bc, false);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("cannot set up HTTPS with the identity "
          + config.identity().map(Object::toString).orElse("(none)") + ": " + e.getMessage(), e);
    }
  }

  /**
   * Jukebox's TLS parameters as JDK {@link SSLParameters}: TLS 1.3, its suites, and for a server
   * want-client-auth. A fresh copy each call.
   */
  private static SSLParameters parameters(boolean server) {
    SSLParameters p = new SSLParameters(Tls.SUITES.clone(), Tls.PROTOCOLS.clone());
    p.setWantClientAuth(server);
    return p;
  }

  /**
   * The peer's chain as JDK certificates (TLS hands out Bouncy Castle's), so that checks see one
   * kind.
   *
   * @throws CertificateException if a certificate cannot be read
   */
  public static List<X509Certificate> x509(Certificate[] certs) throws CertificateException {
    List<X509Certificate> list = new ArrayList<>();
    if (certs != null) {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Certificate c : certs) {
        list.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
      }
    }
    return List.copyOf(list);
  }

  /** Sets Jukebox's parameters on an engine of Bouncy Castle's. */
  private static SSLEngine configure(SSLEngine engine, boolean server) {
    BCSSLEngine bc = (BCSSLEngine) engine;
    BCSSLParameters p = bc.getParameters();
    p.setProtocols(Tls.PROTOCOLS.clone());
    p.setCipherSuites(Tls.SUITES.clone());
    p.setNamedGroups(Tls.GROUPS.clone());
    p.setNeedClientAuth(false);
    p.setWantClientAuth(server);
    bc.setParameters(p);
    engine.setUseClientMode(!server);
    return engine;
  }

  /** An initialized Bouncy Castle context whose engines come set up; it cannot be initialized again. */
  private static final class Configured extends SSLContext {
    Configured(SSLContext delegate, boolean server) {
      super(new Spi(delegate, server), delegate.getProvider(), delegate.getProtocol());
    }
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;
    private final boolean server;

    Spi(SSLContext delegate, boolean server) {
      this.delegate = delegate;
      this.server = server;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
      throw new KeyManagementException("this HTTPS context is initialized already");
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return configure(delegate.createSSLEngine(), server);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return configure(delegate.createSSLEngine(host, port), server);
    }

    // Sockets would need the same setting up; nothing in Jukebox uses them over HTTPS, and
    // SecureRMI has its own socket factories.
    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw new UnsupportedOperationException("this HTTPS context makes SSLEngines only (HttpsServer, HttpClient)");
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw new UnsupportedOperationException("this HTTPS context makes SSLEngines only (HttpsServer, HttpClient)");
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return parameters(server);
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }
  }

  /**
   * Checks the peer's chain in the handshake with the configuration's certificate check: a
   * client's as a user, a server's as any service. Being an {@link X509ExtendedTrustManager}, it
   * is also where endpoint identification would happen; it deliberately does none, because
   * jukebox certificates name services and users, not hosts (see {@code SecureHttp}).
   */
  private static final class PeerCheck extends X509ExtendedTrustManager {
    private final SecurityConfig config;
    private final JukeboxPrincipal.Kind expected;
    private final X509Certificate[] issuers;

    PeerCheck(SecurityConfig config, JukeboxPrincipal.Kind expected) {
      this.config = config;
      this.expected = expected;
      this.issuers = config.trustAnchors().toArray(new X509Certificate[0]);
    }

    private void check(X509Certificate[] chain, JukeboxPrincipal.Kind kind, String peer) throws CertificateException {
      if (kind != expected) {
        throw new CertificateException("this HTTPS context checks " + label(expected) + " certificates, not "
            + label(kind) + " certificates");
      }
      try {
        config.certificateCheck().check(x509(chain), kind, null);
      } catch (CertificateException e) {
        if (kind == JukeboxPrincipal.Kind.USER) {
          LOG.log(System.Logger.Level.INFO, () -> "refused HTTPS client " + peer + ": " + e.getMessage());
        }
        throw e;
      }
    }

    private static String label(JukeboxPrincipal.Kind kind) {
      return kind == JukeboxPrincipal.Kind.USER ? "client (user)" : "server (service)";
    }

    private static String peer(SSLEngine engine) {
      return engine == null ? "(unknown)" : engine.getPeerHost() + ":" + engine.getPeerPort();
    }

    private static String peer(Socket socket) {
      return socket == null ? "(unknown)" : String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain, JukeboxPrincipal.Kind.USER, peer(socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain, JukeboxPrincipal.Kind.USER, peer(engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain, JukeboxPrincipal.Kind.USER, "(unknown)");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain, JukeboxPrincipal.Kind.SERVICE, peer(socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain, JukeboxPrincipal.Kind.SERVICE, peer(engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain, JukeboxPrincipal.Kind.SERVICE, "(unknown)");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return issuers.clone();
    }
  }
}
