package org.jukebox.security.internal;

import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLContext;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.SecurityConfig;

/**
 * What a secure server needs per configuration, made once: the TLS context that presents its
 * certificate (TLS contexts are costly to make and cheap to share), its name and its verifiers.
 */
final class ServerSide {
  private static final Map<SecurityConfig, ServerSide> CACHE = new WeakHashMap<>();

  final SecurityConfig config;
  final SSLContext context;
  final JukeboxPrincipal identity;

  private ServerSide(SecurityConfig config) {
    this.config = config;
    this.identity = config.identity().orElseThrow(() -> new IllegalArgumentException(
        "a secure server needs an identity: SecurityConfig.Builder.identity(key, chain)"));
    if (config.verifiers().isEmpty()) {
      throw new IllegalArgumentException("a secure server needs at least one verifier (its configuration accepts no mechanism)");
    }
    this.context = Tls.server(config);
  }

  static ServerSide of(SecurityConfig config) {
    synchronized (CACHE) {
      return CACHE.computeIfAbsent(config, ServerSide::new);
    }
  }

  String describe() {
    return CertificateNames.describe(identity.kind(), identity.name());
  }
}
