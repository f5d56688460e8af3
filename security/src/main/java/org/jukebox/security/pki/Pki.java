package org.jukebox.security.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The jukebox PKI files under a data directory ({@code HOME/pki}): the way in for everything that
 * reads them — the CA certificate (trust anchor), a service's or user's key and chain, the
 * revocation-aware {@link CertificateValidator}, the list of issued certificates — and for
 * creating or opening the {@link CertificateAuthority}. See the package documentation for the
 * file layout.
 *
 * <p>Immutable and thread-safe. Changes to the files (issuing, revoking) are serialized across
 * threads and processes by a lock file, {@code HOME/.pki.lock}.
 */
public final class Pki {
  /** Minimum length of a passphrase that protects a new keystore. */
  public static final int MIN_PASSPHRASE_LENGTH = 8;

  /** Guards the lock file within this JVM: FileLock is per process, not per thread. */
  private static final Object JVM_LOCK = new Object();

  private final Path home;
  private final Path dir;
  private final Clock clock;

  Pki(Path home, Clock clock) {
    this.home = home.toAbsolutePath().normalize();
    this.dir = this.home.resolve("pki");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The PKI under the data directory {@code home} (files in {@code home/pki}); nothing is read or
   * created until used.
   *
   * @throws NullPointerException if {@code home} is null
   */
  public static Pki at(Path home) {
    return new Pki(Objects.requireNonNull(home, "home"), Clock.systemUTC());
  }

  /** {@code HOME/pki}. */
  public Path directory() {
    return dir;
  }

  /**
   * Where the key and chain of the service or user {@code name} is kept:
   * {@code HOME/pki/issued/<name>.p12}, whether or not it exists.
   *
   * @throws IllegalArgumentException if {@code name} is neither a class name nor a user name
   */
  public Path keystore(String name) {
    checkAnyName(name);
    return issuedDir().resolve(name + ".p12");
  }

  /** Whether a CA exists here (its keystore {@code ca.p12} does). */
  public boolean hasCa() {
    return Files.isRegularFile(caKeystore());
  }

  /**
   * Creates a CA here: a new key pair, a self-signed CA certificate valid for ten years, an empty
   * revocation list. When {@code replace} is true and a CA exists, the whole {@code pki} folder is
   * first moved aside to {@code pki.replaced-<time>} (nothing is deleted; every certificate the
   * old CA issued stops being trusted).
   *
   * @param passphrase protects {@code ca.p12}; at least {@value #MIN_PASSPHRASE_LENGTH} characters;
   *     not retained
   * @throws IllegalArgumentException if the passphrase is too short
   * @throws PkiException {@code a CA already exists under DIR: replacing it (init-ca --force) makes
   *     every certificate it issued worthless}, or the files cannot be written
   */
  public CertificateAuthority createCa(char[] passphrase, KeyAlgorithm algorithm, boolean replace)
      throws PkiException {
    checkNewPassphrase(passphrase);
    Objects.requireNonNull(algorithm, "algorithm");
    return locked(() -> {
      if (hasCa()) {
        if (!replace) {
          throw new PkiException("a CA already exists under " + dir
              + ": replacing it (init-ca --force) makes every certificate it issued worthless");
        }
        moveAside();
      } else if (Files.exists(dir)) {
        moveAside(); // leftovers of an incomplete PKI must not mix with the new CA's files
      }
      return CertificateAuthority.create(this, passphrase, algorithm);
    });
  }

  /**
   * Opens the CA here to issue and revoke.
   *
   * @throws PkiException {@code no CA under DIR: run `jukebox keys init-ca` first}, {@code wrong
   *     passphrase for DIR/ca.p12}, or the keystore is unreadable
   */
  public CertificateAuthority openCa(char[] passphrase) throws PkiException {
    Objects.requireNonNull(passphrase, "passphrase");
    KeyAndChain kc;
    try {
      kc = PkiFiles.readKeystore(caKeystore(), passphrase);
    } catch (NoSuchFileException e) {
      throw noCa(e);
    } catch (IOException e) {
      throw new PkiException("cannot read " + caKeystore() + ": " + e.getMessage(), e);
    }
    return CertificateAuthority.open(this, kc);
  }

  /**
   * The CA certificate, read from {@code ca.crt}: the trust anchor for every jukebox connection.
   *
   * @throws PkiException {@code no CA under DIR: run `jukebox keys init-ca` first}, or the file is
   *     unreadable
   */
  public X509Certificate caCertificate() throws PkiException {
    try {
      return PkiFiles.readCertificate(caCertificateFile());
    } catch (NoSuchFileException e) {
      throw noCa(e);
    } catch (IOException e) {
      throw new PkiException("cannot read the CA certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The key and chain (leaf, CA) of the service or user {@code name}, from its keystore.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid name of {@code kind}
   * @throws PkiException {@code no key for user alice at FILE: run `jukebox keys issue-user alice`
   *     first}, {@code wrong passphrase for FILE}, {@code FILE holds a user certificate, not a
   *     service certificate}
   */
  public KeyAndChain keyAndChain(CertificateKind kind, String name, char[] passphrase) throws PkiException {
    Objects.requireNonNull(kind, "kind");
    kind.checkName(name);
    Objects.requireNonNull(passphrase, "passphrase");
    Path file = keystore(name);
    KeyAndChain kc;
    try {
      kc = PkiFiles.readKeystore(file, passphrase);
    } catch (NoSuchFileException e) {
      throw new PkiException("no key for " + kind.label() + " " + name + " at " + file
          + ": run `jukebox keys issue-" + kind.label() + " " + name + "` first", e);
    } catch (IOException e) {
      throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Identity id = Identity.of(kc.certificate());
    if (id == null || id.kind() != kind || !id.name().equals(name)) {
      String holds = id == null ? "no jukebox certificate"
          : "a " + id.kind().label() + " certificate for " + id.name();
      throw new PkiException(file + " holds " + holds + ", not a " + kind.label() + " certificate for " + name);
    }
    return kc;
  }

  /**
   * A validator that trusts this CA and honours {@code ca.crl}, re-reading it when it changes.
   *
   * @throws PkiException if there is no CA certificate, or the revocation list is missing,
   *     unreadable or not signed by the CA
   */
  public CertificateValidator validator() throws PkiException {
    X509Certificate ca = caCertificate();
    CertificateValidator.CrlFile crls = new CertificateValidator.CrlFile(crlFile(), ca, clock, true);
    try {
      crls.current();
    } catch (CertificateRejectedException e) {
      throw new PkiException(e.getMessage(), e);
    }
    return new CertificateValidator(ca, crls, clock);
  }

  /**
   * Every certificate the CA issued (in {@code certs/}), oldest first, with its revocation status.
   *
   * @throws PkiException if there is no CA, or a file is unreadable, or the revocation list is
   *     unusable
   */
  public List<IssuedCertificate> list() throws PkiException {
    RevocationList crl = currentCrl(caCertificate());
    List<IssuedCertificate> out = new ArrayList<>();
    Path certs = certsDir();
    if (!Files.isDirectory(certs)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(certs)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".crt")).sorted().toList();
    } catch (IOException e) {
      throw new PkiException("cannot list " + certs + ": " + e.getMessage(), e);
    }
    for (Path file : files) {
      X509Certificate cert;
      try {
        cert = PkiFiles.readCertificate(file);
      } catch (IOException e) {
        throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
      }
      Identity id = Identity.of(cert);
      if (id != null) {
        out.add(new IssuedCertificate(id.kind(), id.name(), cert, crl.revokedOn(cert.getSerialNumber())));
      }
    }
    out.sort(Comparator.comparing(IssuedCertificate::notBefore).thenComparing(IssuedCertificate::name));
    return out;
  }

  /** {@code 0x} and the lower-case hex digits of {@code serial}: how messages write serials. */
  static String hex(BigInteger serial) {
    return "0x" + serial.toString(16);
  }

  // --- for CertificateAuthority -------------------------------------------------------------

  Clock clock() {
    return clock;
  }

  Path caKeystore() {
    return dir.resolve("ca.p12");
  }

  Path caCertificateFile() {
    return dir.resolve("ca.crt");
  }

  Path crlFile() {
    return dir.resolve("ca.crl");
  }

  Path issuedDir() {
    return dir.resolve("issued");
  }

  Path certsDir() {
    return dir.resolve("certs");
  }

  Path issuedCertificate(String name) {
    return issuedDir().resolve(name + ".crt");
  }

  Path recordOf(BigInteger serial) {
    return certsDir().resolve(serial.toString(16) + ".crt");
  }

  /** The current CRL, verified against {@code ca}. */
  RevocationList currentCrl(X509Certificate ca) throws PkiException {
    try {
      return new CertificateValidator.CrlFile(crlFile(), ca, clock, false).current();
    } catch (CertificateRejectedException e) {
      throw new PkiException(e.getMessage(), e);
    }
  }

  PkiException noCa(Throwable cause) {
    return new PkiException("no CA under " + dir + ": run `jukebox keys init-ca` first", cause);
  }

  static void checkNewPassphrase(char[] passphrase) {
    Objects.requireNonNull(passphrase, "passphrase");
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new IllegalArgumentException("passphrase is shorter than " + MIN_PASSPHRASE_LENGTH + " characters");
    }
  }

  private static void checkAnyName(String name) {
    Objects.requireNonNull(name, "name");
    try {
      CertificateKind.USER.checkName(name);
    } catch (IllegalArgumentException notUser) {
      try {
        CertificateKind.SERVICE.checkName(name);
      } catch (IllegalArgumentException notService) {
        throw new IllegalArgumentException("not a user name or class name: \"" + name + "\"");
      }
    }
  }

  private void moveAside() throws IOException {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
        .format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    Path target = home.resolve("pki.replaced-" + stamp);
    for (int i = 2; Files.exists(target); i++) {
      target = home.resolve("pki.replaced-" + stamp + "-" + i);
    }
    Files.move(dir, target);
  }

  /** Work that changes the files. */
  @FunctionalInterface
  interface Change<T> {
    T run() throws IOException, GeneralSecurityException;
  }

  /** Runs {@code change} holding the PKI lock of this JVM and of the file system. */
  <T> T locked(Change<T> change) throws PkiException {
    synchronized (JVM_LOCK) {
      try {
        Files.createDirectories(home);
        try (FileChannel ch = FileChannel.open(home.resolve(".pki.lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
          FileLock lock = ch.lock(); // released when the channel closes
          try {
            return change.run();
          } finally {
            lock.release();
          }
        }
      } catch (PkiException e) {
        throw e;
      } catch (IOException | GeneralSecurityException e) {
        throw new PkiException("cannot update " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  static Instant seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }

}
