package org.jukebox.security.pki;

import static org.jukebox.security.pki.CertificateAuthorityTest.KEY_PASS;
import static org.jukebox.security.pki.CertificateAuthorityTest.PASS;
import static org.jukebox.security.pki.CertificateAuthorityTest.SERVICE;
import static org.jukebox.security.pki.CertificateAuthorityTest.pkiAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jukebox.security.pki.CertificateRejectedException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateValidatorTest {
  /** Alice's certificate runs from 2023-12-31T23:55:00Z to exactly 2025-01-01T00:00:00Z. */
  static final Instant ISSUED = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant DURING = Instant.parse("2024-01-15T12:00:00Z");

  @TempDir Path home;
  private CertificateAuthority ca;
  private X509Certificate alice;
  private X509Certificate service;

  @BeforeEach
  void issueAliceAndAService() throws Exception {
    ca = pkiAt(home, ISSUED).createCa(PASS, KeyAlgorithm.ED25519, false).withValidity(Duration.ofDays(366));
    alice = ca.issueUser("alice", KEY_PASS).certificate();
    service = ca.issueService(SERVICE, KEY_PASS).certificate();
  }

  private CertificateValidator validator() throws PkiException {
    return pkiAt(home, DURING).validator();
  }

  private CertificateRejectedException rejection(Reason reason, X509Certificate[] chain, CertificateKind kind,
      String name, Instant now) throws PkiException {
    CertificateValidator v = validator();
    CertificateRejectedException e = assertThrows(CertificateRejectedException.class,
        () -> v.validate(chain, kind, name, now));
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  private String rejection(Reason reason, X509Certificate cert, CertificateKind kind, String name)
      throws PkiException {
    return rejection(reason, new X509Certificate[] {cert}, kind, name, DURING).getMessage();
  }

  private static String hex(X509Certificate c) {
    return "0x" + c.getSerialNumber().toString(16);
  }

  @Test
  void validCertificatesYieldTheNameTheyBind() throws Exception {
    CertificateValidator v = validator();
    assertEquals("alice", v.validate(new X509Certificate[] {alice}, CertificateKind.USER, null, DURING));
    assertEquals("alice", v.validate(new X509Certificate[] {alice, ca.certificate()}, CertificateKind.USER, "alice",
        DURING));
    assertEquals(SERVICE, v.validate(new X509Certificate[] {service}, CertificateKind.SERVICE, SERVICE, DURING));
    assertEquals(ca.certificate(), v.caCertificate());
  }

  @Test
  void theValidatorsOwnClockJudgesWhenNoTimeIsGiven() throws Exception {
    assertEquals("alice", validator().validate(new X509Certificate[] {alice}, CertificateKind.USER, "alice"));
    CertificateValidator late = pkiAt(home, Instant.parse("2026-01-01T00:00:00Z")).validator();
    assertEquals("certificate for alice expired on 2025-01-01T00:00:00Z",
        assertThrows(CertificateRejectedException.class,
            () -> late.validate(new X509Certificate[] {alice}, CertificateKind.USER, "alice")).getMessage());
  }

  @Test
  void theValidatorIsSecureRmisCertificateCheck() throws Exception {
    org.jukebox.security.CertificateCheck check = validator();
    assertEquals("alice", check.check(List.of(alice, ca.certificate()),
        org.jukebox.security.JukeboxPrincipal.Kind.USER, "alice"));
    assertEquals(SERVICE, check.check(List.of(service), org.jukebox.security.JukeboxPrincipal.Kind.SERVICE, null));
    CertificateRejectedException e = assertThrows(CertificateRejectedException.class,
        () -> check.check(List.of(alice), org.jukebox.security.JukeboxPrincipal.Kind.SERVICE, SERVICE));
    assertEquals("certificate for alice is a user certificate, not a service certificate", e.getMessage());
    assertEquals("no certificate names an anonymous party", assertThrows(IllegalArgumentException.class,
        () -> check.check(List.of(alice), org.jukebox.security.JukeboxPrincipal.Kind.ANONYMOUS, null)).getMessage());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void bothKeyAlgorithmsValidateForCaAndLeaf(KeyAlgorithm algorithm, @TempDir Path other) throws Exception {
    CertificateAuthority otherCa = pkiAt(other, ISSUED).createCa(PASS, algorithm, false).withKeyAlgorithm(algorithm);
    X509Certificate leaf = otherCa.issueService(SERVICE, KEY_PASS).certificate();
    assertEquals(SERVICE, pkiAt(other, DURING).validator()
        .validate(new X509Certificate[] {leaf}, CertificateKind.SERVICE, SERVICE, DURING));
  }

  @Test
  void expiredCertificateIsRefusedWithItsEndDate() throws Exception {
    CertificateRejectedException e = rejection(Reason.EXPIRED, new X509Certificate[] {alice}, CertificateKind.USER,
        "alice", Instant.parse("2025-01-01T00:00:01Z"));
    assertEquals("certificate for alice expired on 2025-01-01T00:00:00Z", e.getMessage());
    assertEquals("alice", validator().validate(new X509Certificate[] {alice}, CertificateKind.USER, "alice",
        Instant.parse("2025-01-01T00:00:00Z")), "the last second is still valid");
  }

  @Test
  void certificateIsRefusedBeforeItsValidityStarts() throws Exception {
    X509Certificate bob = pkiAt(home, Instant.parse("2024-01-11T00:00:00Z")).openCa(PASS)
        .issueUser("bob", KEY_PASS).certificate();
    CertificateRejectedException e = rejection(Reason.NOT_YET_VALID, new X509Certificate[] {bob},
        CertificateKind.USER, "bob", Instant.parse("2024-01-10T23:00:00Z"));
    assertEquals("certificate for bob is not valid before 2024-01-10T23:55:00Z", e.getMessage());
  }

  @Test
  void revokedCertificateIsRefusedWithSerialAndDateEvenByAValidatorMadeBefore() throws Exception {
    CertificateValidator before = validator();
    Instant when = Instant.parse("2024-01-10T12:00:00Z");
    pkiAt(home, when).openCa(PASS).revoke("alice");

    String expected = "certificate for alice (serial " + hex(alice) + ") was revoked on 2024-01-10T12:00:00Z";
    CertificateRejectedException e = assertThrows(CertificateRejectedException.class,
        () -> before.validate(new X509Certificate[] {alice}, CertificateKind.USER, "alice", DURING));
    assertEquals(Reason.REVOKED, e.reason());
    assertEquals(expected, e.getMessage());
    assertEquals(expected, rejection(Reason.REVOKED, alice, CertificateKind.USER, "alice"), "after a reload");
    assertTrue(before.isRevoked(alice));
    assertFalse(before.isRevoked(service));
    assertEquals(SERVICE, before.validate(new X509Certificate[] {service}, CertificateKind.SERVICE, SERVICE, DURING));
  }

  @Test
  void certificateFromAnotherCaIsRefusedNamingOurCa(@TempDir Path other) throws Exception {
    X509Certificate mallory = pkiAt(other, ISSUED).createCa(PASS, KeyAlgorithm.ED25519, false)
        .issueUser("alice", KEY_PASS).certificate();
    assertEquals("certificate for alice is not signed by the jukebox CA "
        + ca.certificate().getSubjectX500Principal().getName(),
        rejection(Reason.WRONG_ISSUER, mallory, CertificateKind.USER, "alice"));
  }

  @Test
  void selfSignedCertificateWithAJukeboxNameIsRefused() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    X500Name name = new X500Name("CN=" + SERVICE);
    X509Certificate forged = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
            name, java.math.BigInteger.TEN, Date.from(ISSUED), Date.from(ISSUED.plus(Duration.ofDays(999))), name,
            pair.getPublic())
        .addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "jukebox:service:" + SERVICE)))
        .build(new JcaContentSignerBuilder("Ed25519").build(pair.getPrivate())));
    assertEquals("certificate for " + SERVICE + " is not signed by the jukebox CA "
        + ca.certificate().getSubjectX500Principal().getName(),
        rejection(Reason.WRONG_ISSUER, forged, CertificateKind.SERVICE, SERVICE));
  }

  @Test
  void certificateWhoseBytesWereAlteredIsRefused() throws Exception {
    byte[] der = alice.getEncoded();
    der[der.length - 10] ^= 1; // inside the signature
    X509Certificate tampered = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der));
    assertEquals("certificate for alice is not signed by the jukebox CA "
        + ca.certificate().getSubjectX500Principal().getName(),
        rejection(Reason.WRONG_ISSUER, tampered, CertificateKind.USER, "alice"));
  }

  @Test
  void userCertificateIsRefusedWhereAServiceIsNeededAndTheReverse() throws Exception {
    assertEquals("certificate for alice is a user certificate, not a service certificate",
        rejection(Reason.WRONG_KIND, alice, CertificateKind.SERVICE, null));
    assertEquals("certificate for " + SERVICE + " is a service certificate, not a user certificate",
        rejection(Reason.WRONG_KIND, service, CertificateKind.USER, null));
  }

  @Test
  void validCertificateForAnotherServiceIsRefused() throws Exception {
    assertEquals("certificate for " + SERVICE + " is not for service org.jukebox.directory.DirectoryServer",
        rejection(Reason.WRONG_NAME, service, CertificateKind.SERVICE, "org.jukebox.directory.DirectoryServer"));
    assertEquals("certificate for alice is not for user bob", rejection(Reason.WRONG_NAME, alice, CertificateKind.USER,
        "bob"));
  }

  @Test
  void theCaCertificateItselfIsNoPeerCertificate() throws Exception {
    assertEquals("certificate for " + Identity.commonName(ca.certificate())
        + " is a CA certificate, not a service certificate",
        rejection(Reason.NOT_A_JUKEBOX_CERTIFICATE, ca.certificate(), CertificateKind.SERVICE, null));
  }

  @Test
  void missingChainIsRefused() throws Exception {
    assertEquals("no certificate presented",
        rejection(Reason.NO_CERTIFICATE, new X509Certificate[0], CertificateKind.USER, null, DURING).getMessage());
    assertEquals("no certificate presented",
        rejection(Reason.NO_CERTIFICATE, null, CertificateKind.USER, null, DURING).getMessage());
  }

  @Test
  void expiredCaIsReported() throws Exception {
    Instant after = ca.certificate().getNotAfter().toInstant().plusSeconds(1);
    assertEquals("the jukebox CA certificate " + ca.certificate().getSubjectX500Principal().getName()
        + " expired on " + ca.certificate().getNotAfter().toInstant(),
        rejection(Reason.CA_NOT_VALID, new X509Certificate[] {alice}, CertificateKind.USER, "alice", after)
            .getMessage());
  }

  @Test
  void missingRevocationListFailsClosed() throws Exception {
    CertificateValidator v = validator();
    Path crl = home.resolve("pki/ca.crl");
    Files.delete(crl);
    CertificateRejectedException e = assertThrows(CertificateRejectedException.class,
        () -> v.validate(new X509Certificate[] {alice}, CertificateKind.USER, "alice", DURING));
    assertEquals(Reason.REVOCATION_LIST_UNUSABLE, e.reason());
    assertEquals("revocation list " + crl + " is missing: copy it from the CA's home with ca.crt", e.getMessage());
    assertTrue(v.isRevoked(alice), "fails closed");
    assertEquals(e.getMessage(), assertThrows(PkiException.class, () -> validator()).getMessage());
  }

  @Test
  void revocationListSignedByAnotherCaIsRefused(@TempDir Path other) throws Exception {
    pkiAt(other, ISSUED).createCa(PASS, KeyAlgorithm.ED25519, false);
    CertificateValidator v = validator();
    Files.copy(other.resolve("pki/ca.crl"), home.resolve("pki/ca.crl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CertificateRejectedException e = assertThrows(CertificateRejectedException.class,
        () -> v.validate(new X509Certificate[] {alice}, CertificateKind.USER, "alice", DURING));
    assertEquals(Reason.REVOCATION_LIST_UNUSABLE, e.reason());
    assertTrue(e.getMessage().startsWith("revocation list " + home.resolve("pki/ca.crl") + " is unusable: it was"
        + " issued by CN=Jukebox CA "), e.getMessage());
  }

  @Test
  void fixedValidatorRefusesARevocationListFromAnotherCa(@TempDir Path other) throws Exception {
    pkiAt(other, ISSUED).createCa(PASS, KeyAlgorithm.ED25519, false);
    java.security.cert.X509CRL foreign = PkiFiles.readCrl(other.resolve("pki/ca.crl"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CertificateValidator.of(ca.certificate(), foreign));
    assertTrue(e.getMessage().startsWith("revocation list is unusable: it was issued by "), e.getMessage());
    CertificateValidator fixed = CertificateValidator.of(ca.certificate(), PkiFiles.readCrl(home.resolve("pki/ca.crl")));
    assertEquals("alice", fixed.validate(new X509Certificate[] {alice}, CertificateKind.USER, "alice", DURING));
  }

  @Test
  void jdkPkixValidatorAcceptsOurCertificatesAndHonoursOurRevocationList() throws Exception {
    pkiAt(home, DURING).openCa(PASS).revoke("alice");
    CertificateValidator v = validator();
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    params.setDate(Date.from(DURING.plusSeconds(60)));
    params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(v.revocationList()))));
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    CertPathValidator pkix = CertPathValidator.getInstance("PKIX");

    pkix.validate(cf.generateCertPath(List.of(service)), params);
    CertPathValidatorException e = assertThrows(CertPathValidatorException.class,
        () -> pkix.validate(cf.generateCertPath(List.of(alice)), params));
    assertEquals(CertPathValidatorException.BasicReason.REVOKED, e.getReason());
  }
}
