package org.jukebox.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Objects;
import org.jukebox.security.internal.coin.CoinPayment;

/**
 * The client side of the {@code coin} mechanism: pays for the connection with the next coin in
 * a {@link CoinWallet}, proving it holds the coin by signing this connection's channel binding
 * and the server's name with the coin's spending key. One message, no round trip beyond it.
 *
 * <p>Each connection it authenticates spends one coin, which leaves the wallet for good once
 * sent. RMI may open more than one connection for a stub (concurrent calls, its distributed
 * GC's dirty calls), and each of those pays too: give a wallet a coin or two more than the plays
 * it is meant for. The server's {@link PayPerUseVerifier} establishes the anonymous principal
 * {@code coin:<serial hex>} (kind {@code ANONYMOUS}, mechanism {@code "coin"}).
 *
 * <p>Threat model: the coin's bank signature stops forgery and tampering; the per-coin spending
 * key stops anyone who sees a coin (a server it was paid to, a log) from spending it elsewhere,
 * since the proof covers the channel binding and the server's name; the verifier's durable
 * {@link SpentCoins} list stops spending it twice at services that share that list. Not covered:
 * the bank can link a coin to whoever withdrew it (no blind signatures), and whoever steals the
 * {@link Coin.Spendable} (coin and key) can spend it once, like a banknote.
 *
 * <p>Thread-safe: concurrent connections take different coins.
 */
public final class PayPerUseAuthenticator extends Authenticator {
  /** The mechanism's name; equal to {@link AccessPolicies#COIN_MECHANISM}. */
  public static final String MECHANISM = AccessPolicies.COIN_MECHANISM;

  private final CoinWallet wallet;

  private PayPerUseAuthenticator(CoinWallet wallet) {
    this.wallet = wallet;
  }

  /** An authenticator that pays with the coins of {@code wallet}. */
  public static PayPerUseAuthenticator of(CoinWallet wallet) {
    return new PayPerUseAuthenticator(Objects.requireNonNull(wallet, "wallet"));
  }

  /** The wallet it pays from. */
  public CoinWallet wallet() {
    return wallet;
  }

  @Override
  public String mechanism() {
    return MECHANISM;
  }

  /**
   * Sends the next coin with its proof of holding.
   *
   * @throws AuthenticationException {@code "no coins left to pay with"} if the wallet is empty;
   *     {@code "cannot sign with the spending key of coin <serial>: ..."} if the key is unusable
   * @throws IOException if the connection fails
   */
  @Override
  public void authenticate(Exchange exchange) throws IOException {
    Coin.Spendable spendable = wallet.take().orElseThrow(() -> new AuthenticationException("no coins left to pay with"));
    Coin coin = spendable.coin();
    byte[] encoded = coin.encodedUnsafe();
    byte[] proof;
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(spendable.key());
      s.update(CoinPayment.transcript(exchange.serverName(), exchange.channelBinding(), encoded));
      proof = s.sign();
    } catch (GeneralSecurityException e) {
      wallet.putBack(spendable);
      throw new AuthenticationException("cannot sign with the spending key of coin " + coin.serialHex() + ": "
          + e.getMessage(), e);
    }
    exchange.send(CoinPayment.encode(encoded, proof));
  }

  @Override
  public String toString() {
    return "PayPerUseAuthenticator[" + wallet + "]";
  }
}
