package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.jukebox.security.internal.coin.CoinMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coin mechanism as ServiceLoader finds it and a SecurityConfig makes it. */
class PayPerUseMechanismTest {
  private static final Bank BANK = Bank.generate("jukebox-bank");

  @TempDir
  Path dir;

  @Test
  void serviceLoaderFindsTheCoinMechanism() {
    List<String> names = ServiceLoader.load(AuthenticationMechanism.class).stream().map(p -> p.get().name()).toList();
    assertTrue(names.contains("coin"), names.toString());
  }

  @Test
  void walletSettingOffersCoinAndBankPropertiesAcceptIt() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    try (SpentCoins spent = SpentCoins.open(dir)) {
      SecurityConfig client = SecurityConfig.builder().mechanisms("coin").setting(CoinWallet.class, CoinWallet.of(coin))
          .build();
      SecurityConfig server = SecurityConfig.builder().mechanisms("coin")
          .property(CoinMechanism.BANK_ID, BANK.id()).property(CoinMechanism.BANK_KEY, BANK.encodedPublicKey())
          .setting(SpentCoins.class, spent).build();
      assertEquals(List.of("coin"), client.authenticators().stream().map(Authenticator::mechanism).toList());
      assertEquals(List.of("coin"), server.verifiers().stream().map(Verifier::mechanism).toList());
      assertEquals(coin.coin().id(),
          CoinAndHmacExchanges.run(client.authenticators().get(0), server.verifiers().get(0)).accepted().name());
    }
  }

  @Test
  void configurationWithoutCoinSettingsDoesNotOfferOrAcceptIt() {
    SecurityConfig plain = SecurityConfig.builder().build();
    assertFalse(plain.authenticators().stream().anyMatch(a -> a.mechanism().equals("coin")));
    assertFalse(plain.verifiers().stream().anyMatch(v -> v.mechanism().equals("coin")));
  }

  @Test
  void incompleteVerifierSettingsAreAConfigurationError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecurityConfig.builder()
        .property(CoinMechanism.BANK_ID, BANK.id()).build());
    assertEquals("the coin verifier needs coin.bank.id, coin.bank.key and a SpentCoins setting; missing: "
        + "coin.bank.key, SpentCoins setting", e.getMessage());
  }

  @Test
  void bankKeyThatIsNotEd25519IsRefused() throws Exception {
    try (SpentCoins spent = SpentCoins.open(dir)) {
      java.security.PublicKey rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> PayPerUseVerifier.of("jukebox-bank", rsa, spent));
      assertEquals("bank key is not an Ed25519 public key: RSA", e.getMessage());
    }
  }
}
