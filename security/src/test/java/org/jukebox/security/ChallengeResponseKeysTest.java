package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.jukebox.security.internal.hmac.ChallengeResponseMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's key table and file, and the hmac mechanism as ServiceLoader finds it. */
class ChallengeResponseKeysTest {
  private static final byte[] KEY = ChallengeResponseAuthenticator.newKey();

  @TempDir
  Path dir;

  @Test
  void keyFileRoundTripsWithoutHoldingTheKey() throws Exception {
    Path file = dir.resolve("conf/hmac-keys");
    ChallengeResponseKeys.builder().add("alice", KEY).add("bob", ChallengeResponseAuthenticator.newKey()).build()
        .write(file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("jukebox-hmac-keys 1\nalice 4096 "), text);
    assertFalse(text.contains(Base64.getEncoder().encodeToString(KEY)), "the raw key is in the file");
    ChallengeResponseKeys loaded = ChallengeResponseKeys.load(file);
    assertEquals(Set.of("alice", "bob"), loaded.users());
    assertEquals(JukeboxPrincipal.user("alice", "hmac"), CoinAndHmacExchanges.run(
        ChallengeResponseAuthenticator.of("alice", KEY), ChallengeResponseVerifier.of(loaded)).accepted());
  }

  @Test
  void higherIterationCountsAreHonouredByTheClient() throws Exception {
    ChallengeResponseKeys keys = ChallengeResponseKeys.builder().iterations(5000).add("alice", KEY).build();
    assertTrue(keys.encode().contains("alice 5000 "));
    assertEquals("alice", CoinAndHmacExchanges.run(ChallengeResponseAuthenticator.of("alice", KEY),
        ChallengeResponseVerifier.of(keys)).accepted().name());
  }

  @Test
  void fileWithoutTheHeaderIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("keys"), "alice 4096 x y z\n");
    IOException e = assertThrows(IOException.class, () -> ChallengeResponseKeys.load(file));
    assertEquals(file + " is not an HMAC key file (first line is not jukebox-hmac-keys 1)", e.getMessage());
  }

  @Test
  void malformedLineIsRefusedWithItsNumber() throws Exception {
    Path file = Files.writeString(dir.resolve("keys"), "jukebox-hmac-keys 1\n# users\n\nalice 4096\n");
    IOException e = assertThrows(IOException.class, () -> ChallengeResponseKeys.load(file));
    assertEquals(file + " line 4: expected 5 fields (USER ITERATIONS SALT STORED_KEY SERVER_KEY), found 2",
        e.getMessage());
  }

  @Test
  void userListedTwiceIsRefused() throws Exception {
    String line = ChallengeResponseKeys.builder().add("alice", KEY).build().encode().lines().toList().get(1);
    Path file = Files.writeString(dir.resolve("keys"), "jukebox-hmac-keys 1\n" + line + "\n" + line + "\n");
    IOException e = assertThrows(IOException.class, () -> ChallengeResponseKeys.load(file));
    assertEquals(file + " line 3: user alice appears twice", e.getMessage());
  }

  @Test
  void iterationCountsOutsideTheBoundsAreRefused() {
    assertEquals("HMAC iterations outside 4096..1000000: 10", assertThrows(IllegalArgumentException.class,
        () -> ChallengeResponseKeys.builder().iterations(10)).getMessage());
  }

  @Test
  void serviceLoaderFindsTheHmacMechanism() {
    List<String> names = ServiceLoader.load(AuthenticationMechanism.class).stream()
        .map(p -> p.get().name()).toList();
    assertTrue(names.contains("hmac"), names.toString());
  }

  @Test
  void configurationWithCredentialsOffersAndAcceptsHmac() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("alice.key"), Base64.getEncoder().encodeToString(KEY) + "\n");
    Path table = dir.resolve("hmac-keys");
    ChallengeResponseKeys.builder().add("alice", KEY).build().write(table);
    SecurityConfig client = SecurityConfig.builder().mechanisms("hmac")
        .property(ChallengeResponseMechanism.USER, "alice")
        .property(ChallengeResponseMechanism.KEY_FILE, keyFile.toString()).build();
    SecurityConfig server = SecurityConfig.builder().mechanisms("hmac")
        .property(ChallengeResponseMechanism.KEYS, table.toString()).build();
    assertEquals(1, client.authenticators().size());
    assertEquals(1, server.verifiers().size());
    assertEquals(JukeboxPrincipal.user("alice", "hmac"),
        CoinAndHmacExchanges.run(client.authenticators().get(0), server.verifiers().get(0)).accepted());
  }

  @Test
  void keyTableAsATypedSettingIsAccepted() {
    SecurityConfig server = SecurityConfig.builder().mechanisms("hmac")
        .setting(ChallengeResponseKeys.class, ChallengeResponseKeys.builder().add("alice", KEY).build()).build();
    assertEquals(List.of("hmac"), server.verifiers().stream().map(Verifier::mechanism).toList());
  }

  @Test
  void configurationWithoutHmacCredentialsDoesNotOfferIt() {
    SecurityConfig plain = SecurityConfig.builder().build();
    assertFalse(plain.authenticators().stream().anyMatch(a -> a.mechanism().equals("hmac")));
    assertFalse(plain.verifiers().stream().anyMatch(v -> v.mechanism().equals("hmac")));
  }

  @Test
  void userWithoutAKeyIsAConfigurationError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecurityConfig.builder()
        .property(ChallengeResponseMechanism.USER, "alice").build());
    assertEquals("hmac.user is set but neither hmac.key nor hmac.key.file is", e.getMessage());
  }
}
