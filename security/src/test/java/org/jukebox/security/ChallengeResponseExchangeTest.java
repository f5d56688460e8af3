package org.jukebox.security;

import static org.jukebox.security.CoinAndHmacExchanges.SERVER;
import static org.jukebox.security.CoinAndHmacExchanges.binding;
import static org.jukebox.security.CoinAndHmacExchanges.refusedBy;
import static org.jukebox.security.CoinAndHmacExchanges.run;
import static org.jukebox.security.CoinAndHmacExchanges.scripted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jukebox.security.CoinAndHmacExchanges.Outcome;
import org.jukebox.security.internal.hmac.Scram;
import org.junit.jupiter.api.Test;

/** The hmac mechanism through an in-memory exchange pair: acceptance, refusals, replay. */
class ChallengeResponseExchangeTest {
  private static final byte[] ALICE_KEY = ChallengeResponseAuthenticator.newKey();
  private static final ChallengeResponseKeys KEYS = ChallengeResponseKeys.builder()
      .add("alice", ALICE_KEY).add("bob@example.org", ChallengeResponseAuthenticator.newKey()).build();
  private static final ChallengeResponseVerifier VERIFIER = ChallengeResponseVerifier.of(KEYS);
  private static final ChallengeResponseAuthenticator ALICE = ChallengeResponseAuthenticator.of("alice", ALICE_KEY);

  @Test
  void userWithTheSharedKeyIsAcceptedAsAnHmacUser() throws Exception {
    Outcome o = run(ALICE, VERIFIER);
    assertEquals(JukeboxPrincipal.user("alice", "hmac"), o.accepted());
    assertEquals(JukeboxPrincipal.user("alice", "hmac"), o.clientSaw());
    assertEquals(List.of(Scram.CLIENT_FIRST, Scram.CLIENT_FINAL, Scram.CLIENT_ACK),
        o.clientMessages().stream().map(m -> (int) m[0]).toList());
    assertEquals(List.of(Scram.SERVER_FIRST, Scram.SERVER_FINAL),
        o.serverMessages().stream().map(m -> (int) m[0]).toList());
  }

