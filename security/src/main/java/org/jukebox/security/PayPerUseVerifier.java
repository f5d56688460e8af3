package org.jukebox.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import org.jukebox.security.internal.coin.CoinPayment;

/**
 * The server side of the {@code coin} mechanism: accepts a client that presents a coin minted by
 * the configured bank, proves it holds the coin's spending key on this connection, and has not
 * spent it before; the coin is recorded as spent (on disk) before the client is accepted. The
 * principal is anonymous, named by the coin: {@code new JukeboxPrincipal("coin:" + serialHex,
 * ANONYMOUS, "coin")}, which the pay-per-use access policy charges plays to.
 *
 * <p>Checks, in order, so that a coin is burnt only by a client that could spend it: form, bank,
 * bank signature, proof of holding for this connection, then not already spent. See
 * {@link PayPerUseAuthenticator} for the threat model.
 *
 * <p>Thread-safe. The {@link SpentCoins} list stays the caller's to close.
 */
public final class PayPerUseVerifier extends Verifier {
  private final String bankId;
  private final PublicKey bankKey;
  private final SpentCoins spent;

  private PayPerUseVerifier(String bankId, PublicKey bankKey, SpentCoins spent) {
    this.bankId = bankId;
    this.bankKey = bankKey;
    this.spent = spent;
  }

  /**
   * A verifier of the coins of bank {@code bankId}, whose public key is {@code bankKey},
   * recording spent coins in {@code spent}.
   *
   * @throws IllegalArgumentException if the bank id is malformed or the key is not Ed25519:
   *     {@code "bank key is not an Ed25519 public key: RSA"}
   */
  public static PayPerUseVerifier of(String bankId, PublicKey bankKey, SpentCoins spent) {
    Coin.checkBankId(bankId);
    Objects.requireNonNull(bankKey, "bankKey");
    Objects.requireNonNull(spent, "spent");
    if (!bankKey.getAlgorithm().equals("Ed25519") && !bankKey.getAlgorithm().equals("EdDSA")) {
      throw new IllegalArgumentException("bank key is not an Ed25519 public key: " + bankKey.getAlgorithm());
    }
    return new PayPerUseVerifier(bankId, bankKey, spent);
  }

  /** A verifier of {@code bank}'s coins (its public half only is kept). */
  public static PayPerUseVerifier of(Bank bank, SpentCoins spent) {
    return of(bank.id(), bank.publicKey(), spent);
  }

  @Override
  public String mechanism() {
    return PayPerUseAuthenticator.MECHANISM;
  }

  /**
   * Checks and spends the client's coin.
   *
   * @throws AuthenticationException with one of: {@code "malformed coin message: ..."} (also for
   *     an oversized one or a malformed coin); {@code "coin <serial> is from bank <other>, not
   *     <bank>"}; {@code "coin <serial> is not signed by bank <bank>"} (forged, or tampered
   *     with); {@code "coin <serial> is not held by this client (its proof does not verify for
   *     this connection)"}; {@code "coin <serial> was already spent"}; {@code "coin <serial>
   *     could not be recorded as spent: ..."} (disk failure: the coin is not accepted)
   * @throws IOException if the connection fails
   */
  @Override
  public JukeboxPrincipal verify(Exchange exchange) throws IOException {
    byte[] message = exchange.receive();
    CoinPayment.Parsed payment;
    Coin coin;
    try {
      payment = CoinPayment.parse(message);
      coin = Coin.decode(payment.coin());
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed coin message: " + e.getMessage());
    }
    String serial = coin.serialHex();
    if (!coin.bankId().equals(bankId)) {
      throw new AuthenticationException("coin " + serial + " is from bank " + coin.bankId() + ", not " + bankId);
    }
    if (!coin.isSignedBy(bankKey)) {
      throw new AuthenticationException("coin " + serial + " is not signed by bank " + bankId);
    }
    if (!holds(coin, payment.proof(), exchange)) {
      throw new AuthenticationException("coin " + serial
          + " is not held by this client (its proof does not verify for this connection)");
    }
    boolean fresh;
    try {
      fresh = spent.markSpent(coin);
    } catch (IOException | IllegalStateException e) {
      throw new AuthenticationException("coin " + serial + " could not be recorded as spent: " + e.getMessage(), e);
    }
    if (!fresh) {
      throw new AuthenticationException("coin " + serial + " was already spent");
    }
    return new JukeboxPrincipal(coin.id(), JukeboxPrincipal.Kind.ANONYMOUS, PayPerUseAuthenticator.MECHANISM);
  }

  private static boolean holds(Coin coin, byte[] proof, Exchange exchange) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(coin.holderKey());
      s.update(CoinPayment.transcript(exchange.serverName(), exchange.channelBinding(), coin.encodedUnsafe()));
      return s.verify(proof);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "PayPerUseVerifier[" + bankId + ", " + spent + "]";
  }
}
