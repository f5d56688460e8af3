package org.jukebox.security.internal;

import java.util.Optional;
import org.jukebox.security.AuthenticationMechanism;
import org.jukebox.security.Authenticator;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.SignatureAuthenticator;
import org.jukebox.security.SignatureVerifier;
import org.jukebox.security.Verifier;

/**
 * The {@code signature} mechanism for {@link java.util.ServiceLoader}: a client with an identity
 * (key and certificate) offers it; a server that can check certificates accepts it.
 */
public final class SignatureMechanism implements AuthenticationMechanism {
  @Override
  public String name() {
    return SignatureAuthenticator.MECHANISM;
  }

  @Override
  public Optional<Authenticator> authenticator(SecurityConfig config) {
    if (config.privateKey().isEmpty() || config.certificateChain().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(SignatureAuthenticator.of(config.privateKey().get(), config.certificateChain()));
  }

  @Override
  public Optional<Verifier> verifier(SecurityConfig config) {
    return config.checksCertificates() ? Optional.of(SignatureVerifier.of(config.certificateCheck())) : Optional.empty();
  }
}