  @Test
  void oneAuthenticatorServesManyConnections() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals("alice", run(ALICE, VERIFIER).accepted().name());
    }
  }

  @Test
  void keyAndWhatItDerivesNeverCrossTheWire() throws Exception {
    Outcome o = run(ALICE, VERIFIER);
    byte[] salt = Arrays.copyOfRange(o.serverMessages().get(0), 1 + 32 + 1, 1 + 32 + 1 + 16);
    byte[] salted = Scram.hi(ALICE_KEY, salt, ChallengeResponseKeys.DEFAULT_ITERATIONS);
    byte[] clientKey = Scram.clientKey(salted);
    List<byte[]> secrets = List.of(ALICE_KEY, salted, clientKey, Scram.storedKey(clientKey), Scram.serverKey(salted));
    for (byte[] m : concat(o.clientMessages(), o.serverMessages())) {
      for (byte[] secret : secrets) {
        assertFalse(contains(m, Arrays.copyOf(secret, 16)), "a secret crossed the wire");
      }
    }
  }

  @Test
  void wrongKeyIsRefusedWithTheUsersName() throws Exception {
    Outcome o = run(ChallengeResponseAuthenticator.of("alice", ChallengeResponseAuthenticator.newKey()), VERIFIER);
    assertEquals("HMAC proof for alice does not verify", o.serverError().getMessage());
    assertInstanceOf(AuthenticationException.class, o.clientError());
    assertEquals(refusedBy("HMAC proof for alice does not verify"), o.clientError().getMessage());
    assertNull(o.principal());
  }

  @Test
  void unknownUserIsRefused() throws Exception {
    Outcome o = run(ChallengeResponseAuthenticator.of("mallory", ALICE_KEY), VERIFIER);
    assertEquals("unknown HMAC user mallory", o.serverError().getMessage());
    assertEquals(refusedBy("unknown HMAC user mallory"), o.clientError().getMessage());
  }

  @Test
  void serverThatDoesNotKnowTheKeyIsRefusedByTheClient() throws Exception {
    Outcome o = run(ALICE, new Impostor(Scram.MIN_ITERATIONS));
    assertEquals("server signature does not verify", o.clientError().getMessage());
    assertInstanceOf(AuthenticationException.class, o.clientError());
    assertEquals("client gave up: server signature does not verify", o.serverError().getMessage());
  }

  @Test
  void exchangeRelayedToAnotherConnectionIsRefused() throws Exception {
    Outcome o = run(ALICE, binding(), SERVER, VERIFIER, binding(), SERVER);
    assertEquals("HMAC exchange for alice is bound to another connection (replayed or relayed)",
        o.serverError().getMessage());
    assertEquals(refusedBy("HMAC exchange for alice is bound to another connection (replayed or relayed)"),
        o.clientError().getMessage());
  }

  @Test
  void capturedExchangeReplayedOnAnotherConnectionIsRefused() throws Exception {
    Outcome captured = run(ALICE, VERIFIER);
    captured.accepted();
    Outcome o = run(scripted("hmac", captured.clientMessages().get(0), captured.clientMessages().get(1)), VERIFIER);
    assertEquals("HMAC exchange for alice is bound to another connection (replayed or relayed)",
        o.serverError().getMessage());
  }

  @Test
  void capturedProofDoesNotAnswerAFreshChallengeEvenOnTheSameBinding() throws Exception {
    byte[] b = binding();
    Outcome captured = run(ALICE, b, SERVER, VERIFIER, b, SERVER);
    captured.accepted();
    Outcome o = run(scripted("hmac", captured.clientMessages().get(0), captured.clientMessages().get(1)),
        b, SERVER, VERIFIER, b, SERVER);
    assertEquals("HMAC exchange for alice answers another challenge (replayed)", o.serverError().getMessage());
  }

  @Test
  void proofMadeForAnotherServiceIsRefused() throws Exception {
    byte[] b = binding();
    Outcome o = run(ALICE, b, "org.jukebox.other.Service", VERIFIER, b, SERVER);
    assertEquals("HMAC proof for alice does not verify", o.serverError().getMessage());
  }

  @Test
  void oversizedFirstMessageIsRefused() throws Exception {
    byte[] big = new byte[1000];
    big[0] = Scram.CLIENT_FIRST;
    Outcome o = run(scripted("hmac", big), VERIFIER);
    assertEquals("malformed HMAC client-first message: 1000 bytes, more than 289", o.serverError().getMessage());
  }

  @Test
  void truncatedFirstMessageIsRefused() throws Exception {
    Outcome o = run(scripted("hmac", new byte[] {Scram.CLIENT_FIRST, 5, 'a'}), VERIFIER);
    assertEquals("malformed HMAC client-first message: 3 bytes, expected 39 for a 5-byte user name and a 32-byte nonce",
        o.serverError().getMessage());
  }

  @Test
  void firstMessageOfTheWrongTypeIsRefused() throws Exception {
    Outcome o = run(scripted("hmac", new byte[] {Scram.CLIENT_FINAL}), VERIFIER);
    assertEquals("malformed HMAC client-first message: type 3, expected 1", o.serverError().getMessage());
  }

  @Test
  void userNameWithAControlCharacterIsRefused() throws Exception {
    byte[] first = Scram.clientFirst("al\nce", new byte[32]);
    Outcome o = run(scripted("hmac", first), VERIFIER);
    assertEquals("malformed HMAC client-first message: HMAC user name contains whitespace or a control character: \"al?ce\"",
        o.serverError().getMessage());
  }

  @Test
  void truncatedFinalMessageIsRefused() throws Exception {
    Outcome o = run(scripted("hmac", Scram.clientFirst("alice", new byte[32]), new byte[] {Scram.CLIENT_FINAL, 1, 2}),
        VERIFIER);
    assertEquals("malformed HMAC client-final message: 3 bytes, expected 97", o.serverError().getMessage());
  }

  @Test
  void clientRefusesAServerAskingForTooFewIterations() throws Exception {
    Outcome o = run(ALICE, new Impostor(10));
    assertEquals("server asks for 10 HMAC iterations, outside 4096..1000000", o.clientError().getMessage());
    assertEquals("client gave up: server asks for 10 HMAC iterations, outside 4096..1000000",
        o.serverError().getMessage());
  }

  @Test
  void clientRefusesAMalformedServerFirstMessage() throws Exception {
    Verifier garbage = new Verifier() {
      @Override
      public String mechanism() {
        return "hmac";
      }

      @Override
      public JukeboxPrincipal verify(Exchange exchange) throws IOException {
        exchange.receive();
        exchange.send("hello".getBytes(StandardCharsets.US_ASCII));
        exchange.receive();
        return JukeboxPrincipal.ANONYMOUS;
      }
    };
    Outcome o = run(ALICE, garbage);
    assertEquals("malformed HMAC server-first message: type 104, expected 2", o.clientError().getMessage());
  }

  @Test
  void localMisuseIsRefusedWithExactMessages() {
    assertEquals("HMAC user name is blank", assertThrows(IllegalArgumentException.class,
        () -> ChallengeResponseAuthenticator.of("", ALICE_KEY)).getMessage());
    assertEquals("HMAC user name contains whitespace or a control character: \"al ice\"",
        assertThrows(IllegalArgumentException.class, () -> ChallengeResponseAuthenticator.of("al ice", ALICE_KEY))
            .getMessage());
    assertEquals("HMAC key is shorter than 16 bytes: 3", assertThrows(IllegalArgumentException.class,
        () -> ChallengeResponseAuthenticator.of("alice", new byte[3])).getMessage());
    assertEquals("HMAC key is longer than 1024 bytes: 2000", assertThrows(IllegalArgumentException.class,
        () -> ChallengeResponseKeys.builder().add("alice", new byte[2000])).getMessage());
  }

  /**
   * A server that speaks the protocol but has a different key for alice and skips the proof
   * check: what a server impersonating the real one (without the key) can do at best.
   */
  private static final class Impostor extends Verifier {
    private final int iterations;

    Impostor(int iterations) {
      this.iterations = iterations;
    }

    @Override
    public String mechanism() {
      return "hmac";
    }

    @Override
    public JukeboxPrincipal verify(Exchange exchange) throws IOException {
      byte[] clientFirst = exchange.receive();
      byte[] serverNonce = Scram.random(32);
      byte[] salt = Scram.random(16);
      byte[] serverFirst = Scram.serverFirst(serverNonce, salt, iterations);
      exchange.send(serverFirst);
      exchange.receive();
      byte[] guessedServerKey = Scram.serverKey(Scram.hi(ChallengeResponseAuthenticator.newKey(), salt, iterations));
      byte[] authMessage = Scram.authMessage(exchange.serverName(), clientFirst, serverFirst,
          Scram.clientFinalWithoutProof(exchange.channelBinding(), serverNonce));
      exchange.send(Scram.serverFinal(Scram.hmac(guessedServerKey, authMessage)));
      exchange.receive();
      return JukeboxPrincipal.user("alice", "hmac");
    }
  }

  private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
    List<byte[]> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
