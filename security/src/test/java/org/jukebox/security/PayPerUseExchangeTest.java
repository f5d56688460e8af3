package org.jukebox.security;

import static org.jukebox.security.CoinAndHmacExchanges.SERVER;
import static org.jukebox.security.CoinAndHmacExchanges.binding;
import static org.jukebox.security.CoinAndHmacExchanges.refusedBy;
import static org.jukebox.security.CoinAndHmacExchanges.run;
import static org.jukebox.security.CoinAndHmacExchanges.scripted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import org.jukebox.api.Song;
import org.jukebox.security.CoinAndHmacExchanges.Outcome;
import org.jukebox.security.internal.coin.CoinPayment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coin mechanism through an in-memory exchange pair: payment, refusals, durability. */
class PayPerUseExchangeTest {
  private static final Bank BANK = Bank.generate("jukebox-bank");

  @TempDir
  Path dir;

  private SpentCoins spent;
  private PayPerUseVerifier verifier;

  @BeforeEach
  void open() throws Exception {
    spent = SpentCoins.open(dir.resolve("data"));
    verifier = PayPerUseVerifier.of(BANK.id(), BANK.publicKey(), spent);
  }

  @AfterEach
  void close() {
    spent.close();
  }

  private static PayPerUseAuthenticator pay(Coin.Spendable... coins) {
    return PayPerUseAuthenticator.of(CoinWallet.of(coins));
  }

