package org.jukebox.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The coins a client can pay with, each with its spending key. The pay-per-use authenticator
 * takes one per connection it authenticates; a coin taken is never handed out again, whether or
 * not the server accepted it (once sent it may have been recorded as spent).
 *
 * <p>In memory only; a client that keeps coins across runs stores the {@link Coin.Spendable}s
 * itself. Thread-safe.
 */
public final class CoinWallet {
  private final ConcurrentLinkedDeque<Coin.Spendable> coins = new ConcurrentLinkedDeque<>();

  private CoinWallet() {}

  /** An empty wallet. */
  public static CoinWallet empty() {
    return new CoinWallet();
  }

  /** A wallet holding {@code coins}, spent in this order. */
  public static CoinWallet of(Coin.Spendable... coins) {
    return of(List.of(coins));
  }

  /** A wallet holding {@code coins}, spent in their iteration order. */
  public static CoinWallet of(Collection<Coin.Spendable> coins) {
    CoinWallet w = new CoinWallet();
    for (Coin.Spendable c : coins) {
      w.add(c);
    }
    return w;
  }

  /** Adds a coin, spent after those already in the wallet. */
  public CoinWallet add(Coin.Spendable coin) {
    coins.addLast(Objects.requireNonNull(coin, "coin"));
    return this;
  }

  /** Removes and returns the next coin, or empty if the wallet is empty. */
  public Optional<Coin.Spendable> take() {
    return Optional.ofNullable(coins.pollFirst());
  }

  /** Puts back a coin that was taken but never sent, so it is the next one taken. */
  void putBack(Coin.Spendable coin) {
    coins.addFirst(coin);
  }

  /** How many coins are left. */
  public int size() {
    return coins.size();
  }

  @Override
  public String toString() {
    return "CoinWallet[" + coins.size() + " coins]";
  }
}
