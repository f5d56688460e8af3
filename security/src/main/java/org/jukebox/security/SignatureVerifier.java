package org.jukebox.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import org.jukebox.security.internal.CertificateNames;
import org.jukebox.security.internal.SignatureProof;

/**
 * The server side of the {@code signature} mechanism: accepts a client whose certificate passes
 * the {@link CertificateCheck} (issued by the jukebox CA, valid, not revoked, naming a user or a
 * service) and whose signature over this connection's channel binding verifies with that
 * certificate's key. The principal is the user or service the certificate names, with mechanism
 * {@code "signature"}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignatureVerifier extends Verifier {
  private final CertificateCheck check;

  private SignatureVerifier(CertificateCheck check) {
    this.check = check;
  }

  /** A verifier that trusts the certificates {@code check} accepts. */
  public static SignatureVerifier of(CertificateCheck check) {
    return new SignatureVerifier(Objects.requireNonNull(check, "check"));
  }

  @Override
  public String mechanism() {
    return SignatureAuthenticator.MECHANISM;
  }

  /**
   * @throws AuthenticationException with one of: {@code malformed signature message: ...}; the
   *     certificate check's refusal ({@code certificate for alice expired on ...}); {@code
   *     signature of user alice does not verify for this connection (forged, or replayed from
   *     another connection)}
   */
  @Override
  public JukeboxPrincipal verify(Exchange exchange) throws IOException {
    byte[] message = exchange.receive();
    SignatureProof.Parsed proof;
    try {
      proof = SignatureProof.parse(message);
    } catch (IOException | CertificateException e) {
      throw new AuthenticationException("malformed signature message: " + e.getMessage(), e);
    }
    X509Certificate leaf = proof.chain().get(0);
    Optional<JukeboxPrincipal> named = CertificateNames.of(leaf);
    if (named.isEmpty()) {
      throw new AuthenticationException("certificate for " + CertificateNames.displayName(leaf)
          + " names no jukebox service or user");
    }
    JukeboxPrincipal.Kind kind = named.get().kind();
    String name;
    try {
      name = check.check(proof.chain(), kind, null);
    } catch (CertificateException e) {
      throw new AuthenticationException(e.getMessage(), e);
    }
    boolean valid;
    try {
      Signature s = Signature.getInstance(SignatureProof.algorithm(leaf.getPublicKey().getAlgorithm()));
      s.initVerify(leaf.getPublicKey());
      s.update(SignatureProof.transcript(exchange.channelBinding(), exchange.serverName()));
      valid = s.verify(proof.signature());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      valid = false;
    }
    if (!valid) {
      throw new AuthenticationException("signature of " + CertificateNames.describe(kind, name)
          + " does not verify for this connection (forged, or replayed from another connection)");
    }
    return new JukeboxPrincipal(name, kind, SignatureAuthenticator.MECHANISM);
  }

  @Override
  public String toString() {
    return "SignatureVerifier";
  }
}
