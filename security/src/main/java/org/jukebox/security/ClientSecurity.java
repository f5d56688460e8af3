package org.jukebox.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.rmi.Remote;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials a process uses when it calls secure services: installed once, at start-up,
 * and found by every {@link SecureClientSocketFactory} that arrives inside a stub.
 *
 * <p>A process that acts for several users (the HTML proxy) binds a stub to one user's
 * configuration with {@link #as}; each such stub uses its own connections.
 *
 * <p>Thread-safe.
 */
public final class ClientSecurity {
  private static volatile SecurityConfig installed;
  private static final Map<String, SecurityConfig> BOUND = new ConcurrentHashMap<>();
  private static final Map<SecurityConfig, String> IDS = new IdentityHashMap<>();

  private ClientSecurity() {}

  /**
   * Makes {@code config} the credentials of this process's calls to secure services: its
   * certificate check decides which servers are trusted, its authenticators are offered in
   * order. Replaces an earlier installation; connections already open keep theirs.
   *
   * @throws NullPointerException if {@code config} is null
   */
  public static void install(SecurityConfig config) {
    installed = Objects.requireNonNull(config, "config");
  }

  /** Removes the installed credentials: new connections to secure services fail until the next install. */
  public static void uninstall() {
    installed = null;
  }

  /** The installed credentials, if any. */
  public static Optional<SecurityConfig> installed() {
    return Optional.ofNullable(installed);
  }

  /**
   * A copy of {@code stub} that calls with {@code config}'s credentials instead of the installed
   * ones. Its connections are its own: RMI pools connections per socket factory, and this stub's
   * factory differs from the original's.
   *
   * @throws IllegalArgumentException if {@code stub} is not a stub of a secure export
   */
  @SuppressWarnings("unchecked")
  public static <T extends Remote> T as(SecurityConfig config, T stub) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(stub, "stub");
    String id;
    synchronized (IDS) {
      id = IDS.computeIfAbsent(config, c -> "identity-" + (IDS.size() + 1));
    }
    BOUND.put(id, config);
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(stub);
      }
      Rebinder in = new Rebinder(new ByteArrayInputStream(bytes.toByteArray()), id);
      Object copy = in.readObject();
      if (in.rebound == 0) {
        throw new IllegalArgumentException("not a stub of a secure export: " + stub);
      }
      return (T) copy;
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("not a stub of a secure export: " + stub + " (" + e + ")", e);
    }
  }

  static SecurityConfig configFor(String identity, SecureClientSocketFactory factory) throws IOException {
    SecurityConfig c = identity == null ? installed : BOUND.get(identity);
    if (c == null) {
      throw new IOException("no client security is installed in this process: call"
          + " ClientSecurity.install(config) before calling " + factory.expectedKind().name().toLowerCase(java.util.Locale.ROOT)
          + " " + factory.expectedName());
    }
    return c;
  }

  /** Reads a stub back with its secure socket factory bound to one identity. */
  private static final class Rebinder extends ObjectInputStream {
    private final String id;
    int rebound;

    Rebinder(InputStream in, String id) throws IOException {
      super(in);
      this.id = id;
      enableResolveObject(true);
    }

    @Override
    protected Object resolveObject(Object obj) {
      if (obj instanceof SecureClientSocketFactory f) {
        rebound++;
        return f.withIdentity(id);
      }
      return obj;
    }
  }
}
