package org.jukebox.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away jukebox CA for tests, made with Bouncy Castle's PKIX classes: issues service and
 * user certificates following the naming convention (one SAN URI {@code jukebox:KIND:NAME}
 * equal to the CN). Stands in for the {@code pki} package, which loads the real ones from
 * keystores; SecureRMI only sees JDK types either way.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffffL);

  /** A private key and its chain (leaf, then CA). */
  public record Credentials(PrivateKey key, List<X509Certificate> chain) {
    public X509Certificate certificate() {
      return chain.get(0);
    }
  }

  private final KeyPair caKeys;
  private final X509Certificate ca;

  private TestPki(String name) {
    caKeys = generate("Ed25519");
    Instant now = Instant.now();
    ca = sign(new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), serial(),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
        new X500Name("CN=" + name), caKeys.getPublic()), caKeys.getPrivate(), true, null, null);
  }

  /** A new CA named {@code name}. */
  public static TestPki create(String name) {
    return new TestPki(name);
  }

  /** The CA certificate: the trust anchor. */
  public X509Certificate ca() {
    return ca;
  }

  /** A service certificate for {@code className}, valid from a day ago for a year, Ed25519. */
  public Credentials service(String className) {
    return issue("service", className, "Ed25519", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(366));
  }

  /** A user certificate for {@code name}, valid from a day ago for a year, Ed25519. */
  public Credentials user(String name) {
    return issue("user", name, "Ed25519", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(366));
  }

  /**
   * A certificate of {@code kind} ("service" or "user") for {@code name}, with a key of
   * {@code algorithm} ("Ed25519", "EC" (P-256), "DSA"), valid from {@code notBefore} for
   * {@code validity}.
   */
  public Credentials issue(String kind, String name, String algorithm, Instant notBefore, Duration validity) {
    KeyPair keys = generate(algorithm);
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(ca.getSubjectX500Principal().getName()),
        serial(), Date.from(notBefore), Date.from(notBefore.plus(validity)), new X500Name("CN=" + name), keys.getPublic());
    X509Certificate cert = sign(b, caKeys.getPrivate(), false, "jukebox:" + kind + ":" + name,
        "service".equals(kind) ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
            : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
    return new Credentials(keys.getPrivate(), List.of(cert, ca));
  }

  /** A self-signed certificate that names {@code kind}/{@code name} correctly but comes from no CA. */
  public static Credentials selfSigned(String kind, String name) {
    KeyPair keys = generate("Ed25519");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), serial(),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + name),
        keys.getPublic());
    X509Certificate cert = sign(b, keys.getPrivate(), false, "jukebox:" + kind + ":" + name,
        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
    return new Credentials(keys.getPrivate(), List.of(cert));
  }

  /** A configuration trusting this CA, being {@code who}, with the built-in mechanisms. */
  public SecurityConfig.Builder config(Credentials who) {
    return SecurityConfig.builder().trustAnchors(ca).identity(who.key(), who.chain());
  }

  /** A configuration trusting this CA with no identity (an anonymous client). */
  public SecurityConfig.Builder config() {
    return SecurityConfig.builder().trustAnchors(ca);
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  static KeyPair generate(String algorithm) {
    try {
      if ("EC".equals(algorithm)) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
      }
      if ("DSA".equals(algorithm)) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("DSA");
        g.initialize(2048);
        return g.generateKeyPair();
      }
      return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "DSA" -> "SHA256withDSA";
      default -> "Ed25519";
    };
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer, boolean isCa, String uri,
      KeyPurposeId[] purposes) {
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
          : KeyUsage.digitalSignature));
      if (uri != null) {
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
      }
      if (purposes != null) {
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer)));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
