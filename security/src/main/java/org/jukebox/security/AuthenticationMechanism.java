package org.jukebox.security;

import java.util.Optional;

/**
 * A named way of authenticating, found with {@link java.util.ServiceLoader}: the factory that
 * makes a mechanism's {@link Authenticator} (client side) and {@link Verifier} (server side) out
 * of a process's {@link SecurityConfig}.
 *
 * <p>To add a mechanism without touching SecureRMI, a jar provides an implementation with a
 * public no-argument constructor and lists it in
 * {@code META-INF/services/org.jukebox.security.AuthenticationMechanism}; a
 * {@link SecurityConfig} that names it (or names no mechanism at all, which means every one
 * found) then offers and accepts it. docs/SECURITY.md walks through a complete example.
 *
 * <p>Implementations are stateless or thread-safe; SecureRMI calls them while building a
 * configuration, not per connection.
 */
public interface AuthenticationMechanism {
  /**
   * The mechanism's name, equal to the {@link Authenticator#mechanism()} and
   * {@link Verifier#mechanism()} it makes: 1 to 32 characters of {@code a-z 0-9 - .}.
   */
  String name();

  /**
   * The client side for a process configured by {@code config}, or empty if the configuration
   * holds no credentials for this mechanism (then the client does not offer it).
   *
   * @param config where credentials come from: {@link SecurityConfig#identity()},
   *     {@link SecurityConfig#property(String)}, {@link SecurityConfig#setting(Class)}; not null
   * @throws IllegalArgumentException if the configuration holds credentials for this mechanism
   *     that cannot be used (a malformed key); the message says which and why
   */
  Optional<Authenticator> authenticator(SecurityConfig config);

  /**
   * The server side for a process configured by {@code config}, or empty if the configuration
   * does not say how to verify this mechanism (then the server does not accept it).
   *
   * @param config where trust and settings come from; not null
   * @throws IllegalArgumentException if the configuration's settings for this mechanism cannot be
   *     used; the message says which and why
   */
  Optional<Verifier> verifier(SecurityConfig config);
}
