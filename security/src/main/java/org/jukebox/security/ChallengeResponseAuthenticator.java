package org.jukebox.security;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.jukebox.security.internal.hmac.Scram;

/**
 * The client side of the {@code hmac} mechanism: proves that the client knows the symmetric key
 * it shares with the server, and checks that the server knows it too, without the key crossing
 * the wire. The exchange follows SCRAM-SHA-256 (RFC 5802/7677): client nonce, then the server's
 * nonce, salt and iteration count, then the client's proof, then the server's signature, each
 * computed over an AuthMessage that includes this connection's channel binding and the server's
 * name, so a captured exchange is useless on any other connection or to any other service.
 *
 * <p>Wire messages and arithmetic: see {@code org.jukebox.security.internal.hmac.Scram}. The server's counterpart is
 * {@link ChallengeResponseVerifier}; the principal it establishes is
 * {@code JukeboxPrincipal.user(user, "hmac")}.
 *
 * <p>Immutable and thread-safe. The derived keys for the server's salt are cached, so the
 * iterated derivation costs once, not once per connection.
 */
public final class ChallengeResponseAuthenticator extends Authenticator {
  /** The mechanism's name. */
  public static final String MECHANISM = "hmac";

  /** Derived keys for one (salt, iterations): what Hi() yields, kept to skip the iterations. */
  private record Derived(byte[] salt, int iterations, byte[] clientKey, byte[] serverKey) {}

  private final String user;
  private final byte[] key;
  private volatile Derived cache;

  private ChallengeResponseAuthenticator(String user, byte[] key) {
    this.user = user;
    this.key = key;
  }

  /**
   * An authenticator for {@code user} holding the shared {@code key} (copied).
   *
   * @throws IllegalArgumentException if the user name is blank, longer than 255 bytes of UTF-8 or
   *     contains whitespace ({@code "HMAC user name is blank"}), or the key is shorter than 16 or
   *     longer than 1024 bytes ({@code "HMAC key is shorter than 16 bytes: 3"})
   */
  public static ChallengeResponseAuthenticator of(String user, byte[] key) {
    Scram.checkUser(Objects.requireNonNull(user, "user"));
    return new ChallengeResponseAuthenticator(user, ChallengeResponseKeys.checkKey(key).clone());
  }

  /** A fresh random 32-byte key, for registering a new user on both sides. */
  public static byte[] newKey() {
    return Scram.random(32);
  }

  /** The user this authenticator speaks for. */
  public String user() {
    return user;
  }

  @Override
  public String mechanism() {
    return MECHANISM;
  }

  /**
   * Runs the client's part of the exchange.
   *
   * @throws AuthenticationException when the client refuses the server (and tells it so):
   *     {@code "malformed HMAC server-first message: ..."}, {@code "server asks for 10 HMAC
   *     iterations, outside 4096..1000000"}, {@code "malformed HMAC server-final message: ..."},
   *     {@code "server signature does not verify"} (the server does not know the key: it is not
   *     the server the key was shared with); or when the server refuses the client
   *     ({@code "authentication refused by ...: HMAC proof for alice does not verify"})
   * @throws IOException if the connection fails
   */
  @Override
  public void authenticate(Exchange exchange) throws IOException {
    byte[] binding = exchange.channelBinding();
    byte[] clientFirst = Scram.clientFirst(user, Scram.random(Scram.SIZE));
    exchange.send(clientFirst);

    byte[] serverFirst = exchange.receive();
    Scram.ServerFirst sf;
    try {
      sf = Scram.parseServerFirst(serverFirst);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed HMAC server-first message: " + e.getMessage());
    }
    if (sf.iterations() < Scram.MIN_ITERATIONS || sf.iterations() > Scram.MAX_ITERATIONS) {
      throw new AuthenticationException("server asks for " + Integer.toUnsignedString(sf.iterations())
          + " HMAC iterations, outside " + Scram.MIN_ITERATIONS + ".." + Scram.MAX_ITERATIONS);
    }
    Derived d = derive(sf.salt(), sf.iterations());
    byte[] withoutProof = Scram.clientFinalWithoutProof(binding, sf.nonce());
    byte[] authMessage = Scram.authMessage(exchange.serverName(), clientFirst, serverFirst, withoutProof);
    byte[] clientSignature = Scram.hmac(Scram.storedKey(d.clientKey()), authMessage);
    exchange.send(Scram.clientFinal(withoutProof, Scram.xor(d.clientKey(), clientSignature)));

    byte[] serverSignature;
    try {
      serverSignature = Scram.parseServerFinal(exchange.receive());
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed HMAC server-final message: " + e.getMessage());
    }
    if (!Scram.same(serverSignature, Scram.hmac(d.serverKey(), authMessage))) {
      throw new AuthenticationException("server signature does not verify");
    }
    exchange.send(Scram.clientAck());
  }

  private Derived derive(byte[] salt, int iterations) {
    Derived d = cache;
    if (d != null && d.iterations() == iterations && Arrays.equals(d.salt(), salt)) {
      return d;
    }
    byte[] salted = Scram.hi(key, salt, iterations);
    d = new Derived(salt.clone(), iterations, Scram.clientKey(salted), Scram.serverKey(salted));
    cache = d;
    return d;
  }

  @Override
  public String toString() {
    return "ChallengeResponseAuthenticator[" + user + "]";
  }
}