  @Test
  void coinPaysForAConnectionAsAnAnonymousCoinPrincipal() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    Outcome o = run(pay(coin), verifier);
    JukeboxPrincipal expected = new JukeboxPrincipal("coin:" + coin.coin().serialHex(),
        JukeboxPrincipal.Kind.ANONYMOUS, "coin");
    assertEquals(expected, o.accepted());
    assertEquals(expected, o.clientSaw());
    assertTrue(spent.isSpent(coin.coin()));
  }

  @Test
  void payPerUsePolicyChargesThePlayToTheCoinPrincipal() throws Exception {
    Song song = AccessPolicyTest.song("s:1");
    JukeboxPrincipal payer = run(pay(BANK.mint(1)), verifier).accepted();
    try (RoyaltyLedger ledger = RoyaltyLedger.open(dir.resolve("royalties.log"))) {
      AccessPolicy policy = AccessPolicies.payPerUse(id -> true, ledger, Clock.systemUTC());
      assertTrue(policy.check(payer, song).applies());
      assertEquals(1, ledger.plays(song.id()));
      assertTrue(ledger.isSpent(payer.name()));
    }
  }

  @Test
  void coinIsOnDiskBeforeTheClientIsAccepted() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    run(pay(coin), verifier).accepted();
    // Read the file behind the list's back, as a restart after a crash would.
    String text = Files.readString(spent.file(), StandardCharsets.UTF_8);
    assertTrue(text.contains("jukebox-bank " + coin.coin().serialHex() + " "), text);
  }

  @Test
  void doubleSpentCoinIsRefused() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    run(pay(coin), verifier).accepted();
    Outcome again = run(pay(coin), verifier);
    String serial = coin.coin().serialHex();
    assertEquals("coin " + serial + " was already spent", again.serverError().getMessage());
    assertEquals(refusedBy("coin " + serial + " was already spent"), again.clientError().getMessage());
    assertNull(again.principal());
  }

  @Test
  void spentListSurvivesARestart() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    run(pay(coin), verifier).accepted();
    spent.close();
    spent = SpentCoins.open(dir.resolve("data"));
    Outcome again = run(pay(coin), PayPerUseVerifier.of(BANK, spent));
    assertEquals("coin " + coin.coin().serialHex() + " was already spent", again.serverError().getMessage());
  }

  @Test
  void forgedCoinSignedByAnotherKeyIsRefused() throws Exception {
    Coin.Spendable forged = Bank.generate("jukebox-bank").mint(1);
    Outcome o = run(pay(forged), verifier);
    assertEquals("coin " + forged.coin().serialHex() + " is not signed by bank jukebox-bank",
        o.serverError().getMessage());
    assertEquals(0, spent.size());
  }

  @Test
  void tamperedCoinIsRefusedEvenWithAValidProofOfHolding() throws Exception {
    Coin.Spendable real = BANK.mint(1);
    byte[] tampered = real.coin().encode();
    ByteBuffer.wrap(tampered).putLong(1 + Coin.SERIAL_BYTES, 1_000_000);
    byte[] b = binding();
    // The holder of the real coin re-signs the tampered one with its spending key.
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(real.key());
    s.update(CoinPayment.transcript(SERVER, b, tampered));
    Outcome o = run(scripted("coin", CoinPayment.encode(tampered, s.sign())), b, SERVER, verifier, b, SERVER);
    assertEquals("coin " + real.coin().serialHex() + " is not signed by bank jukebox-bank", o.serverError().getMessage());
    assertEquals(0, spent.size());
  }

  @Test
  void coinOfAnotherBankIsRefusedByName() throws Exception {
    Coin.Spendable other = Bank.generate("other-bank").mint(1);
    Outcome o = run(pay(other), verifier);
    assertEquals("coin " + other.coin().serialHex() + " is from bank other-bank, not jukebox-bank",
        o.serverError().getMessage());
  }

  @Test
  void coinLiftedFromAnotherConnectionIsRefusedAndNotBurnt() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    Outcome o = run(pay(coin), binding(), SERVER, verifier, binding(), SERVER);
    assertEquals("coin " + coin.coin().serialHex()
        + " is not held by this client (its proof does not verify for this connection)", o.serverError().getMessage());
    assertFalse(spent.isSpent(coin.coin()));
    assertEquals(JukeboxPrincipal.Kind.ANONYMOUS, run(pay(coin), verifier).accepted().kind());
  }

  @Test
  void capturedPaymentReplayedOnAnotherConnectionIsRefused() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    try (SpentCoins elsewhere = SpentCoins.open(dir.resolve("elsewhere"))) {
      Outcome captured = run(pay(coin), PayPerUseVerifier.of(BANK, elsewhere));
      captured.accepted();
      Outcome o = run(scripted("coin", captured.clientMessages().get(0)), verifier);
      assertEquals("coin " + coin.coin().serialHex()
          + " is not held by this client (its proof does not verify for this connection)", o.serverError().getMessage());
    }
  }

  @Test
  void paymentMadeForAnotherServiceIsRefused() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    byte[] b = binding();
    Outcome o = run(pay(coin), b, "org.jukebox.other.Service", verifier, b, SERVER);
    assertEquals("coin " + coin.coin().serialHex()
        + " is not held by this client (its proof does not verify for this connection)", o.serverError().getMessage());
  }

  @Test
  void failedWriteRefusesTheCoin() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    spent.close();
    Outcome o = run(pay(coin), verifier);
    assertEquals("coin " + coin.coin().serialHex() + " could not be recorded as spent: spent-coin list closed",
        o.serverError().getMessage());
  }

  @Test
  void emptyWalletGivesUpLocally() throws Exception {
    Outcome o = run(PayPerUseAuthenticator.of(CoinWallet.empty()), verifier);
    assertInstanceOf(AuthenticationException.class, o.clientError());
    assertEquals("no coins left to pay with", o.clientError().getMessage());
    assertEquals("client gave up: no coins left to pay with", o.serverError().getMessage());
  }

  @Test
  void eachConnectionSpendsTheNextCoin() throws Exception {
    Coin.Spendable a = BANK.mint(1);
    Coin.Spendable b = BANK.mint(1);
    PayPerUseAuthenticator client = pay(a, b);
    assertEquals(a.coin().id(), run(client, verifier).accepted().name());
    assertEquals(b.coin().id(), run(client, verifier).accepted().name());
    assertEquals(0, client.wallet().size());
    assertEquals(2, spent.size());
  }

  @Test
  void malformedAndOversizedMessagesAreRefused() throws Exception {
    assertEquals("malformed coin message: version 9, expected 1",
        run(scripted("coin", new byte[] {9}), verifier).serverError().getMessage());
    assertEquals("malformed coin message: 2000 bytes, more than 771",
        run(scripted("coin", new byte[2000]), verifier).serverError().getMessage());
    assertEquals("malformed coin message: truncated at byte 3 of 5",
        run(scripted("coin", new byte[] {1, 0, 10, 0, 0}), verifier).serverError().getMessage());
    byte[] junkCoin = CoinPayment.encode(new byte[] {1, 2, 3}, new byte[64]);
    assertEquals("malformed coin message: malformed coin: truncated at byte 1 of 3",
        run(scripted("coin", junkCoin), verifier).serverError().getMessage());
  }
}
