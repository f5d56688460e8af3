package org.jukebox.security.internal.hmac;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.jukebox.security.AuthenticationMechanism;
import org.jukebox.security.Authenticator;
import org.jukebox.security.ChallengeResponseAuthenticator;
import org.jukebox.security.ChallengeResponseKeys;
import org.jukebox.security.ChallengeResponseVerifier;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.Verifier;

/**
 * The {@code hmac} mechanism for {@link java.util.ServiceLoader}.
 *
 * <p>Client: offered when the configuration has the property {@value #USER} and either
 * {@value #KEY} (the shared key in base64) or {@value #KEY_FILE} (a file holding it in base64).
 * Server: accepted when the configuration has a {@link ChallengeResponseKeys} setting or the
 * property {@value #KEYS} naming a key file.
 */
public final class ChallengeResponseMechanism implements AuthenticationMechanism {
  /** The client's user name. */
  public static final String USER = "hmac.user";
  /** The client's shared key, base64. */
  public static final String KEY = "hmac.key";
  /** A file holding the client's shared key, base64 on its first line. */
  public static final String KEY_FILE = "hmac.key.file";
  /** The server's key file (see {@link ChallengeResponseKeys}). */
  public static final String KEYS = "hmac.keys";

  @Override
  public String name() {
    return ChallengeResponseAuthenticator.MECHANISM;
  }

  @Override
  public Optional<Authenticator> authenticator(SecurityConfig config) {
    Optional<String> user = config.property(USER);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    String encoded;
    if (config.property(KEY).isPresent()) {
      encoded = config.property(KEY).get();
    } else if (config.property(KEY_FILE).isPresent()) {
      Path file = Path.of(config.property(KEY_FILE).get());
      try {
        encoded = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + KEY_FILE + " " + file + ": " + e.getMessage(), e);
      }
    } else {
      throw new IllegalArgumentException(USER + " is set but neither " + KEY + " nor " + KEY_FILE + " is");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the HMAC key of " + user.get() + " is not base64: " + e.getMessage(), e);
    }
    return Optional.of(ChallengeResponseAuthenticator.of(user.get(), key));
  }

  @Override
  public Optional<Verifier> verifier(SecurityConfig config) {
    Optional<ChallengeResponseKeys> keys = config.setting(ChallengeResponseKeys.class);
    if (keys.isPresent()) {
      return Optional.of(ChallengeResponseVerifier.of(keys.get()));
    }
    Optional<String> file = config.property(KEYS);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChallengeResponseVerifier.of(ChallengeResponseKeys.load(Path.of(file.get()))));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot load " + KEYS + ": " + e.getMessage(), e);
    }
  }
}
