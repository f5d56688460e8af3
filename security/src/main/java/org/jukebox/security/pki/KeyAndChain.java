package org.jukebox.security.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its certificate chain, leaf first then the CA certificate: what a TLS key
 * manager presents.
 *
 * <p>From {@link Pki#keyAndChain} the key and certificates are Bouncy Castle objects, usable by the
 * JDK's providers and by Bouncy Castle's JSSE provider alike. Hand them to a key manager directly
 * (or through a Bouncy Castle {@code KeyStore}): a JDK {@code PKCS12} keystore would rebuild the
 * key as a JDK {@code EdDSA} key, which Bouncy Castle's TLS signer cannot use for Ed25519.
 *
 * @param privateKey the key the leaf certificate certifies
 * @param chain the leaf certificate then the CA certificate; never empty, unmodifiable
 */
public record KeyAndChain(PrivateKey privateKey, List<X509Certificate> chain) {
  /**
   * Copies the chain.
   *
   * @throws NullPointerException if either is null or the chain holds a null
   * @throws IllegalArgumentException if the chain is empty
   */
  public KeyAndChain {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("certificate chain is empty");
    }
  }

  /** The leaf certificate, the one that names the service or user. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The chain as an array, the form JSSE key managers return. */
  public X509Certificate[] chainArray() {
    return chain.toArray(new X509Certificate[0]);
  }

  @Override
  public String toString() {
    return "KeyAndChain[" + certificate().getSubjectX500Principal().getName() + "]";
  }
}
