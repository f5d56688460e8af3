package org.jukebox.security.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.BCSSLSocket;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.jukebox.security.SecurityConfig;

/**
 * TLS for SecureRMI: Bouncy Castle's JSSE provider (an instance, not registered globally, so the
 * rest of the JVM keeps its own), TLS 1.3 only, X25519 or P-256 key exchange, AES-GCM or
 * ChaCha20-Poly1305. AES-GCM records are encrypted by the JDK's SunJCE (see
 * {@link JdkRecordCrypto}).
 */
final class Tls {
  static final String[] PROTOCOLS = {"TLSv1.3"};
  static final String[] SUITES = {
    "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384"};
  static final String[] GROUPS = {"x25519", "secp256r1"};
  /**
   * Bouncy Castle's JSSE logs every connection at INFO; SecureRMI's own log says what matters.
   * Held strongly, as java.util.logging keeps only weak references to loggers. A level the
   * user configured is left alone.
   */
  private static final java.util.logging.Logger BC_LOG = java.util.logging.Logger.getLogger("org.bouncycastle.jsse");

  static {
    if (BC_LOG.getLevel() == null) {
      BC_LOG.setLevel(java.util.logging.Level.WARNING);
    }
  }

  private static final Provider BC = new BouncyCastleProvider();
  private static final Provider JSSE = new BouncyCastleJsseProvider(false, new JdkRecordCrypto());

  private Tls() {}

