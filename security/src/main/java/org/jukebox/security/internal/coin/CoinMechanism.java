package org.jukebox.security.internal.coin;

import java.security.PublicKey;
import java.util.Optional;
import org.jukebox.security.AuthenticationMechanism;
import org.jukebox.security.Authenticator;
import org.jukebox.security.Bank;
import org.jukebox.security.CoinWallet;
import org.jukebox.security.PayPerUseAuthenticator;
import org.jukebox.security.PayPerUseVerifier;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.SpentCoins;
import org.jukebox.security.Verifier;

/**
 * The {@code coin} (pay-per-use) mechanism for {@link java.util.ServiceLoader}.
 *
 * <p>Client: offered when the configuration has a {@link CoinWallet} setting. Server: accepted
 * when it has the properties {@value #BANK_ID} and {@value #BANK_KEY} (base64 X.509 Ed25519 key,
 * as {@link Bank#encodedPublicKey()} writes it) and a {@link SpentCoins} setting, which the
 * server opens and closes itself because it holds a locked file.
 */
public final class CoinMechanism implements AuthenticationMechanism {
  /** The id of the bank whose coins a server accepts. */
  public static final String BANK_ID = "coin.bank.id";
  /** That bank's public key, base64 of its X.509 encoding. */
  public static final String BANK_KEY = "coin.bank.key";

  @Override
  public String name() {
    return PayPerUseAuthenticator.MECHANISM;
  }

  @Override
  public Optional<Authenticator> authenticator(SecurityConfig config) {
    return config.setting(CoinWallet.class).map(PayPerUseAuthenticator::of);
  }

  /**
   * @throws IllegalArgumentException if the coin settings are incomplete: {@code "the coin
   *     verifier needs coin.bank.id, coin.bank.key and a SpentCoins setting; missing: ..."}, or
   *     the key is not a base64 Ed25519 public key
   */
  @Override
  public Optional<Verifier> verifier(SecurityConfig config) {
    Optional<String> id = config.property(BANK_ID);
    Optional<String> key = config.property(BANK_KEY);
    Optional<SpentCoins> spent = config.setting(SpentCoins.class);
    if (id.isEmpty() && key.isEmpty() && spent.isEmpty()) {
      return Optional.empty();
    }
    if (id.isEmpty() || key.isEmpty() || spent.isEmpty()) {
      StringBuilder missing = new StringBuilder();
      id.ifPresentOrElse(x -> { }, () -> missing.append(BANK_ID));
      key.ifPresentOrElse(x -> { }, () -> missing.append(missing.length() > 0 ? ", " : "").append(BANK_KEY));
      spent.ifPresentOrElse(x -> { }, () -> missing.append(missing.length() > 0 ? ", " : "").append("SpentCoins setting"));
      throw new IllegalArgumentException("the coin verifier needs " + BANK_ID + ", " + BANK_KEY
          + " and a SpentCoins setting; missing: " + missing);
    }
    PublicKey bankKey;
    try {
      bankKey = Bank.decodePublicKey(key.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(BANK_KEY + ": " + e.getMessage(), e);
    }
    return Optional.of(PayPerUseVerifier.of(id.get(), bankKey, spent.get()));
  }
}
