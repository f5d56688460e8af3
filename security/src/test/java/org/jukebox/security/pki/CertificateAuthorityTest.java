package org.jukebox.security.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
  static final char[] PASS = "correct horse battery".toCharArray();
  static final char[] KEY_PASS = "user key passphrase".toCharArray();
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final String SERVICE = "org.jukebox.soundsmith.Mp3SoundSmith";

  @TempDir Path home;

  static Pki pkiAt(Path home, Instant now) {
    return new Pki(home, Clock.fixed(now, ZoneOffset.UTC));
  }

  private Pki pki() {
    return pkiAt(home, T0);
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void initCaMakesASelfSignedCaCertificateThatMayOnlySignCertificatesAndCrls(KeyAlgorithm algorithm)
      throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, algorithm, false);
    X509Certificate cert = ca.certificate();
    cert.verify(cert.getPublicKey());
    assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    assertTrue(cert.getSubjectX500Principal().getName().matches("CN=Jukebox CA [0-9a-f]{8},O=Jukebox"),
        cert.getSubjectX500Principal().getName());
    assertEquals(0, cert.getBasicConstraints());
    boolean[] usage = cert.getKeyUsage();
    assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
    assertFalse(usage[0], "no digitalSignature");
    assertEquals(algorithm, ca.algorithm());
    assertEquals(T0.plus(CertificateAuthority.CA_VALIDITY), cert.getNotAfter().toInstant());
    assertTrue(Files.isRegularFile(home.resolve("pki/ca.p12")));
    assertTrue(Files.isRegularFile(home.resolve("pki/ca.crl")));
    assertTrue(Files.readString(home.resolve("pki/ca.crt")).startsWith("-----BEGIN CERTIFICATE-----\n"));
    assertEquals(cert, pki().caCertificate());
    assertEquals(cert, pki().openCa(PASS).certificate());
  }

  private String permissions(String file) throws Exception {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(file)));
  }

  @Test
  void keystoresAreReadableByTheirOwnerOnlyCertificatesByAnyone() throws Exception {
    pki().createCa(PASS, KeyAlgorithm.ED25519, false).issueUser("alice", KEY_PASS);
    if (Files.getFileStore(home).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", permissions("pki/ca.p12"));
      assertEquals("rw-------", permissions("pki/issued/alice.p12"));
      assertEquals("rwx------", permissions("pki"));
      assertEquals("rw-r--r--", permissions("pki/ca.crt"));
      assertEquals("rw-r--r--", permissions("pki/ca.crl"));
      assertEquals("rw-r--r--", permissions("pki/issued/alice.crt"));
    }
    assertFalse(new String(Files.readAllBytes(home.resolve("pki/ca.p12")), StandardCharsets.ISO_8859_1)
        .contains("PRIVATE KEY"));
  }

  @Test
  void initCaRefusesToReplaceAnExistingCaUnlessForced() throws Exception {
    X509Certificate first = pki().createCa(PASS, KeyAlgorithm.ED25519, false).certificate();
    PkiException e = assertThrows(PkiException.class, () -> pki().createCa(PASS, KeyAlgorithm.ED25519, false));
    assertEquals("a CA already exists under " + home.resolve("pki")
        + ": replacing it (init-ca --force) makes every certificate it issued worthless", e.getMessage());
    assertEquals(first, pki().caCertificate());

    X509Certificate second = pki().createCa(PASS, KeyAlgorithm.EC_P256, true).certificate();
    assertNotEquals(first, second);
    assertEquals(second, pki().caCertificate());
    Path aside = home.resolve("pki.replaced-20240101T000000Z");
    assertTrue(Files.isRegularFile(aside.resolve("ca.p12")), "the old CA is kept, not deleted");
  }

  @Test
  void shortPassphrasesAreRefusedForNewKeystores() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pki().createCa("short".toCharArray(), KeyAlgorithm.ED25519, false));
    assertEquals("passphrase is shorter than 8 characters", e.getMessage());
    assertFalse(pki().hasCa());
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    e = assertThrows(IllegalArgumentException.class, () -> ca.issueUser("alice", new char[0]));
    assertEquals("passphrase is shorter than 8 characters", e.getMessage());
  }

  @Test
  void missingCaIsReportedWithTheCommandThatMakesOne() {
    String expected = "no CA under " + home.resolve("pki") + ": run `jukebox keys init-ca` first";
    assertEquals(expected, assertThrows(PkiException.class, () -> pki().openCa(PASS)).getMessage());
    assertEquals(expected, assertThrows(PkiException.class, () -> pki().caCertificate()).getMessage());
    assertEquals(expected, assertThrows(PkiException.class, () -> pki().validator()).getMessage());
    assertEquals(expected, assertThrows(PkiException.class, () -> pki().list()).getMessage());
  }

  @Test
  void wrongPassphraseIsRefusedForTheCaAndForIssuedKeys() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    ca.issueUser("alice", KEY_PASS);
    PkiException e = assertThrows(PkiException.class, () -> pki().openCa("not the passphrase".toCharArray()));
    assertEquals("wrong passphrase for " + home.resolve("pki/ca.p12"), e.getMessage());
    e = assertThrows(PkiException.class, () -> pki().keyAndChain(CertificateKind.USER, "alice", PASS));
    assertEquals("wrong passphrase for " + home.resolve("pki/issued/alice.p12"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void serviceCertificateBindsTheClassNameInCnAndSanUri(KeyAlgorithm algorithm) throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, algorithm, false);
    IssuedCertificate issued = ca.issueService(SERVICE, KEY_PASS);
    X509Certificate cert = issued.certificate();

    assertEquals("CN=" + SERVICE, cert.getSubjectX500Principal().getName());
    assertEquals(List.of(List.of(6, "jukebox:service:" + SERVICE)), List.copyOf(cert.getSubjectAlternativeNames()));
    assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
    assertTrue(cert.getKeyUsage()[0], "digitalSignature");
    assertEquals(-1, cert.getBasicConstraints());
    assertEquals(ca.certificate().getSubjectX500Principal(), cert.getIssuerX500Principal());
    cert.verify(ca.certificate().getPublicKey());
    assertEquals(T0.plus(Duration.ofDays(365)), issued.notAfter());
    assertEquals(T0.minus(Duration.ofMinutes(5)), issued.notBefore());
    assertEquals(CertificateKind.SERVICE, issued.kind());
    assertEquals(SERVICE, issued.name());
    assertFalse(issued.isRevoked());
  }

  @Test
  void userCertificateBindsTheUserNameForClientAuthenticationOnly() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    X509Certificate cert = ca.issueUser("alice@example.org", KEY_PASS).certificate();
    assertEquals("CN=alice@example.org", cert.getSubjectX500Principal().getName());
    assertEquals(List.of(List.of(6, "jukebox:user:alice@example.org")), List.copyOf(cert.getSubjectAlternativeNames()));
    assertEquals(List.of("1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void issuedKeyAndChainComeBackFromTheirKeystoreAndSign(KeyAlgorithm algorithm) throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false).withKeyAlgorithm(algorithm);
    IssuedCertificate issued = ca.issueService(SERVICE, KEY_PASS);

    KeyAndChain kc = pki().keyAndChain(CertificateKind.SERVICE, SERVICE, KEY_PASS);
    assertEquals(List.of(issued.certificate(), ca.certificate()), kc.chain());
    assertEquals(home.resolve("pki/issued/" + SERVICE + ".p12"), pki().keystore(SERVICE));
    String sigAlg = algorithm == KeyAlgorithm.ED25519 ? "Ed25519" : "SHA256withECDSA";
    Signature signer = Signature.getInstance(sigAlg);
    signer.initSign(kc.privateKey());
    signer.update(new byte[] {1, 2, 3});
    byte[] sig = signer.sign();
    Signature verifier = Signature.getInstance(sigAlg);
    verifier.initVerify(kc.certificate().getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(sig), "the key in the keystore is the one the certificate certifies");
  }

  @Test
  void missingOrMismatchedIssuedKeyIsNamed() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    PkiException e = assertThrows(PkiException.class, () -> pki().keyAndChain(CertificateKind.USER, "bob", KEY_PASS));
    assertEquals("no key for user bob at " + home.resolve("pki/issued/bob.p12")
        + ": run `jukebox keys issue-user bob` first", e.getMessage());
    e = assertThrows(PkiException.class, () -> pki().keyAndChain(CertificateKind.SERVICE, SERVICE, KEY_PASS));
    assertEquals("no key for service " + SERVICE + " at " + home.resolve("pki/issued/" + SERVICE + ".p12")
        + ": run `jukebox keys issue-service " + SERVICE + "` first", e.getMessage());

    ca.issueUser("org.example.Bob", KEY_PASS);
    e = assertThrows(PkiException.class,
        () -> pki().keyAndChain(CertificateKind.SERVICE, "org.example.Bob", KEY_PASS));
    assertEquals(home.resolve("pki/issued/org.example.Bob.p12") + " holds a user certificate for org.example.Bob,"
        + " not a service certificate for org.example.Bob", e.getMessage());
  }

  @Test
  void anOutsidePublicKeyIsCertifiedWithoutWritingAKeystore() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
    IssuedCertificate issued = ca.issueUser("carol", pair.getPublic());
    assertArrayEquals(pair.getPublic().getEncoded(), issued.certificate().getPublicKey().getEncoded());
    assertFalse(Files.exists(pki().keystore("carol")));
    assertEquals(issued.certificate(), pki().list().get(0).certificate());
  }

  @Test
  void badNamesAreRefusedNamingTheInput() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    assertEquals("not a fully-qualified class name: \"Mp3SoundSmith\"",
        assertThrows(IllegalArgumentException.class, () -> ca.issueService("Mp3SoundSmith", KEY_PASS)).getMessage());
    assertEquals("not a fully-qualified class name: \"org..Foo\"",
        assertThrows(IllegalArgumentException.class, () -> ca.issueService("org..Foo", KEY_PASS)).getMessage());
    assertEquals("not a valid user name: \"../etc/passwd\" (use 1 to 64 letters, digits and . _ @ + -,"
        + " not starting with . or -)",
        assertThrows(IllegalArgumentException.class, () -> ca.issueUser("../etc/passwd", KEY_PASS)).getMessage());
    assertEquals("not a user name or class name: \"a/b\"",
        assertThrows(IllegalArgumentException.class, () -> ca.revoke("a/b")).getMessage());
    ca.issueService("org.jukebox.Outer$Inner", KEY_PASS);
  }

  @Test
  void aCurrentCertificateIsNotReplacedUntilRevoked() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    IssuedCertificate first = ca.issueUser("alice", KEY_PASS);
    PkiException e = assertThrows(PkiException.class, () -> ca.issueUser("alice", KEY_PASS));
    assertEquals("a certificate for alice already exists (serial " + first.serialHex()
        + ", valid until 2024-12-31T00:00:00Z): revoke it first", e.getMessage());

    ca.revoke("alice");
    IssuedCertificate second = pkiAt(home, T0.plusSeconds(60)).openCa(PASS).issueUser("alice", KEY_PASS);
    assertNotEquals(first.serial(), second.serial());
    assertEquals(second.certificate(), pki().keyAndChain(CertificateKind.USER, "alice", KEY_PASS).certificate());
    assertEquals(List.of(true, false), pki().list().stream().map(IssuedCertificate::isRevoked).toList());
  }

  @Test
  void anExpiredCertificateMayBeRenewedWithoutRevoking() throws Exception {
    pki().createCa(PASS, KeyAlgorithm.ED25519, false).withValidity(Duration.ofDays(1)).issueUser("alice", KEY_PASS);
    IssuedCertificate renewed = pkiAt(home, T0.plus(Duration.ofDays(2))).openCa(PASS).issueUser("alice", KEY_PASS);
    assertEquals(T0.plus(Duration.ofDays(2 + 365)), renewed.notAfter());
  }

  @Test
  void certificatesMayNotOutliveTheCa() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false).withValidity(Duration.ofDays(4000));
    PkiException e = assertThrows(PkiException.class, () -> ca.issueUser("alice", KEY_PASS));
    assertEquals("a certificate valid until 2034-12-14T00:00:00Z would outlive the CA certificate, which expires on "
        + "2033-12-29T00:00:00Z", e.getMessage());
    assertEquals("validity is not positive: PT0S",
        assertThrows(IllegalArgumentException.class, () -> ca.withValidity(Duration.ZERO)).getMessage());
  }

  @Test
  void serialNumbersAreRandomPositiveAndAtMost128Bits() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Set<BigInteger> serials = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      BigInteger s = ca.issueUser("user" + i, pair.getPublic()).serial();
      assertTrue(s.signum() > 0 && s.bitLength() <= 128, s.toString(16));
      serials.add(s);
    }
    assertEquals(20, serials.size());
    assertTrue(serials.stream().anyMatch(s -> s.bitLength() > 120), "128 random bits, not a counter");
  }

  @Test
  void listShowsEveryIssuedCertificateWithItsRevocation() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    ca.issueService(SERVICE, KEY_PASS);
    pkiAt(home, T0.plusSeconds(60)).openCa(PASS).issueUser("alice", KEY_PASS);
    IssuedCertificate revoked = pkiAt(home, T0.plusSeconds(120)).openCa(PASS).revoke("alice");
    assertEquals(T0.plusSeconds(120), revoked.revokedOn());

    List<IssuedCertificate> list = pki().list();
    assertEquals(List.of(SERVICE, "alice"), list.stream().map(IssuedCertificate::name).toList());
    assertEquals(List.of(CertificateKind.SERVICE, CertificateKind.USER),
        list.stream().map(IssuedCertificate::kind).toList());
    assertNull(list.get(0).revokedOn());
    assertEquals(T0.plusSeconds(120), list.get(1).revokedOn());
    assertEquals("CN=alice", list.get(1).subject());
  }

  @Test
  void revokingSomethingUnknownOrTwiceSaysSo() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    assertEquals("no certificate named bob under " + home.resolve("pki/issued"),
        assertThrows(PkiException.class, () -> ca.revoke("bob")).getMessage());
    assertEquals("no certificate with serial 0xabc was issued by this CA",
        assertThrows(PkiException.class, () -> ca.revoke(BigInteger.valueOf(0xabc))).getMessage());
    IssuedCertificate alice = ca.issueUser("alice", KEY_PASS);
    ca.revoke(alice.serial());
    assertEquals("certificate for alice (serial " + alice.serialHex() + ") was already revoked on 2024-01-01T00:00:00Z",
        assertThrows(PkiException.class, () -> ca.revoke("alice")).getMessage());
  }

  @Test
  void revocationListIsSignedByTheCaNumberedAndDueForRenewal() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.EC_P256, false);
    IssuedCertificate alice = ca.issueUser("alice", KEY_PASS);
    ca.revoke("alice");
    java.security.cert.X509CRL crl = PkiFiles.readCrl(home.resolve("pki/ca.crl"));
    crl.verify(ca.certificate().getPublicKey());
    assertEquals(T0.plus(CertificateAuthority.CRL_VALIDITY), crl.getNextUpdate().toInstant());
    assertEquals(alice.serial(), crl.getRevokedCertificates().iterator().next().getSerialNumber());
    assertTrue(crl.isRevoked(alice.certificate()));

    Instant later = T0.plus(Duration.ofDays(40));
    java.security.cert.X509CRL renewed = pkiAt(home, later).openCa(PASS).updateCrl();
    assertEquals(later.plus(CertificateAuthority.CRL_VALIDITY), renewed.getNextUpdate().toInstant());
    assertTrue(renewed.isRevoked(alice.certificate()), "renewal keeps the entries");
    assertTrue(Files.readString(home.resolve("pki/ca.crl")).startsWith("-----BEGIN X509 CRL-----\n"));
  }

  @Test
  void issuingAndRevokingFromManyThreadsLosesNothing() throws Exception {
    CertificateAuthority ca = pki().createCa(PASS, KeyAlgorithm.ED25519, false);
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    List<String> names = Stream.iterate(0, i -> i + 1).limit(16).map(i -> "u" + i).toList();
    for (String n : names) {
      ca.issueUser(n, pair.getPublic());
    }
    names.parallelStream().forEach(n -> {
      try {
        ca.revoke(n);
      } catch (PkiException e) {
        throw new AssertionError(e);
      }
    });
    assertTrue(pki().list().stream().allMatch(IssuedCertificate::isRevoked));
  }
}
