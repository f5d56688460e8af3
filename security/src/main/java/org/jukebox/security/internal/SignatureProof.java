package org.jukebox.security.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.jukebox.security.Exchange;

/**
 * The message of the {@code signature} mechanism: a count of certificates (1 byte), each as a
 * 2-byte length and DER, then a 2-byte length and the signature. The signed transcript is
 * {@code "jukebox-signature-v1" 0x00 serverName 0x00 channelBinding}.
 */
public final class SignatureProof {
  private static final byte[] LABEL = "jukebox-signature-v1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_CHAIN = 5;

  /** A parsed message. */
  public record Parsed(List<X509Certificate> chain, byte[] signature) {}

  private SignatureProof() {}

  /** The bytes a signature covers. */
  public static byte[] transcript(byte[] channelBinding, String serverName) {
    byte[] name = serverName.getBytes(StandardCharsets.UTF_8);
    byte[] t = new byte[LABEL.length + 1 + name.length + 1 + channelBinding.length];
    System.arraycopy(LABEL, 0, t, 0, LABEL.length);
    System.arraycopy(name, 0, t, LABEL.length + 1, name.length);
    System.arraycopy(channelBinding, 0, t, LABEL.length + 2 + name.length, channelBinding.length);
    return t;
  }

  /** The JCA signature algorithm for a key algorithm. */
  public static String algorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "DSA" -> "SHA256withDSA";
      case "RSA" -> "SHA256withRSA";
      default -> throw new IllegalArgumentException("keys of type " + keyAlgorithm + " cannot sign (use Ed25519, EC, DSA or RSA)");
    };
  }

  /** The chain part of a message. */
  public static byte[] encodeChain(List<X509Certificate> chain) throws CertificateEncodingException {
    if (chain.size() > MAX_CHAIN) {
      throw new IllegalArgumentException("certificate chain longer than " + MAX_CHAIN + ": " + chain.size());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.writeByte(chain.size());
      for (X509Certificate c : chain) {
        byte[] der = c.getEncoded();
        out.writeShort(der.length);
        out.write(der);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (bytes.size() > Exchange.MAX_MESSAGE_BYTES - 600) {
      throw new IllegalArgumentException("certificate chain too long for one message: " + bytes.size() + " bytes");
    }
    return bytes.toByteArray();
  }

  /** Reads a message; every length is checked against what is left. */
  public static Parsed parse(byte[] message) throws IOException, CertificateException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
    int count = in.readUnsignedByte();
    if (count < 1 || count > MAX_CHAIN) {
      throw new IOException("certificate count " + count + " is not 1.." + MAX_CHAIN);
    }
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] der = new byte[in.readUnsignedShort()];
      in.readFully(der);
      chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
    }
    byte[] signature = new byte[in.readUnsignedShort()];
    in.readFully(signature);
    if (in.available() > 0) {
      throw new IOException(in.available() + " unexpected bytes after the signature");
    }
    return new Parsed(List.copyOf(chain), signature);
  }
}
