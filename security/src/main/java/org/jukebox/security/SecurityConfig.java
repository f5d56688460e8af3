package org.jukebox.security;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import org.jukebox.security.internal.CertificateNames;
import org.jukebox.security.internal.PkixCheck;

/**
 * Everything SecureRMI needs to know about one process: whom it trusts (CA certificates and a
 * revocation check), who it is (a private key and its certificate chain), and which
 * authentication mechanisms it offers as a client and accepts as a server.
 *
 * <p>A server passes it to {@link RemoteExporter#secure(SecurityConfig, int)}; a client installs it
 * once with {@link ClientSecurity#install(SecurityConfig)}. One configuration serves both roles
 * in a process that is both (a SoundSmith serves clients and calls the directory).
 *
 * <p>Mechanisms: {@link Builder#mechanisms(String...)} names them, in the client's order of
 * preference; each is found with {@link java.util.ServiceLoader} as an
 * {@link AuthenticationMechanism} and made from this configuration. Naming none means every
 * mechanism found, {@code anonymous} last. {@link Builder#authenticator} and
 * {@link Builder#verifier} add ready-made instances ahead of them.
 *
 * <p>Immutable and thread-safe; mechanisms are resolved when it is built.
 */
public final class SecurityConfig {
  /** The handshake deadline when none is set: TLS plus authentication must finish within it. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final List<X509Certificate> trustAnchors;
  private final Predicate<X509Certificate> revoked;
  private final CertificateCheck certificateCheck;
  private final boolean customCheck;
  private final PrivateKey privateKey;
  private final List<X509Certificate> chain;
  private final Map<String, String> properties;
  private final Map<Class<?>, Object> settings;
  private final Duration handshakeTimeout;
  private final Clock clock;
  private final JukeboxPrincipal identityName;
  private final List<Authenticator> authenticators;
  private final List<Verifier> verifiers;

  private SecurityConfig(Builder b) {
    trustAnchors = List.copyOf(b.trustAnchors);
    revoked = b.revoked;
    clock = b.clock;
    customCheck = b.certificateCheck != null;
    certificateCheck = b.certificateCheck != null ? b.certificateCheck
        : new PkixCheck(trustAnchors, revoked, clock);
    privateKey = b.privateKey;
    chain = b.chain == null ? List.of() : b.chain;
    properties = Map.copyOf(b.properties);
    settings = Map.copyOf(b.settings);
    handshakeTimeout = b.handshakeTimeout;
    identityName = chain.isEmpty() ? null : CertificateNames.of(chain.get(0)).orElseThrow(() ->
        new IllegalArgumentException("identity certificate " + chain.get(0).getSubjectX500Principal().getName()
            + " names no jukebox service or user (expected one subjectAltName URI jukebox:service:CLASS"
            + " or jukebox:user:NAME, equal to its CN)"));
    List<Authenticator> auths = new ArrayList<>(b.authenticators);
    List<Verifier> vers = new ArrayList<>(b.verifiers);
    resolveMechanisms(b, auths, vers);
    authenticators = List.copyOf(auths);
    verifiers = List.copyOf(vers);
  }

  private void resolveMechanisms(Builder b, List<Authenticator> auths, List<Verifier> vers) {
    Map<String, AuthenticationMechanism> found = discover(b.classLoader);
    List<String> names;
    if (b.mechanisms != null) {
      names = b.mechanisms;
    } else if (b.authenticators.isEmpty() && b.verifiers.isEmpty()) {
      names = new ArrayList<>(found.keySet());
      // Anonymous is the fallback, never the preference.
      if (names.remove(Authenticator.ANONYMOUS)) {
        names.add(Authenticator.ANONYMOUS);
      }
    } else {
      names = List.of();
    }
    for (String name : names) {
      AuthenticationMechanism m = found.get(name);
      if (m == null) {
        throw new IllegalArgumentException("unknown authentication mechanism \"" + name + "\" (found: "
            + String.join(", ", found.keySet()) + ")");
      }
      Optional<Authenticator> a = m.authenticator(this);
      Optional<Verifier> v = m.verifier(this);
      if (b.mechanisms != null && a.isEmpty() && v.isEmpty()) {
        throw new IllegalArgumentException("authentication mechanism \"" + name
            + "\" has no credentials or settings in this configuration");
      }
      a.filter(x -> auths.stream().noneMatch(y -> y.mechanism().equals(x.mechanism()))).ifPresent(auths::add);
      v.filter(x -> vers.stream().noneMatch(y -> y.mechanism().equals(x.mechanism()))).ifPresent(vers::add);
    }
    for (Authenticator a : auths) {
      CertificateNames.checkMechanismName(a.mechanism());
    }
    for (Verifier v : vers) {
      CertificateNames.checkMechanismName(v.mechanism());
    }
  }

  private static Map<String, AuthenticationMechanism> discover(ClassLoader loader) {
    Map<String, AuthenticationMechanism> found = new LinkedHashMap<>();
    for (AuthenticationMechanism m : ServiceLoader.load(AuthenticationMechanism.class, loader)) {
      found.putIfAbsent(m.name(), m);
    }
    return found;
  }

  /** Starts a configuration that trusts nothing and is nobody. */
  public static Builder builder() {
    return new Builder();
  }

