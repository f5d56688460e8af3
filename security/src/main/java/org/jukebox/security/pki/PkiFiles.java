package org.jukebox.security.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.UnrecoverableKeyException;
import java.security.cert.CRLException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Reading and writing the PKI's files: PEM certificates and CRLs, PKCS#12 keystores.
 *
 * <p>Certificates and private keys handed out are Bouncy Castle objects. They implement the JDK
 * interfaces ({@code EdECPrivateKey}, {@code ECPrivateKey}), so the JDK's providers use them, and
 * Bouncy Castle's JSSE provider accepts them as TLS credentials; it does not accept the JDK's own
 * Ed25519 keys and certificates (its key manager looks for the key algorithm name "Ed25519", the
 * JDK's keys say "EdDSA", and its signer cannot use a JDK Ed25519 private key).
 */
final class PkiFiles {
  /** A private instance, not registered with {@code java.security.Security}: no global state. */
  static final Provider BC = new BouncyCastleProvider();
  /** Alias of the key entry in every keystore we write. */
  static final String KEY_ALIAS = "jukebox";
  private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  private PkiFiles() {}

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  static void writeCertificate(Path file, X509Certificate cert) throws IOException {
    try {
      writeAtomically(file, pem("CERTIFICATE", cert.getEncoded()).getBytes(StandardCharsets.US_ASCII), false);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException("cannot encode certificate: " + e.getMessage(), e);
    }
  }

  static void writeCrl(Path file, X509CRL crl) throws IOException {
    try {
      writeAtomically(file, pem("X509 CRL", crl.getEncoded()).getBytes(StandardCharsets.US_ASCII), false);
    } catch (CRLException e) {
      throw new IOException("cannot encode revocation list: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one certificate (PEM or DER).
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if it cannot be read or parsed, naming the file
   */
  static X509Certificate readCertificate(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509", BC).generateCertificate(in);
    } catch (CertificateException | ClassCastException e) {
      throw new IOException("not a certificate: " + file + " (" + e.getMessage() + ")", e);
    }
  }

  /** The same certificate as a Bouncy Castle object (see the class comment). */
  static X509Certificate bc(X509Certificate cert) throws CertificateException {
    if (cert.getClass().getName().startsWith("org.bouncycastle.")) {
      return cert;
    }
    return (X509Certificate) CertificateFactory.getInstance("X.509", BC)
        .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
  }

  /** The same private key as a Bouncy Castle object, or the key itself if BC cannot read it. */
  static PrivateKey bc(PrivateKey key) {
    if (key.getClass().getName().startsWith("org.bouncycastle.")) {
      return key;
    }
    try {
      return KeyFactory.getInstance(key.getAlgorithm(), BC).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    } catch (GeneralSecurityException | RuntimeException e) {
      return key;
    }
  }

  /**
   * Reads one CRL (PEM or DER).
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if it cannot be read or parsed, naming the file
   */
  static X509CRL readCrl(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
    } catch (CertificateException | CRLException | ClassCastException e) {
      throw new IOException("not a revocation list: " + file + " (" + e.getMessage() + ")", e);
    }
  }

  /** Writes a PKCS#12 keystore holding one key entry, readable by its owner only. */
  static void writeKeystore(Path file, PrivateKey key, List<X509Certificate> chain, char[] passphrase)
      throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(KEY_ALIAS, key, passphrase, chain.toArray(new Certificate[0]));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, passphrase);
      writeAtomically(file, out.toByteArray(), true);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write keystore " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the one key entry of a PKCS#12 keystore.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws PkiException {@code wrong passphrase for FILE}, or the file is not a keystore with a key
   */
  static KeyAndChain readKeystore(Path file, char[] passphrase) throws IOException, PkiException {
    byte[] bytes = Files.readAllBytes(file);
    KeyStore ks;
    try {
      ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(bytes), passphrase);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new PkiException("wrong passphrase for " + file, e);
      }
      throw new PkiException("cannot read keystore " + file + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new PkiException("cannot read keystore " + file + ": " + e.getMessage(), e);
    }
    try {
      for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements(); ) {
        String alias = aliases.nextElement();
        if (!ks.isKeyEntry(alias)) {
          continue;
        }
        Key key = ks.getKey(alias, passphrase);
        Certificate[] chain = ks.getCertificateChain(alias);
        if (key instanceof PrivateKey && chain != null && chain.length > 0) {
          List<X509Certificate> certs = new ArrayList<>();
          for (Certificate c : chain) {
            certs.add(bc((X509Certificate) c));
          }
          return new KeyAndChain(bc((PrivateKey) key), certs);
        }
      }
    } catch (UnrecoverableKeyException e) {
      throw new PkiException("wrong passphrase for " + file, e);
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new PkiException("cannot read keystore " + file + ": " + e.getMessage(), e);
    }
    throw new PkiException("keystore " + file + " holds no private key with a certificate");
  }

  /**
   * Replaces {@code file} with {@code bytes} all at once, so a reader or a crash never sees half a
   * file; {@code secret} files are readable by their owner only (from the start: the temporary
   * file is created so), others by everyone.
   */
  static void writeAtomically(Path file, byte[] bytes, boolean secret) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      // createTempFile makes owner-only files; certificates and CRLs are public.
      if (!secret && Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(tmp, PUBLIC);
      }
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates a directory readable by its owner only, if it is missing. */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("not a directory: " + dir, e);
    }
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
