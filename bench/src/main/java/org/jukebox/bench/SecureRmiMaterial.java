package org.jukebox.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jukebox.security.Bank;
import org.jukebox.security.ChallengeResponseAuthenticator;
import org.jukebox.security.ChallengeResponseKeys;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.jukebox.security.pki.PkiException;

/**
 * The credentials of the {@code secure-rmi} benchmark, made with the real jukebox PKI in a
 * temporary folder: a CA (Ed25519), the SecureRMI service and user certificates (Ed25519, as
 * the product issues them), a service and a user certificate with P-256 keys for the JDK's
 * SslRMI baseline (SunJSSE), an HMAC key table, and the bank's public half. The bank itself
 * (its private key, which mints coins) stays with the client side.
 *
 * <p>Folder layout, read by the server side whether it runs here or in a child JVM:
 * {@code home/} (the PKI), {@code passphrase}, {@code hmac-keys}, {@code spent/} (spent coins).
 */
final class SecureRmiMaterial {
  static final String SERVICE = "org.jukebox.bench.EchoService";
  static final String JDK_SERVICE = "org.jukebox.bench.JdkTlsEchoService";
  static final String USER = "bench";
  static final String JDK_USER = "bench-jdk";
  static final String BANK_ID = "bench-bank";

  private static SecureRmiMaterial shared;

  final Path dir;
  final byte[] hmacKey;
  final Bank bank;

  private SecureRmiMaterial(Path dir, byte[] hmacKey, Bank bank) {
    this.dir = dir;
    this.hmacKey = hmacKey;
    this.bank = bank;
  }

  /**
   * The material of this JVM, made on first use and deleted when the JVM exits. One per JVM
   * because the JDK's SslRMI client factory reads the default {@link SSLContext} once and keeps
   * it, so every run in a JVM must trust the same CA.
   */
  static synchronized SecureRmiMaterial shared() throws IOException, PkiException {
    if (shared == null) {
      Path dir = Files.createTempDirectory("jukebox-bench-secure-rmi-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "bench-secure-rmi-cleanup"));
      shared = create(dir);
    }
    return shared;
  }

  private static SecureRmiMaterial create(Path dir) throws IOException, PkiException {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    char[] pass = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
    Files.writeString(dir.resolve("passphrase"), new String(pass) + "\n", StandardCharsets.UTF_8);
    CertificateAuthority ca = Pki.at(dir.resolve("home")).createCa(pass, KeyAlgorithm.ED25519, false);
    ca.issueService(SERVICE, pass);
    ca.issueUser(USER, pass);
    CertificateAuthority p256 = ca.withKeyAlgorithm(KeyAlgorithm.EC_P256);
    p256.issueService(JDK_SERVICE, pass);
    p256.issueUser(JDK_USER, pass);
    byte[] hmacKey = ChallengeResponseAuthenticator.newKey();
    ChallengeResponseKeys.builder().add(USER, hmacKey).build().write(dir.resolve("hmac-keys"));
    Files.createDirectories(dir.resolve("spent"));
    return new SecureRmiMaterial(dir, hmacKey, Bank.generate(BANK_ID));
  }

  Pki pki() {
    return pki(dir);
  }

  static Pki pki(Path dir) {
    return Pki.at(dir.resolve("home"));
  }

  static char[] passphrase(Path dir) throws IOException {
    return Files.readString(dir.resolve("passphrase"), StandardCharsets.UTF_8).strip().toCharArray();
  }

  /** Trusts the jukebox CA with the PKI's own validator; the starting point of every client configuration. */
  SecurityConfig.Builder clientBase() throws IOException, PkiException {
    Pki pki = pki();
    return SecurityConfig.builder().trustAnchors(pki.caCertificate()).certificateCheck(pki.validator());
  }

  KeyAndChain key(CertificateKind kind, String name) throws IOException, PkiException {
    return pki().keyAndChain(kind, name, passphrase(dir));
  }

  /**
   * A SunJSSE context presenting {@code identity} and trusting only {@code ca}: what the JDK's
   * SslRMI factories use. The PKI hands out Bouncy Castle key objects; the JDK's key manager
   * gets its own copies.
   */
  static SSLContext jdkContext(KeyAndChain identity, X509Certificate ca) throws GeneralSecurityException, IOException {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = new java.util.ArrayList<>();
    for (X509Certificate c : identity.chain()) {
      chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
    }
    PrivateKey key = KeyFactory.getInstance(identity.privateKey().getAlgorithm().startsWith("EC") ? "EC"
        : identity.privateKey().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(identity.privateKey().getEncoded()));
    char[] storePass = "in-memory".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("identity", key, storePass, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, storePass);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("jukebox-ca", x509.generateCertificate(new ByteArrayInputStream(ca.getEncoded())));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return ctx;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a temp folder: the OS cleans what is left
        }
      });
    } catch (IOException e) {
      // as above
    }
  }
}