  /** The CA certificates this process trusts; unmodifiable, may be empty. */
  public List<X509Certificate> trustAnchors() {
    return trustAnchors;
  }

  /** Whether {@code certificate} has been revoked, by the configured revocation check. */
  public boolean isRevoked(X509Certificate certificate) {
    return revoked.test(certificate);
  }

  /** The check applied to every peer certificate; never null. */
  public CertificateCheck certificateCheck() {
    return certificateCheck;
  }

  /**
   * Whether this configuration can check certificates at all: it has trust anchors or a
   * {@linkplain Builder#certificateCheck custom check}.
   */
  public boolean checksCertificates() {
    return !trustAnchors.isEmpty() || customCheck;
  }

  /** This process's private key, if it has an identity. */
  public Optional<PrivateKey> privateKey() {
    return Optional.ofNullable(privateKey);
  }

  /** This process's certificate chain, leaf first; empty if it has no identity. */
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  /**
   * Who this process is, as its certificate names it (kind {@code SERVICE} or {@code USER},
   * mechanism {@code "certificate"}), if it has an identity.
   */
  public Optional<JukeboxPrincipal> identity() {
    return Optional.ofNullable(identityName);
  }

  /** A string setting for mechanisms ({@code "otp.secret"}), if set. */
  public Optional<String> property(String key) {
    return Optional.ofNullable(properties.get(Objects.requireNonNull(key, "key")));
  }

  /** A typed setting for mechanisms (a coin wallet, a shared-key table), if set. */
  public <T> Optional<T> setting(Class<T> type) {
    return Optional.ofNullable(settings.get(Objects.requireNonNull(type, "type"))).map(type::cast);
  }

  /** The authenticators a client offers, in order of preference; unmodifiable. */
  public List<Authenticator> authenticators() {
    return authenticators;
  }

  /** The verifiers a server accepts; unmodifiable. */
  public List<Verifier> verifiers() {
    return verifiers;
  }

  /** The deadline for TLS plus authentication on one connection. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** The clock certificate validity and mechanisms are judged by. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "SecurityConfig[identity=" + (identityName == null ? "none" : identityName.name())
        + ", anchors=" + trustAnchors.size()
        + ", offers=" + authenticators.stream().map(Authenticator::mechanism).toList()
        + ", accepts=" + verifiers.stream().map(Verifier::mechanism).toList() + "]";
  }

  /** Builds a {@link SecurityConfig}; not thread-safe. */
  public static final class Builder {
    private final List<X509Certificate> trustAnchors = new ArrayList<>();
    private Predicate<X509Certificate> revoked = c -> false;
    private CertificateCheck certificateCheck;
    private PrivateKey privateKey;
    private List<X509Certificate> chain;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<Class<?>, Object> settings = new LinkedHashMap<>();
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private List<String> mechanisms;
    private final List<Authenticator> authenticators = new ArrayList<>();
    private final List<Verifier> verifiers = new ArrayList<>();
    private ClassLoader classLoader = SecurityConfig.class.getClassLoader();

