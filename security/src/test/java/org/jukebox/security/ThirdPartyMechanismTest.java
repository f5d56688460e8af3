package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A mechanism from another jar ({@code com.example.otp}, registered only through
 * {@code META-INF/services}) is found and used by SecureRMI with no change to SecureRMI: the
 * configurations below name it and give it its settings, nothing else.
 */
class ThirdPartyMechanismTest {
  static final String SERVICE = "org.jukebox.security.EchoService";
  static final TestPki PKI = TestPki.create("Jukebox Test CA");

  private RemoteExporter exporter;

  @AfterEach
  void tearDown() {
    if (exporter != null) {
      exporter.close();
    }
  }

  private Echo export() throws Exception {
    exporter = RemoteExporter.secure(PKI.config(PKI.service(SERVICE)).mechanisms("otp")
        .property("otp.secret", "correct horse").build(), 0);
    return exporter.export(new EchoService());
  }

  @Test
  void mechanismOnTheClassPathIsPickedUpByName() throws Exception {
    Echo stub = export();
    SecurityConfig carol = PKI.config().mechanisms("otp").property("otp.user", "carol")
        .property("otp.secret", "correct horse").build();
    assertEquals(JukeboxPrincipal.user("carol", "otp"), ClientSecurity.as(carol, stub).whoAmI());
  }

  @Test
  void itsRefusalReachesTheClientVerbatim() throws Exception {
    Echo stub = export();
    SecurityConfig guess = PKI.config().mechanisms("otp").property("otp.user", "carol")
        .property("otp.secret", "battery staple").build();
    assertEquals("authentication refused by service " + SERVICE + ": otp proof does not match",
        Refusals.refusal(() -> ClientSecurity.as(guess, stub).whoAmI()));
  }

  @Test
  void configurationNamingNoMechanismUsesEveryOneThatHasItsSettings() {
    SecurityConfig all = PKI.config().property("otp.user", "carol").property("otp.secret", "s").build();
    assertTrue(all.authenticators().stream().anyMatch(a -> a.mechanism().equals("otp")), all.toString());
    assertEquals("anonymous", all.authenticators().get(all.authenticators().size() - 1).mechanism());
  }

  @Test
  void unknownMechanismIsRefusedNamingWhatWasFound() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SecurityConfig.builder().mechanisms("kerberos").build());
    assertTrue(e.getMessage().startsWith("unknown authentication mechanism \"kerberos\" (found: "), e.getMessage());
    assertTrue(e.getMessage().contains("otp"), e.getMessage());
  }

  @Test
  void namedMechanismWithoutItsSettingsIsAMisconfiguration() {
    assertEquals("authentication mechanism \"otp\" has no credentials or settings in this configuration",
        assertThrows(IllegalArgumentException.class, () -> SecurityConfig.builder().mechanisms("otp").build())
            .getMessage());
  }
}
