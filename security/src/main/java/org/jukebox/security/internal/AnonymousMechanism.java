package org.jukebox.security.internal;

import java.util.Optional;
import org.jukebox.security.AuthenticationMechanism;
import org.jukebox.security.Authenticator;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.Verifier;

/**
 * The anonymous mechanism: every client can offer it, every server that names it (or names no
 * mechanism at all) accepts it, and the caller is {@code JukeboxPrincipal.ANONYMOUS}. For
 * services that need no identity, such as the directory's catalog reads.
 */
public final class AnonymousMechanism implements AuthenticationMechanism {
  @Override
  public String name() {
    return Authenticator.ANONYMOUS;
  }

  @Override
  public Optional<Authenticator> authenticator(SecurityConfig config) {
    return Optional.of(Authenticator.NONE);
  }

  @Override
  public Optional<Verifier> verifier(SecurityConfig config) {
    return Optional.of(Verifier.NONE);
  }
}
