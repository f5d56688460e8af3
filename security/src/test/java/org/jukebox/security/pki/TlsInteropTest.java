package org.jukebox.security.pki;

import static org.jukebox.security.pki.CertificateAuthorityTest.KEY_PASS;
import static org.jukebox.security.pki.CertificateAuthorityTest.PASS;
import static org.jukebox.security.pki.CertificateAuthorityTest.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys and chains this package writes work as TLS 1.3 credentials under Bouncy Castle's JSSE
 * provider, with the validator as the trust decision: what SecureRMI's channel builds on.
 */
class TlsInteropTest {
  @TempDir Path home;

  /** Trusts exactly what the validator accepts, as the kind a role implies. */
  private static X509TrustManager trusting(CertificateValidator v, CertificateKind peer, String name) {
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        v.validate(chain, peer, name);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        v.validate(chain, peer, name);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {v.caCertificate()};
      }
    };
  }

  private static SSLContext context(KeyAndChain identity, X509TrustManager trust) throws Exception {
    // Bouncy Castle's keystore hands the key back as given; the JDK's would rebuild it as a JDK key.
    KeyStore ks = KeyStore.getInstance("PKCS12", PkiFiles.BC);
    ks.load(null, null);
    ks.setKeyEntry("me", identity.privateKey(), KEY_PASS, identity.chainArray());
    BouncyCastleJsseProvider jsse = new BouncyCastleJsseProvider(new BouncyCastleProvider());
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", jsse);
    kmf.init(ks, KEY_PASS);
    SSLContext ctx = SSLContext.getInstance("TLSv1.3", jsse);
    ctx.init(kmf.getKeyManagers(), new TrustManager[] {trust}, null);
    return ctx;
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void serviceAndUserCertificatesAuthenticateBothEndsOfATls13Connection(KeyAlgorithm algorithm) throws Exception {
    Pki pki = Pki.at(home);
    CertificateAuthority ca = pki.createCa(PASS, algorithm, false);
    ca.issueService(SERVICE, KEY_PASS);
    ca.issueUser("alice", KEY_PASS);
    CertificateValidator v = pki.validator();
    SSLContext server = context(pki.keyAndChain(CertificateKind.SERVICE, SERVICE, KEY_PASS),
        trusting(v, CertificateKind.USER, null));
    SSLContext client = context(pki.keyAndChain(CertificateKind.USER, "alice", KEY_PASS),
        trusting(v, CertificateKind.SERVICE, SERVICE));

    try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
          s.setSoTimeout(5000);
          int b = s.getInputStream().read();
          s.getOutputStream().write(b + 1);
          X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
          return s.getSession().getProtocol() + " " + peer.getSubjectX500Principal().getName() + " " + b;
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      try (SSLSocket s = (SSLSocket) client.getSocketFactory()
          .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        s.setSoTimeout(5000);
        s.getOutputStream().write(41);
        assertEquals(42, s.getInputStream().read());
        assertEquals("CN=" + SERVICE,
            ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName());
      }
      assertEquals("TLSv1.3 CN=alice 41", seen.get(10, TimeUnit.SECONDS));
    }
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void aClientExpectingAnotherServiceRefusesTheHandshake(KeyAlgorithm algorithm) throws Exception {
    Pki pki = Pki.at(home);
    pki.createCa(PASS, algorithm, false).issueService(SERVICE, KEY_PASS);
    CertificateValidator v = pki.validator();
    SSLContext server = context(pki.keyAndChain(CertificateKind.SERVICE, SERVICE, KEY_PASS),
        trusting(v, CertificateKind.USER, null));
    SSLContext client = SSLContext.getInstance("TLSv1.3", new BouncyCastleJsseProvider(new BouncyCastleProvider()));
    client.init(null, new TrustManager[] {trusting(v, CertificateKind.SERVICE, "org.jukebox.dj.DjServer")}, null);

    try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
          s.setSoTimeout(5000);
          s.startHandshake();
        } catch (IOException expected) {
          // the client aborts the handshake
        }
      });
      try (SSLSocket s = (SSLSocket) client.getSocketFactory()
          .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        s.setSoTimeout(5000);
        IOException e = assertThrows(IOException.class, s::startHandshake);
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof CertificateRejectedException)) {
          cause = cause.getCause();
        }
        assertTrue(cause instanceof CertificateRejectedException, String.valueOf(e));
        assertEquals("certificate for " + SERVICE + " is not for service org.jukebox.dj.DjServer", cause.getMessage());
      }
      served.get(10, TimeUnit.SECONDS);
    }
  }
}
