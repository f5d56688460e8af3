package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Local misuse of SecureRMI's builders and factories, and the shape of what travels in stubs. */
class SecureRmiConfigTest {
  static final String SERVICE = "org.jukebox.security.EchoService";
  static final TestPki PKI = TestPki.create("Jukebox Test CA");

  private RemoteExporter exporter;

  @AfterEach
  void tearDown() {
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void secureExporterNeedsAnIdentity() {
    assertEquals("a secure exporter needs an identity: SecurityConfig.Builder.identity(key, chain)",
        assertThrows(IllegalArgumentException.class,
            () -> RemoteExporter.secure(PKI.config().build(), 0)).getMessage());
  }

  @Test
  void secureServerNeedsAVerifier() {
    SecurityConfig none = PKI.config(PKI.service(SERVICE)).authenticator(Authenticator.NONE).build();
    assertEquals("a secure server needs at least one verifier (its configuration accepts no mechanism)",
        assertThrows(IllegalArgumentException.class, () -> RemoteExporter.secure(none, 0)).getMessage());
  }

  @Test
  void portIsChecked() {
    SecurityConfig c = PKI.config(PKI.service(SERVICE)).build();
    assertEquals("port < 0: -3", assertThrows(IllegalArgumentException.class, () -> RemoteExporter.secure(c, -3)).getMessage());
    assertEquals("port > 65535: 65536",
        assertThrows(IllegalArgumentException.class, () -> RemoteExporter.secure(c, 65536)).getMessage());
  }

  @Test
  void registryNeedsAFixedPort() {
    exporter = RemoteExporter.secure(PKI.config(PKI.service(SERVICE)).build(), 0);
    assertEquals("a registry needs a fixed port; this exporter uses any port (0)",
        assertThrows(IllegalStateException.class, exporter::createRegistry).getMessage());
    exporter.close();
    assertEquals("exporter is closed", assertThrows(IllegalStateException.class, exporter::createRegistry).getMessage());
  }

  @Test
  void identityMustFollowTheNamingConvention() {
    TestPki.Credentials ca = new TestPki.Credentials(PKI.service(SERVICE).key(), List.of(PKI.ca()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SecurityConfig.builder().identity(ca.key(), ca.chain()).build());
    assertEquals("identity certificate CN=Jukebox Test CA names no jukebox service or user (expected one"
        + " subjectAltName URI jukebox:service:CLASS or jukebox:user:NAME, equal to its CN)", e.getMessage());
    assertEquals("certificate chain is empty", assertThrows(IllegalArgumentException.class,
        () -> SecurityConfig.builder().identity(ca.key(), List.of())).getMessage());
  }

  @Test
  void handshakeTimeoutAndMechanismNamesAreChecked() {
    assertEquals("handshake timeout is not positive: PT0S", assertThrows(IllegalArgumentException.class,
        () -> SecurityConfig.builder().handshakeTimeout(Duration.ZERO)).getMessage());
    assertEquals("not a mechanism name (1 to 32 of a-z 0-9 - .): \"Signature\"",
        assertThrows(IllegalArgumentException.class, () -> SecurityConfig.builder().mechanisms("Signature")).getMessage());
  }

  @Test
  void configurationReportsWhoItIsAndWhatItOffers() {
    SecurityConfig c = PKI.config(PKI.user("alice")).mechanisms("signature", "anonymous").build();
    assertEquals(JukeboxPrincipal.Kind.USER, c.identity().orElseThrow().kind());
    assertEquals("alice", c.identity().orElseThrow().name());
    assertEquals(List.of("signature", "anonymous"), c.authenticators().stream().map(Authenticator::mechanism).toList());
    assertEquals(List.of("signature", "anonymous"), c.verifiers().stream().map(Verifier::mechanism).toList());
    assertTrue(c.checksCertificates());
    assertFalse(SecurityConfig.builder().build().checksCertificates());
    assertEquals("SecurityConfig[identity=alice, anchors=1, offers=[signature, anonymous], accepts=[signature, anonymous]]",
        c.toString());
  }

  @Test
  void anonymousClientOffersNoSignature() {
    SecurityConfig c = PKI.config().mechanisms("signature", "anonymous").build();
    assertEquals(List.of("anonymous"), c.authenticators().stream().map(Authenticator::mechanism).toList());
  }

  @Test
  void clientFactoryCarriesOnlyTheExpectedNameAndComparesByIt() throws Exception {
    SecureClientSocketFactory f = SecureClientSocketFactory.forService(SERVICE);
    assertEquals(f, SecureClientSocketFactory.forService(SERVICE));
    assertEquals(f.hashCode(), SecureClientSocketFactory.forService(SERVICE).hashCode());
    assertNotEquals(f, SecureClientSocketFactory.forService("org.jukebox.Other"));
    assertNotEquals(f, SecureClientSocketFactory.forUser(SERVICE));
    assertEquals("SecureClientSocketFactory[service " + SERVICE + "]", f.toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    Object back = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    assertEquals(f, back);
    assertTrue(bytes.size() < 300, "a stub's factory stays small: " + bytes.size());
    assertEquals("expected server name is blank",
        assertThrows(IllegalArgumentException.class, () -> SecureClientSocketFactory.forService(" ")).getMessage());
  }

  @Test
  void serverFactoryNeverTravels() throws Exception {
    exporter = RemoteExporter.secure(PKI.config(PKI.service(SERVICE)).build(), 0);
    Object serverFactory = org.jukebox.security.internal.SecureServerSocketFactory.of(
        PKI.config(PKI.service(SERVICE)).build());
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(serverFactory));
    assertEquals("a server socket factory holds a private key and never travels", e.getMessage());
  }

  @Test
  void exportersWithOneConfigurationShareAPort() throws Exception {
    int port = AttackTest.freePort();
    SecurityConfig c = PKI.config(PKI.service(SERVICE)).mechanisms("signature").build();
    exporter = RemoteExporter.secure(c, port);
    try (RemoteExporter second = RemoteExporter.secure(c, port)) {
      Echo a = exporter.export(new EchoService());
      Echo b = second.export(new EchoService());
      SecurityConfig alice = PKI.config(PKI.user("alice")).mechanisms("signature").build();
      assertEquals("a", ClientSecurity.as(alice, a).echo("a"));
      assertEquals("b", ClientSecurity.as(alice, b).echo("b"));
    }
  }

  @Test
  void asRefusesAPlainStub() throws Exception {
    exporter = RemoteExporter.anyPort();
    Echo plain = exporter.export(new EchoService());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClientSecurity.as(PKI.config().build(), plain));
    assertTrue(e.getMessage().startsWith("not a stub of a secure export: "), e.getMessage());
  }

  @Test
  void ecdsaAndDsaKeysSignInAndEcdsaServesTls() throws Exception {
    Instant from = Instant.now().minus(Duration.ofDays(1));
    TestPki.Credentials ecServer = PKI.issue("service", SERVICE, "EC", from, Duration.ofDays(30));
    exporter = RemoteExporter.secure(PKI.config(ecServer).mechanisms("signature").build(), 0);
    Echo stub = exporter.export(new EchoService());
    for (String algorithm : new String[] {"EC", "DSA", "Ed25519"}) {
      TestPki.Credentials user = PKI.issue("user", "user-" + algorithm.toLowerCase(java.util.Locale.ROOT), algorithm,
          from, Duration.ofDays(30));
      SecurityConfig c = PKI.config(user).mechanisms("signature").build();
      assertEquals(JukeboxPrincipal.user("user-" + algorithm.toLowerCase(java.util.Locale.ROOT), "signature"),
          ClientSecurity.as(c, stub).whoAmI());
    }
  }
}
