package org.jukebox.security.pki;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import java.util.Objects;

/** The key pairs the jukebox CA makes: Ed25519 (the default) or ECDSA on P-256. */
public enum KeyAlgorithm {
  /** Ed25519 signatures (RFC 8032). */
  ED25519("Ed25519", "Ed25519"),
  /** ECDSA on NIST P-256 (secp256r1) with SHA-256. */
  EC_P256("ECDSA P-256", "SHA256withECDSA");

  private final String displayName;
  private final String signatureAlgorithm;

  KeyAlgorithm(String displayName, String signatureAlgorithm) {
    this.displayName = displayName;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /**
   * Parses a command-line spelling: {@code ed25519}, or {@code ec} / {@code ecdsa} /
   * {@code p-256} / {@code p256} (any case).
   *
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException {@code unknown key algorithm: "rsa" (use ed25519 or ec)}
   */
  public static KeyAlgorithm parse(String text) {
    Objects.requireNonNull(text, "text");
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "ed25519":
        return ED25519;
      case "ec":
      case "ecdsa":
      case "p-256":
      case "p256":
        return EC_P256;
      default:
        throw new IllegalArgumentException("unknown key algorithm: \"" + text + "\" (use ed25519 or ec)");
    }
  }

  /** {@code "Ed25519"} or {@code "ECDSA P-256"}. */
  @Override
  public String toString() {
    return displayName;
  }

  /** A fresh key pair from the JDK's providers. */
  KeyPair generate() {
    try {
      if (this == ED25519) {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make " + displayName + " keys: " + e.getMessage(), e);
    }
  }

  /** The JCA signature algorithm a key of this kind signs with. */
  String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /**
   * The algorithm of a CA signing key.
   *
   * @throws IllegalArgumentException if the key is neither Ed25519 nor EC
   */
  static KeyAlgorithm of(Key key) {
    String alg = key.getAlgorithm();
    if (key instanceof ECKey || "EC".equalsIgnoreCase(alg)) {
      return EC_P256;
    }
    if ("Ed25519".equalsIgnoreCase(alg) || "EdDSA".equalsIgnoreCase(alg)) {
      return ED25519;
    }
    throw new IllegalArgumentException("unsupported CA key algorithm: " + alg);
  }
}
