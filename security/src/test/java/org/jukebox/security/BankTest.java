package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Minting: fresh serials and spending keys, signed by the bank; exact refusals for misuse. */
class BankTest {
  @Test
  void everyMintedCoinHasAFreshSerialAndSpendingKeyAndTheBanksSignature() {
    Bank bank = Bank.generate("jukebox-bank");
    Set<String> serials = new HashSet<>();
    Set<Object> holders = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      Coin.Spendable s = bank.mint(1);
      assertTrue(s.coin().isSignedBy(bank.publicKey()));
      assertEquals("jukebox-bank", s.coin().bankId());
      serials.add(s.coin().serialHex());
      holders.add(s.coin().holderKey());
    }
    assertEquals(50, serials.size());
    assertEquals(50, holders.size());
  }

  @Test
  void bankRestoredFromItsKeyPairMintsCoinsTheSameKeyVerifies() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Bank bank = Bank.of("b1", pair);
    assertTrue(bank.mint(3).coin().isSignedBy(pair.getPublic()));
  }

  @Test
  void publicKeyRoundTripsThroughItsTextForm() {
    Bank bank = Bank.generate("jukebox-bank");
    assertEquals(bank.publicKey(), Bank.decodePublicKey(bank.encodedPublicKey()));
  }

  @Test
  void misuseIsRefusedWithExactMessages() throws Exception {
    Bank bank = Bank.generate("jukebox-bank");
    assertEquals("coin value is not positive: 0",
        assertThrows(IllegalArgumentException.class, () -> bank.mint(0)).getMessage());
    assertEquals("bank id must be 1 to 64 characters of A-Z a-z 0-9 . _ -: \"my bank\"",
        assertThrows(IllegalArgumentException.class, () -> Bank.generate("my bank")).getMessage());
    KeyPair one = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair two = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    assertEquals("bank key is not an Ed25519 key pair", assertThrows(IllegalArgumentException.class,
        () -> Bank.of("b", new KeyPair(one.getPublic(), two.getPrivate()))).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Bank.decodePublicKey("bm90IGEga2V5"))
        .getMessage().startsWith("not a base64 Ed25519 public key: "));
  }
}
