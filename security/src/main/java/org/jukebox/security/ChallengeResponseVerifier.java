package org.jukebox.security;

import java.io.IOException;
import java.util.Objects;
import org.jukebox.security.internal.hmac.Scram;

/**
 * The server side of the {@code hmac} mechanism: accepts a client that proves it knows the key
 * {@link ChallengeResponseKeys} holds for its user, over this connection's channel binding and
 * this server's name, and proves to the client that this server knows that key too (see
 * {@link ChallengeResponseAuthenticator}). The principal is
 * {@code JukeboxPrincipal.user(user, "hmac")}.
 *
 * <p>Every exchange uses a fresh random server nonce, so a client-final message recorded on
 * one exchange answers no other. An unknown user is refused by name at once (unlike SCRAM's
 * fake salt): clear errors were preferred over hiding which users exist from a client that
 * reached the real server over TLS. Immutable and thread-safe.
 */
public final class ChallengeResponseVerifier extends Verifier {
  private final ChallengeResponseKeys keys;

  private ChallengeResponseVerifier(ChallengeResponseKeys keys) {
    this.keys = keys;
  }

  /** A verifier for the users in {@code keys}. */
  public static ChallengeResponseVerifier of(ChallengeResponseKeys keys) {
    return new ChallengeResponseVerifier(Objects.requireNonNull(keys, "keys"));
  }

  @Override
  public String mechanism() {
    return ChallengeResponseAuthenticator.MECHANISM;
  }

  /**
   * Runs the server's part of the exchange.
   *
   * @throws AuthenticationException with one of: {@code "malformed HMAC client-first message:
   *     ..."} (also for an oversized one), {@code "unknown HMAC user mallory"}, {@code "malformed
   *     HMAC client-final message: ..."}, {@code "HMAC exchange for alice is bound to another
   *     connection (replayed or relayed)"}, {@code "HMAC exchange for alice answers another
   *     challenge (replayed)"}, {@code "HMAC proof for alice does not verify"} (wrong key),
   *     {@code "malformed HMAC client-ack message: ..."}, or the client's own refusal
   *     ({@code "client gave up: server signature does not verify"})
   * @throws IOException if the connection fails
   */
  @Override
  public JukeboxPrincipal verify(Exchange exchange) throws IOException {
    byte[] clientFirst = exchange.receive();
    Scram.ClientFirst cf;
    try {
      cf = Scram.parseClientFirst(clientFirst);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed HMAC client-first message: " + e.getMessage());
    }
    String user = cf.user();
    ChallengeResponseKeys.Entry entry = keys.entry(user).orElseThrow(() ->
        new AuthenticationException("unknown HMAC user " + user));

    byte[] serverNonce = Scram.random(Scram.SIZE);
    byte[] serverFirst = Scram.serverFirst(serverNonce, entry.salt(), entry.iterations());
    exchange.send(serverFirst);

    Scram.ClientFinal fin;
    try {
      fin = Scram.parseClientFinal(exchange.receive());
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed HMAC client-final message: " + e.getMessage());
    }
    byte[] binding = exchange.channelBinding();
    if (!Scram.same(fin.binding(), binding)) {
      throw new AuthenticationException("HMAC exchange for " + user
          + " is bound to another connection (replayed or relayed)");
    }
    if (!Scram.same(fin.serverNonce(), serverNonce)) {
      throw new AuthenticationException("HMAC exchange for " + user + " answers another challenge (replayed)");
    }
    byte[] withoutProof = Scram.clientFinalWithoutProof(binding, serverNonce);
    byte[] authMessage = Scram.authMessage(exchange.serverName(), clientFirst, serverFirst, withoutProof);
    byte[] clientKey = Scram.xor(fin.proof(), Scram.hmac(entry.storedKey(), authMessage));
    if (!Scram.same(Scram.storedKey(clientKey), entry.storedKey())) {
      throw new AuthenticationException("HMAC proof for " + user + " does not verify");
    }
    exchange.send(Scram.serverFinal(Scram.hmac(entry.serverKey(), authMessage)));
    try {
      Scram.parseClientAck(exchange.receive());
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed HMAC client-ack message: " + e.getMessage());
    }
    return JukeboxPrincipal.user(user, ChallengeResponseAuthenticator.MECHANISM);
  }

  @Override
  public String toString() {
    return "ChallengeResponseVerifier" + keys.users();
  }
}
