package org.jukebox.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.TestPki;
import org.junit.jupiter.api.Test;

class PkixCheckTest {
  static final TestPki PKI = TestPki.create("Jukebox Test CA");
  static final Instant NOW = Instant.now();
  static final TestPki.Credentials ALICE = PKI.issue("user", "alice", "Ed25519", NOW.minus(Duration.ofHours(1)),
      Duration.ofDays(30));

  private static PkixCheck at(Instant when) {
    return new PkixCheck(List.of(PKI.ca()), c -> false, Clock.fixed(when, ZoneOffset.UTC));
  }

  private static String refusal(PkixCheck check, List<java.security.cert.X509Certificate> chain,
      JukeboxPrincipal.Kind kind, String name) {
    return assertThrows(CertificateException.class, () -> check.check(chain, kind, name)).getMessage();
  }

  @Test
  void validCertificateYieldsItsName() throws Exception {
    assertEquals("alice", at(NOW).check(ALICE.chain(), JukeboxPrincipal.Kind.USER, null));
    assertEquals("alice", at(NOW).check(ALICE.chain(), JukeboxPrincipal.Kind.USER, "alice"));
    // The leaf alone is enough: the anchor is configured, not taken from the peer.
    assertEquals("alice", at(NOW).check(List.of(ALICE.certificate()), JukeboxPrincipal.Kind.USER, null));
  }

  @Test
  void validityIsJudgedByTheInjectedClock() {
    Instant notAfter = ALICE.certificate().getNotAfter().toInstant();
    Instant notBefore = ALICE.certificate().getNotBefore().toInstant();
    assertEquals("certificate for alice expired on " + notAfter,
        refusal(at(notAfter.plusSeconds(1)), ALICE.chain(), JukeboxPrincipal.Kind.USER, null));
    assertEquals("certificate for alice is not valid before " + notBefore,
        refusal(at(notBefore.minusSeconds(1)), ALICE.chain(), JukeboxPrincipal.Kind.USER, null));
  }

  @Test
  void wrongKindOrNameIsRefusedNamingBoth() {
    assertEquals("certificate is for user alice, expected a service",
        refusal(at(NOW), ALICE.chain(), JukeboxPrincipal.Kind.SERVICE, null));
    assertEquals("certificate is for user alice, expected user bob",
        refusal(at(NOW), ALICE.chain(), JukeboxPrincipal.Kind.USER, "bob"));
  }

  @Test
  void emptyChainAndCaCertificateAreRefused() {
    assertEquals("no certificate presented", refusal(at(NOW), List.of(), JukeboxPrincipal.Kind.USER, null));
    assertEquals("certificate for Jukebox Test CA is a CA certificate, not a party's",
        refusal(at(NOW), List.of(PKI.ca()), JukeboxPrincipal.Kind.USER, null));
  }

  @Test
  void revocationCheckIsConsulted() {
    PkixCheck check = new PkixCheck(List.of(PKI.ca()), c -> c.equals(ALICE.certificate()), Clock.systemUTC());
    assertEquals("certificate for alice (serial 0x" + ALICE.certificate().getSerialNumber().toString(16) + ") is revoked",
        refusal(check, ALICE.chain(), JukeboxPrincipal.Kind.USER, null));
  }

  @Test
  void noAnchorsTrustsNothing() {
    PkixCheck none = new PkixCheck(List.of(), c -> false, Clock.systemUTC());
    assertEquals("certificate for alice is not signed by a trusted jukebox CA (issuer CN=Jukebox Test CA)",
        refusal(none, ALICE.chain(), JukeboxPrincipal.Kind.USER, null));
  }

  @Test
  void namingConventionNeedsOneJukeboxUriEqualToTheCn() {
    assertEquals(JukeboxPrincipal.Kind.USER, CertificateNames.of(ALICE.certificate()).orElseThrow().kind());
    assertEquals(java.util.Optional.empty(), CertificateNames.of(PKI.ca()));
  }
}
