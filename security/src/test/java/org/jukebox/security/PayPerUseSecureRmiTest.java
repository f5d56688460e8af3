package org.jukebox.security;

import static org.jukebox.security.ChallengeResponseSecureRmiTest.authenticationRefusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.rmi.RemoteException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jukebox.security.internal.coin.CoinMechanism;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coin mechanism end to end: real RMI over the TLS channel on 127.0.0.1. */
class PayPerUseSecureRmiTest {
  static final String SERVICE = "org.jukebox.security.EchoService";
  static final TestPki PKI = TestPki.create("Jukebox Coin Test CA");
  static final TestPki.Credentials SERVER = PKI.service(SERVICE);
  static final Bank BANK = Bank.generate("jukebox-bank");

  @TempDir
  Path dir;

  private SpentCoins spent;
  private RemoteExporter exporter;
  private Echo stub;

  @BeforeEach
  void export() throws Exception {
    spent = SpentCoins.open(dir);
    exporter = RemoteExporter.secure(PKI.config(SERVER).mechanisms("coin")
        .property(CoinMechanism.BANK_ID, BANK.id()).property(CoinMechanism.BANK_KEY, BANK.encodedPublicKey())
        .setting(SpentCoins.class, spent).build(), 0);
    stub = exporter.export(new EchoService());
  }

  @AfterEach
  void tearDown() {
    exporter.close();
    spent.close();
  }

  private static SecurityConfig paying(CoinWallet wallet) {
    return PKI.config().mechanisms("coin").setting(CoinWallet.class, wallet).build();
  }

  @Test
  void coinPaysForTheConnectionAndNamesTheCaller() throws Exception {
    // RMI may open a second connection (its distributed GC), which pays with a coin of its own.
    Coin.Spendable[] coins = Stream.generate(() -> BANK.mint(1)).limit(3).toArray(Coin.Spendable[]::new);
    CoinWallet wallet = CoinWallet.of(coins);
    JukeboxPrincipal caller = ClientSecurity.as(paying(wallet), stub).whoAmI();
    Set<String> ids = Stream.of(coins).map(c -> c.coin().id()).collect(Collectors.toSet());
    assertTrue(ids.contains(caller.name()), caller + " is not one of " + ids);
    assertEquals(JukeboxPrincipal.Kind.ANONYMOUS, caller.kind());
    assertEquals("coin", caller.mechanism());
    Coin paid = Stream.of(coins).map(Coin.Spendable::coin).filter(c -> c.id().equals(caller.name())).findFirst()
        .orElseThrow();
    assertTrue(spent.isSpent(paid), "the coin that paid is not recorded as spent");
  }

  @Test
  void doubleSpentCoinIsRefusedOverTheChannelAndHonestClientsAreStillServed() throws Exception {
    Coin.Spendable coin = BANK.mint(1);
    assertTrue(spent.markSpent(coin.coin()));
    // One copy per connection RMI may open (the call's, its distributed GC's): each presents the spent coin.
    Echo cheat = ClientSecurity.as(paying(CoinWallet.of(coin, coin, coin, coin)), stub);
    assertEquals("authentication refused by service " + SERVICE + ": coin " + coin.coin().serialHex()
        + " was already spent", authenticationRefusal(assertThrows(RemoteException.class, cheat::whoAmI)));
    Coin.Spendable fresh = BANK.mint(1);
    Echo honest = ClientSecurity.as(paying(CoinWallet.of(fresh, BANK.mint(1), BANK.mint(1))), stub);
    assertEquals("hello", honest.echo("hello"));
  }
}