    Builder() {}

    /** Adds CA certificates to trust (the jukebox CA). */
    public Builder trustAnchors(Collection<X509Certificate> anchors) {
      for (X509Certificate a : anchors) {
        trustAnchors.add(Objects.requireNonNull(a, "trust anchor"));
      }
      return this;
    }

    /** Adds CA certificates to trust. */
    public Builder trustAnchors(X509Certificate... anchors) {
      return trustAnchors(List.of(anchors));
    }

    /**
     * The revocation check of the built-in certificate check: true means revoked. Defaults to
     * "nothing is revoked". A CRL plugs in as {@code crl::isRevoked}.
     */
    public Builder revocation(Predicate<X509Certificate> isRevoked) {
      this.revoked = Objects.requireNonNull(isRevoked, "isRevoked");
      return this;
    }

    /**
     * Replaces the built-in certificate check (trust anchors, validity, revocation, naming) by
     * {@code check}, e.g. a keystore-backed validator.
     */
    public Builder certificateCheck(CertificateCheck check) {
      this.certificateCheck = Objects.requireNonNull(check, "check");
      return this;
    }

    /**
     * Who this process is: its private key and certificate chain (leaf first). The leaf must name
     * a jukebox service or user (see {@link CertificateCheck}); a server presents it in TLS and
     * the signature mechanism signs with it.
     *
     * @throws IllegalArgumentException if the chain is empty
     */
    public Builder identity(PrivateKey key, List<X509Certificate> chain) {
      Objects.requireNonNull(key, "key");
      List<X509Certificate> copy = List.copyOf(chain);
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("certificate chain is empty");
      }
      this.privateKey = key;
      this.chain = copy;
      return this;
    }

    /**
     * The mechanisms to use, by name, in the client's order of preference (for example
     * {@code "signature", "anonymous"}); each must be found by {@link java.util.ServiceLoader}.
     * A server accepts those it can verify; a client offers those it has credentials for.
     */
    public Builder mechanisms(String... names) {
      List<String> list = new ArrayList<>();
      for (String n : names) {
        CertificateNames.checkMechanismName(Objects.requireNonNull(n, "mechanism name"));
        if (!list.contains(n)) {
          list.add(n);
        }
      }
      this.mechanisms = list;
      return this;
    }

    /** Offers {@code authenticator} as a client, ahead of named mechanisms. */
    public Builder authenticator(Authenticator authenticator) {
      authenticators.add(Objects.requireNonNull(authenticator, "authenticator"));
      return this;
    }

    /** Accepts {@code verifier} as a server, ahead of named mechanisms. */
    public Builder verifier(Verifier verifier) {
      verifiers.add(Objects.requireNonNull(verifier, "verifier"));
      return this;
    }

    /** A string setting for mechanisms, e.g. read from a properties file. */
    public Builder property(String key, String value) {
      properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** A typed setting for mechanisms, found by {@link SecurityConfig#setting(Class)}. */
    public <T> Builder setting(Class<T> type, T value) {
      settings.put(Objects.requireNonNull(type, "type"), type.cast(Objects.requireNonNull(value, "value")));
      return this;
    }

    /**
     * The deadline for TLS plus authentication on one connection; a peer that has not finished
     * by then is disconnected.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder handshakeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("handshake timeout is not positive: " + timeout);
      }
      this.handshakeTimeout = timeout;
      return this;
    }

    /** The clock certificates are judged by (tests move it). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where {@link java.util.ServiceLoader} looks for mechanisms; defaults to SecureRMI's loader. */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * Builds the configuration, making every mechanism's authenticator and verifier.
     *
     * @throws IllegalArgumentException if a named mechanism is not found or has nothing to work
     *     with, or the identity certificate names no jukebox service or user
     */
    public SecurityConfig build() {
      return new SecurityConfig(this);
    }
  }
}
