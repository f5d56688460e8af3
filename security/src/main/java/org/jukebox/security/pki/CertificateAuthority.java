package org.jukebox.security.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The jukebox certificate authority: issues service and user certificates and revokes them.
 * Obtained from {@link Pki#createCa} or {@link Pki#openCa}; holds the CA's private key in memory.
 *
 * <p>Service certificates: subject {@code CN=<class name>}, subject alternative name URI
 * {@code jukebox:service:<class name>}, key usage digitalSignature, extended key usages serverAuth
 * and clientAuth. User certificates: {@code CN=<name>}, {@code jukebox:user:<name>},
 * digitalSignature, clientAuth. Serial numbers are random positive 128-bit numbers. Validity starts
 * five minutes before issue (clocks differ between hosts) and ends {@link #withValidity validity}
 * after it, one year by default. Every certificate is recorded in {@code certs/<serial>.crt} and as
 * {@code issued/<name>.crt}; a generated key goes with its chain into {@code issued/<name>.p12}.
 *
 * <p>Immutable and thread-safe; changes to the files are serialized by {@link Pki}'s lock.
 */
public final class CertificateAuthority {
  /** How long issued certificates are valid unless {@link #withValidity} says otherwise. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
  /** How long the CA certificate is valid. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);
  /** How long a revocation list is good for before the CA should sign a fresh one. */
  public static final Duration CRL_VALIDITY = Duration.ofDays(30);

  static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pki pki;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final Duration validity;
  private final KeyAlgorithm keyAlgorithm;

  private CertificateAuthority(Pki pki, PrivateKey key, X509Certificate certificate, Duration validity,
      KeyAlgorithm keyAlgorithm) {
    this.pki = pki;
    this.key = key;
    this.certificate = certificate;
    this.validity = validity;
    this.keyAlgorithm = keyAlgorithm;
  }

  /** Makes the CA's key, certificate, keystore and empty CRL; the caller holds the lock. */
  static CertificateAuthority create(Pki pki, char[] passphrase, KeyAlgorithm algorithm)
      throws IOException, GeneralSecurityException {
    KeyPair pair = algorithm.generate();
    Instant now = Pki.seconds(pki.clock().instant());
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Jukebox")
        .addRDN(BCStyle.CN, "Jukebox CA " + HexFormat.of().formatHex(randomBytes(4)))
        .build();
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, randomSerial(),
        Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
        .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
    X509Certificate cert = new JcaX509CertificateConverter().setProvider(PkiFiles.BC).getCertificate(b.build(signer(pair.getPrivate())));

    PkiFiles.createPrivateDirectory(pki.directory());
    Files.createDirectories(pki.issuedDir());
    Files.createDirectories(pki.certsDir());
    PkiFiles.writeKeystore(pki.caKeystore(), pair.getPrivate(), List.of(cert), passphrase);
    PkiFiles.writeCertificate(pki.caCertificateFile(), cert);
    CertificateAuthority ca = new CertificateAuthority(pki, pair.getPrivate(), cert, DEFAULT_VALIDITY, algorithm);
    ca.writeCrl(Map.of(), BigInteger.ONE);
    return ca;
  }

  /** The CA from its keystore's contents. */
  static CertificateAuthority open(Pki pki, KeyAndChain kc) throws PkiException {
    X509Certificate cert = kc.certificate();
    KeyAlgorithm algorithm;
    try {
      algorithm = KeyAlgorithm.of(kc.privateKey());
    } catch (IllegalArgumentException e) {
      throw new PkiException(pki.caKeystore() + ": " + e.getMessage(), e);
    }
    if (cert.getBasicConstraints() < 0) {
      throw new PkiException(pki.caKeystore() + " holds no CA certificate");
    }
    CertificateAuthority ca = new CertificateAuthority(pki, kc.privateKey(), cert, DEFAULT_VALIDITY, algorithm);
    if (!Files.isRegularFile(pki.caCertificateFile())) {
      // ca.crt is derived from the keystore; put it back so other hosts can be given it.
      try {
        PkiFiles.writeCertificate(pki.caCertificateFile(), cert);
      } catch (IOException e) {
        throw new PkiException("cannot write " + pki.caCertificateFile() + ": " + e.getMessage(), e);
      }
    }
    return ca;
  }

  /** The CA's certificate: the trust anchor. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The algorithm of the CA's own key. */
  public KeyAlgorithm algorithm() {
    return KeyAlgorithm.of(key);
  }

  /**
   * This CA, issuing certificates valid for {@code validity}.
   *
   * @throws IllegalArgumentException {@code validity is not positive: PT0S}
   */
  public CertificateAuthority withValidity(Duration validity) {
    Objects.requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity is not positive: " + validity);
    }
    return new CertificateAuthority(pki, key, certificate, validity, keyAlgorithm);
  }

  /** This CA, generating keys of {@code algorithm} for the certificates it issues (default: its own). */
  public CertificateAuthority withKeyAlgorithm(KeyAlgorithm algorithm) {
    return new CertificateAuthority(pki, key, certificate, validity, Objects.requireNonNull(algorithm, "algorithm"));
  }

  /**
   * Generates a key pair for the service {@code className}, certifies it, and writes key and chain
   * to {@code issued/<className>.p12} protected by {@code keystorePassphrase}.
   *
   * @throws IllegalArgumentException if {@code className} is not a fully-qualified class name, or
   *     the passphrase is shorter than {@value Pki#MIN_PASSPHRASE_LENGTH} characters
   * @throws PkiException {@code a certificate for NAME already exists (serial 0x…, valid until …):
   *     revoke it first}, {@code a certificate valid until … would outlive the CA certificate,
   *     which expires on …}, or a file cannot be written
   */
  public IssuedCertificate issueService(String className, char[] keystorePassphrase) throws PkiException {
    return issueGenerated(CertificateKind.SERVICE, className, keystorePassphrase);
  }

  /**
   * Certifies {@code publicKey} as the key of the service {@code className}; the holder of the
   * private key keeps it. Writes only the certificate.
   *
   * @throws IllegalArgumentException if {@code className} is not a fully-qualified class name
   * @throws PkiException as {@link #issueService(String, char[])}
   */
  public IssuedCertificate issueService(String className, PublicKey publicKey) throws PkiException {
    return issue(CertificateKind.SERVICE, className, Objects.requireNonNull(publicKey, "publicKey"), null, null);
  }

  /**
   * Generates a key pair for the user {@code name}, certifies it, and writes key and chain to
   * {@code issued/<name>.p12} protected by {@code keystorePassphrase}.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid user name, or the passphrase is
   *     too short
   * @throws PkiException as {@link #issueService(String, char[])}
   */
  public IssuedCertificate issueUser(String name, char[] keystorePassphrase) throws PkiException {
    return issueGenerated(CertificateKind.USER, name, keystorePassphrase);
  }

  /**
   * Certifies {@code publicKey} as the key of the user {@code name}. Writes only the certificate.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid user name
   * @throws PkiException as {@link #issueService(String, char[])}
   */
  public IssuedCertificate issueUser(String name, PublicKey publicKey) throws PkiException {
    return issue(CertificateKind.USER, name, Objects.requireNonNull(publicKey, "publicKey"), null, null);
  }

  /**
   * Revokes the current certificate of the service or user {@code name}.
   *
   * @throws PkiException {@code no certificate named NAME under DIR/issued}, or as
   *     {@link #revoke(BigInteger)}
   */
  public IssuedCertificate revoke(String name) throws PkiException {
    Path file = pki.issuedCertificate(checkAnyName(name));
    X509Certificate cert;
    try {
      cert = PkiFiles.readCertificate(file);
    } catch (NoSuchFileException e) {
      throw new PkiException("no certificate named " + name + " under " + pki.issuedDir(), e);
    } catch (IOException e) {
      throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return revoke(cert.getSerialNumber());
  }

  /**
   * Puts the certificate with {@code serial} on the revocation list, dated now, and writes a new
   * {@code ca.crl} signed by the CA.
   *
   * @throws PkiException {@code no certificate with serial 0x… was issued by this CA}, {@code
   *     certificate for alice (serial 0x…) was already revoked on …}, or a file cannot be written
   */
  public IssuedCertificate revoke(BigInteger serial) throws PkiException {
    Objects.requireNonNull(serial, "serial");
    return pki.locked(() -> {
      X509Certificate cert;
      try {
        cert = PkiFiles.readCertificate(pki.recordOf(serial));
      } catch (NoSuchFileException e) {
        throw new PkiException("no certificate with serial " + Pki.hex(serial) + " was issued by this CA", e);
      }
      Identity id = Identity.of(cert);
      String who = Identity.displayName(cert);
      RevocationList crl = pki.currentCrl(certificate);
      Instant already = crl.revokedOn(serial);
      if (already != null) {
        throw new PkiException("certificate for " + who + " (serial " + Pki.hex(serial)
            + ") was already revoked on " + already);
      }
      Instant now = Pki.seconds(pki.clock().instant());
      Map<BigInteger, Instant> entries = new java.util.HashMap<>(crl.entries());
      entries.put(serial, now);
      writeCrl(entries, nextCrlNumber(crl.crl()));
      CertificateKind kind = id == null ? CertificateKind.USER : id.kind();
      return new IssuedCertificate(kind, who, cert, now);
    });
  }

  /**
   * Signs a fresh revocation list with the same entries, valid from now for
   * {@link #CRL_VALIDITY}: what to do when the list is due for renewal.
   *
   * @throws PkiException if the current list is unusable or the file cannot be written
   */
  public X509CRL updateCrl() throws PkiException {
    return pki.locked(() -> {
      RevocationList crl = pki.currentCrl(certificate);
      return writeCrl(crl.entries(), nextCrlNumber(crl.crl()));
    });
  }

  // ---------------------------------------------------------------------------------------------

  private IssuedCertificate issueGenerated(CertificateKind kind, String name, char[] passphrase) throws PkiException {
    kind.checkName(name);
    Pki.checkNewPassphrase(passphrase);
    KeyPair pair = keyAlgorithm.generate();
    return issue(kind, name, pair.getPublic(), pair.getPrivate(), passphrase);
  }

  private IssuedCertificate issue(CertificateKind kind, String name, PublicKey publicKey, PrivateKey privateKey,
      char[] passphrase) throws PkiException {
    kind.checkName(name);
    return pki.locked(() -> {
      Instant now = Pki.seconds(pki.clock().instant());
      refuseIfCurrent(name, now);
      Instant notAfter = now.plus(validity);
      Instant caEnd = certificate.getNotAfter().toInstant();
      if (notAfter.isAfter(caEnd)) {
        throw new PkiException("a certificate valid until " + notAfter
            + " would outlive the CA certificate, which expires on " + caEnd);
      }
      X509Certificate cert = build(kind, name, publicKey, now.minus(BACKDATE), notAfter);
      PkiFiles.writeCertificate(pki.recordOf(cert.getSerialNumber()), cert);
      Path keystore = pki.keystore(name);
      if (privateKey != null) {
        PkiFiles.writeKeystore(keystore, privateKey, List.of(cert, certificate), passphrase);
      } else {
        // A key left from an earlier certificate for this name must not outlive its replacement.
        Files.deleteIfExists(keystore);
      }
      PkiFiles.writeCertificate(pki.issuedCertificate(name), cert);
      return new IssuedCertificate(kind, name, cert, null);
    });
  }

  /** Refuses to replace a certificate for {@code name} that is neither revoked nor expired. */
  private void refuseIfCurrent(String name, Instant now) throws IOException, PkiException {
    X509Certificate existing;
    try {
      existing = PkiFiles.readCertificate(pki.issuedCertificate(name));
    } catch (NoSuchFileException e) {
      return;
    }
    boolean expired = now.isAfter(existing.getNotAfter().toInstant());
    boolean revoked = pki.currentCrl(certificate).revokedOn(existing.getSerialNumber()) != null;
    boolean otherCa = !existing.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
    if (!expired && !revoked && !otherCa) {
      throw new PkiException("a certificate for " + name + " already exists (serial "
          + Pki.hex(existing.getSerialNumber()) + ", valid until " + existing.getNotAfter().toInstant()
          + "): revoke it first");
    }
  }

  private X509Certificate build(CertificateKind kind, String name, PublicKey publicKey, Instant notBefore,
      Instant notAfter) throws GeneralSecurityException, IOException {
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    KeyPurposeId[] purposes = kind == CertificateKind.SERVICE
        ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
        : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, randomSerial(),
        Date.from(notBefore), Date.from(notAfter), subject, publicKey)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
        .addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, kind.uri(name))))
        .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
        .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
    return new JcaX509CertificateConverter().setProvider(PkiFiles.BC).getCertificate(b.build(signer(key)));
  }

  private X509CRL writeCrl(Map<BigInteger, Instant> entries, BigInteger number)
      throws IOException, GeneralSecurityException {
    Instant now = Pki.seconds(pki.clock().instant());
    X509v2CRLBuilder b = new JcaX509v2CRLBuilder(certificate, Date.from(now));
    b.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
    entries.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> b.addCRLEntry(e.getKey(), Date.from(e.getValue()), 0));
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
    b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
    X509CRL crl = new JcaX509CRLConverter().getCRL(b.build(signer(key)));
    PkiFiles.writeCrl(pki.crlFile(), crl);
    return crl;
  }

  private static BigInteger nextCrlNumber(X509CRL crl) {
    byte[] ext = crl.getExtensionValue(Extension.cRLNumber.getId());
    if (ext == null) {
      return BigInteger.ONE;
    }
    try {
      org.bouncycastle.asn1.ASN1Primitive octets = org.bouncycastle.asn1.ASN1Primitive.fromByteArray(ext);
      byte[] inner = ((org.bouncycastle.asn1.ASN1OctetString) octets).getOctets();
      return CRLNumber.getInstance(inner).getCRLNumber().add(BigInteger.ONE);
    } catch (IOException | RuntimeException e) {
      return BigInteger.ONE;
    }
  }

  private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
    try {
      return new JcaContentSignerBuilder(KeyAlgorithm.of(key).signatureAlgorithm()).build(key);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with the CA key: " + e.getMessage(), e);
    }
  }

  private static BigInteger randomSerial() {
    BigInteger serial;
    do {
      serial = new BigInteger(1, randomBytes(16));
    } while (serial.signum() == 0);
    return serial;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private String checkAnyName(String name) {
    pki.keystore(name); // validates the name
    return name;
  }
}
