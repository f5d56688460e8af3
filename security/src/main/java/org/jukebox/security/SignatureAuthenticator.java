package org.jukebox.security;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.jukebox.security.internal.SignatureProof;

/**
 * The client side of the {@code signature} mechanism: sends its certificate chain and a
 * signature, made with the certificate's private key, over this connection's channel binding and
 * the server's name. The server's {@link SignatureVerifier} checks the chain against the jukebox
 * CA and the signature against the certificate, so the proof is worthless on any other
 * connection or to any other service.
 *
 * <p>Keys: Ed25519 (preferred), ECDSA, DSA or RSA. One message, no round trip beyond it.
 * Immutable and thread-safe.
 */
public final class SignatureAuthenticator extends Authenticator {
  /** The mechanism's name. */
  public static final String MECHANISM = "signature";

  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final byte[] encodedChain;
  private final String algorithm;

  private SignatureAuthenticator(PrivateKey key, List<X509Certificate> chain) {
    this.key = key;
    this.chain = chain;
    this.algorithm = SignatureProof.algorithm(key.getAlgorithm());
    try {
      this.encodedChain = SignatureProof.encodeChain(chain);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode the certificate chain: " + e.getMessage(), e);
    }
    try {
      Signature.getInstance(algorithm).initSign(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
    }
  }

  /**
   * An authenticator that proves possession of {@code key}, certified by {@code chain} (leaf
   * first, issued by the jukebox CA).
   *
   * @throws IllegalArgumentException if the chain is empty or too long for one message, or the
   *     key is of a kind that cannot sign
   */
  public static SignatureAuthenticator of(PrivateKey key, List<X509Certificate> chain) {
    Objects.requireNonNull(key, "key");
    List<X509Certificate> copy = List.copyOf(chain);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("certificate chain is empty");
    }
    return new SignatureAuthenticator(key, copy);
  }

  @Override
  public String mechanism() {
    return MECHANISM;
  }

  /** The certificate this authenticator presents. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  @Override
  public void authenticate(Exchange exchange) throws IOException {
    byte[] signature;
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(SignatureProof.transcript(exchange.channelBinding(), exchange.serverName()));
      signature = s.sign();
    } catch (GeneralSecurityException e) {
      throw new AuthenticationException("cannot sign with the " + key.getAlgorithm() + " key: " + e.getMessage(), e);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(encodedChain);
    out.writeShort(signature.length);
    out.write(signature);
    exchange.send(bytes.toByteArray());
  }

  @Override
  public String toString() {
    return "SignatureAuthenticator[" + chain.get(0).getSubjectX500Principal().getName() + "]";
  }
}