  /** A context that presents the configuration's identity as a TLS server; never asks clients for one. */
  static SSLContext server(SecurityConfig config) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS", JSSE);
      ctx.init(new KeyManager[] {identity(config, false)},
          new TrustManager[] {new DeferredTrust()}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("cannot set up TLS with the identity "
          + config.identity().map(Object::toString).orElse("(none)") + ": " + e.getMessage(), e);
    }
  }

  /**
   * A key manager presenting the configuration's identity: as a server only, or (for HTTPS
   * clients) only as a client when a server asks for a certificate.
   *
   * @throws GeneralSecurityException if the key or chain cannot be converted
   * @throws java.util.NoSuchElementException if the configuration has no identity
   */
  static X509ExtendedKeyManager identity(SecurityConfig config, boolean asClient) throws GeneralSecurityException {
    // Bouncy Castle signs and matches credentials only with keys and certificates of its own
    // provider; the JDK's (an Ed25519 key is "EdDSA" there) are converted once, here.
    PrivateKey key = KeyFactory.getInstance(config.privateKey().orElseThrow().getAlgorithm(), BC)
        .generatePrivate(new PKCS8EncodedKeySpec(config.privateKey().orElseThrow().getEncoded()));
    CertificateFactory bcCerts = CertificateFactory.getInstance("X.509", BC);
    List<X509Certificate> chain = new java.util.ArrayList<>();
    for (X509Certificate c : config.certificateChain()) {
      chain.add((X509Certificate) bcCerts.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
    }
    return new OneKey(key, chain, asClient);
  }

  /** The Bouncy Castle JSSE provider instance every Jukebox TLS context comes from. */
  static Provider provider() {
    return JSSE;
  }

  /**
   * A context for clients. Its trust manager accepts any chain during the handshake: the client
   * checks the server's chain, against the service its stub names, right after the handshake and
   * before it sends a byte, which gives exact refusals and lets one context serve every service.
   */
  static SSLContext client() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS", JSSE);
      ctx.init(null, new TrustManager[] {new DeferredTrust()}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Bouncy Castle TLS is unavailable: " + e.getMessage(), e);
    }
  }

  /** Wraps a connected plain socket in TLS with Jukebox's parameters. */
  static SSLSocket layer(SSLContext ctx, Socket plain, boolean client) throws IOException {
    SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(
        plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    ssl.setUseClientMode(client);
    ssl.setEnabledProtocols(PROTOCOLS);
    ssl.setEnabledCipherSuites(SUITES);
    BCSSLSocket bc = (BCSSLSocket) ssl;
    BCSSLParameters p = bc.getParameters();
    p.setNamedGroups(GROUPS);
    p.setNeedClientAuth(false);
    p.setWantClientAuth(false);
    bc.setParameters(p);
    return ssl;
  }

  /**
   * The channel binding of a connection: SHA-256 over a label, the RFC 5929
   * {@code tls-server-end-point} value (the hash of the server's certificate) and a fresh
   * 32-byte nonce from each side. It is equal at both ends, differs on every other connection
   * as long as either end is honest, and differs whenever the client talks to a server with
   * another certificate (a relay).
   *
   * <p>Why not the TLS 1.3 exporter (RFC 9266)? Bouncy Castle's JSSE erases the exporter secret
   * when the handshake completes, before a socket's user can ask for it ({@code
   * getChannelBinding("tls-exporter")} then fails), so this binding stands in for it.
   */
  static byte[] channelBinding(X509Certificate serverLeaf, byte[] clientNonce, byte[] serverNonce) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] endPoint = sha.digest(serverLeaf.getEncoded());
      sha.update("jukebox channel binding v1".getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) 0);
      sha.update(endPoint);
      sha.update(clientNonce);
      sha.update(serverNonce);
      return sha.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /**
   * Bouncy Castle's TLS crypto with the record layer on the JDK: AES-GCM records (and HMAC, used
   * by the key schedule) come from the JVM's own providers, SunJCE with its AES-NI and GHASH
   * intrinsics, which on small RMI calls cost a fraction of Bouncy Castle's pure-Java AES-GCM.
   * Everything else (signatures, certificates, key factories, X25519 and P-256 key exchange) stays
   * on the Bouncy Castle provider, which signs only with its own keys (see {@link #identity}).
   */
  private static final class JdkRecordCrypto extends JcaTlsCryptoProvider {
    private final JcaJceHelper helper = new JdkCipherHelper(BC);

    JdkRecordCrypto() {
      setProvider(BC);
    }

    @Override
    public JcaJceHelper getHelper() {
      return helper;
    }
  }

  /**
   * Bouncy Castle for everything but ciphers and MACs, which come from the JVM's providers when
   * they have the algorithm. Bouncy Castle keeps those it alone names: its ChaCha20-Poly1305
   * suite asks for "ChaCha7539" and "Poly1305".
   */
  private static final class JdkCipherHelper extends ProviderJcaJceHelper {
    JdkCipherHelper(Provider fallback) {
      super(fallback);
    }

    @Override
    public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException {
      try {
        return Cipher.getInstance(algorithm);
      } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
        return super.createCipher(algorithm);
      }
    }

    @Override
    public Mac createMac(String algorithm) throws NoSuchAlgorithmException {
      try {
        return Mac.getInstance(algorithm);
      } catch (NoSuchAlgorithmException e) {
        return super.createMac(algorithm);
      }
    }
  }

  /**
   * Presents the one identity of a server, or of an HTTPS client asked for a certificate. Bouncy
   * Castle asks by key type ("Ed25519", "EC/secp256r1", "RSA"); the JDK names an Ed25519 key
   * "EdDSA", hence the matching here.
   */
  private static final class OneKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "identity";
    private final PrivateKey key;
    private final X509Certificate[] chain;
    private final String keyType;
    private final boolean asClient;

    OneKey(PrivateKey key, List<X509Certificate> chain, boolean asClient) {
      this.key = key;
      this.chain = chain.toArray(new X509Certificate[0]);
      this.keyType = keyType(key);
      this.asClient = asClient;
    }

    private static String keyType(PrivateKey key) {
      String alg = key.getAlgorithm();
      if (key instanceof java.security.interfaces.EdECKey ed) {
        return ed.getParams().getName();
      }
      return "EdDSA".equals(alg) ? "Ed25519" : alg;
    }

    private boolean matches(String requested) {
      if (requested == null) {
        return false;
      }
      int slash = requested.indexOf('/');
      String base = slash < 0 ? requested : requested.substring(0, slash);
      return base.equalsIgnoreCase(keyType);
    }

    private boolean matchesAny(String[] requested) {
      if (requested != null) {
        for (String type : requested) {
          if (matches(type)) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
      return !asClient && matches(type) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String type, Principal[] issuers, SSLEngine engine) {
      return !asClient && matches(type) ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String type, Principal[] issuers) {
      return !asClient && matches(type) ? new String[] {ALIAS} : null;
    }

    // The issuers a server names are ignored: it checks the chain itself, and a jukebox user has
    // one certificate to offer.
    @Override
    public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
      return asClient && matchesAny(types) ? ALIAS : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] types, Principal[] issuers, SSLEngine engine) {
      return asClient && matchesAny(types) ? ALIAS : null;
    }

    @Override
    public String[] getClientAliases(String type, Principal[] issuers) {
      return asClient && matches(type) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }

  /** Accepts during the handshake; see {@link #client()}. Never used to trust a client. */
  private static final class DeferredTrust extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("client certificates are not requested");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("client certificates are not requested");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client certificates are not requested");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // checked by the client after the handshake
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // checked by the client after the handshake
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // checked by the client after the handshake
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
