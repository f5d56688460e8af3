package org.jukebox.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.IssuedCertificate;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.Pki;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jukebox keys}: the jukebox certificate authority — create it, issue service and user
 * certificates, list and revoke them. Files live under {@code HOME/pki}.
 *
 * <p>Passphrases never come from the command line (it shows in {@code ps} and shell history):
 * from {@code --passphrase-file}, else {@code $JUKEBOX_KEY_PASSPHRASE}, else a prompt on the
 * terminal.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Manages the jukebox certificate authority under HOME/pki.",
      "Service certificates bind a service's fully-qualified class name to its key; user"
          + " certificates bind a user name. Every host needs HOME/pki/ca.crt and ca.crl; only the"
          + " CA's host needs ca.p12 and its passphrase.",
      "Passphrases come from --passphrase-file FILE, else $" + KeysCommand.PASSPHRASE_ENV
          + ", else a prompt on the terminal; never from the command line."
    },
    subcommands = {
      KeysCommand.InitCa.class,
      KeysCommand.IssueService.class,
      KeysCommand.IssueUser.class,
      KeysCommand.ListCertificates.class,
      KeysCommand.Revoke.class,
      KeysCommand.UpdateCrl.class,
      CommandLine.HelpCommand.class
    })
final class KeysCommand implements Runnable {
  /** The environment variable a passphrase may come from. */
  static final String PASSPHRASE_ENV = "JUKEBOX_KEY_PASSPHRASE";

  /** Test seam: where environment variables are read. */
  Map<String, String> env = System.getenv();

  /** Test seam: asks the person at the terminal, or returns null when there is no terminal. */
  Function<String, char[]> prompt = text -> System.console() == null ? null : System.console().readPassword("%s", text);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The passphrase of the CA keystore (or of a new one when {@code confirm}): the first line of
   * {@code file}, else the environment variable, else the terminal.
   *
   * @throws IllegalArgumentException if the file cannot be read or is empty, or the two typed
   *     passphrases differ
   * @throws IllegalStateException if there is no file, no variable and no terminal
   */
  char[] passphrase(Path file, String what, boolean confirm) {
    if (file != null) {
      return readPassphraseFile(file);
    }
    String fromEnv = env.get(PASSPHRASE_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    char[] typed = prompt.apply("Passphrase for " + what + ": ");
    if (typed == null) {
      throw new IllegalStateException("no passphrase for " + what + ": use --passphrase-file FILE, set "
          + PASSPHRASE_ENV + ", or run on a terminal");
    }
    if (confirm) {
      char[] again = prompt.apply("Same passphrase again: ");
      boolean same = Arrays.equals(typed, again);
      wipe(again);
      if (!same) {
        wipe(typed);
        throw new IllegalArgumentException("passphrases do not match");
      }
    }
    return typed;
  }

  static char[] readPassphraseFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no passphrase file " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read passphrase file " + file + ": " + e.getMessage(), e);
    }
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty()) {
      throw new IllegalArgumentException("passphrase file " + file + " is empty");
    }
    return line.toCharArray();
  }

  static void wipe(char[] secret) {
    if (secret != null) {
      Arrays.fill(secret, '\0');
    }
  }

  /** {@code 0x…}, as {@code list} prints serials and {@code revoke} reads them. */
  static String hex(BigInteger serial) {
    return "0x" + serial.toString(16);
  }

  /** Accepts {@code ed25519} or {@code ec} (and spellings {@link KeyAlgorithm#parse} knows). */
  static final class AlgorithmConverter implements CommandLine.ITypeConverter<KeyAlgorithm> {
    @Override
    public KeyAlgorithm convert(String value) {
      try {
        return KeyAlgorithm.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Where the CA passphrase comes from. */
  static final class CaPassphrase {
    @Option(names = "--passphrase-file", paramLabel = "FILE",
        description = "File whose first line is the passphrase of the CA keystore (default: $"
            + PASSPHRASE_ENV + ", else asked on the terminal).")
    Path file;
  }

  /** What the subcommands share: the data directory, the parent's passphrase sources, the output. */
  abstract static class Sub implements Callable<Integer> {
    @ParentCommand KeysCommand keys;
    @Mixin DaemonOptions daemon;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    Pki pki() {
      return Pki.at(daemon.home());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  /** {@code jukebox keys init-ca}. */
  @Command(
      name = "init-ca",
      mixinStandardHelpOptions = true,
      description = {
        "Creates the jukebox CA: a key pair and a self-signed CA certificate valid for ten years,"
            + " kept in HOME/pki/ca.p12 under a passphrase, plus ca.crt and an empty revocation list"
            + " ca.crl to give to every host."
      })
  static final class InitCa extends Sub {
    @Mixin CaPassphrase passphrase;

    @Option(names = "--force", description = "Replace an existing CA; the old pki folder is moved aside and every"
        + " certificate it issued stops being trusted.")
    boolean force;

    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "ed25519", converter = AlgorithmConverter.class,
        description = "Key algorithm: ed25519 or ec (ECDSA P-256) (default: ${DEFAULT-VALUE}).")
    KeyAlgorithm algorithm;

    @Override
    public Integer call() throws Exception {
      Pki pki = pki();
      char[] pass = keys.passphrase(passphrase.file, "the new CA keystore", true);
      CertificateAuthority ca;
      try {
        ca = pki.createCa(pass, algorithm, force);
      } finally {
        wipe(pass);
      }
      PrintWriter out = out();
      out.println("created the jukebox CA " + ca.certificate().getSubjectX500Principal().getName() + " ("
          + ca.algorithm() + "), valid until " + ca.certificate().getNotAfter().toInstant());
      out.println("  CA key (keep it and its passphrase safe): " + pki.directory().resolve("ca.p12"));
      out.println("  give every host:                          " + pki.directory().resolve("ca.crt") + " and "
          + pki.directory().resolve("ca.crl"));
      return 0;
    }
  }

  /** What issuing a service or a user certificate takes. */
  abstract static class Issue extends Sub {
    @Mixin CaPassphrase passphrase;

    @Option(names = "--key-passphrase-file", paramLabel = "FILE",
        description = "File whose first line protects the new key's keystore (default: the CA passphrase).")
    Path keyPassphraseFile;

    @Option(names = "--days", paramLabel = "DAYS", defaultValue = "365",
        description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--algorithm", paramLabel = "ALG", converter = AlgorithmConverter.class,
        description = "Algorithm of the generated key: ed25519 or ec (default: the CA's).")
    KeyAlgorithm algorithm;

    @Option(names = "--public-key", paramLabel = "FILE",
        description = "Certify this public key (PEM or DER SubjectPublicKeyInfo) instead of generating a key pair;"
            + " its owner keeps the private key.")
    Path publicKeyFile;

    abstract CertificateKind kind();

    abstract String name();

    @Override
    public Integer call() throws Exception {
      kind().checkName(name());
      if (days < 1) {
        throw new IllegalArgumentException("--days < 1: " + days);
      }
      PublicKey publicKey = publicKeyFile == null ? null : readPublicKey(publicKeyFile);
      Pki pki = pki();
      char[] caPass = keys.passphrase(passphrase.file, "the CA keystore", false);
      char[] keyPass = null;
      IssuedCertificate issued;
      try {
        CertificateAuthority ca = pki.openCa(caPass).withValidity(Duration.ofDays(days));
        if (algorithm != null) {
          ca = ca.withKeyAlgorithm(algorithm);
        }
        if (publicKey != null) {
          issued = kind() == CertificateKind.SERVICE ? ca.issueService(name(), publicKey) : ca.issueUser(name(), publicKey);
        } else {
          keyPass = keyPassphraseFile != null ? readPassphraseFile(keyPassphraseFile) : caPass.clone();
          issued = kind() == CertificateKind.SERVICE ? ca.issueService(name(), keyPass) : ca.issueUser(name(), keyPass);
        }
      } finally {
        wipe(caPass);
        wipe(keyPass);
      }
      PrintWriter out = out();
      out.println("issued a " + kind().label() + " certificate for " + issued.name() + " (serial " + hex(issued.serial())
          + "), valid until " + issued.notAfter());
      if (publicKey == null) {
        out.println("  key and chain: " + pki.keystore(issued.name()));
      } else {
        out.println("  certificate:   " + pki.directory().resolve("issued").resolve(issued.name() + ".crt"));
      }
      return 0;
    }

    static PublicKey readPublicKey(Path file) throws IOException {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("no public key file " + file, e);
      }
      String text = new String(bytes, StandardCharsets.US_ASCII);
      if (text.contains("-----BEGIN PUBLIC KEY-----")) {
        String body = text.substring(text.indexOf("-----BEGIN PUBLIC KEY-----") + 26);
        int end = body.indexOf("-----END PUBLIC KEY-----");
        if (end < 0) {
          throw new IllegalArgumentException("not a public key: " + file + " (no END PUBLIC KEY line)");
        }
        try {
          bytes = Base64.getMimeDecoder().decode(body.substring(0, end));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("not a public key: " + file + " (" + e.getMessage() + ")", e);
        }
      }
      X509EncodedKeySpec spec = new X509EncodedKeySpec(bytes);
      for (String alg : List.of("Ed25519", "EC", "RSA", "DSA")) {
        try {
          return KeyFactory.getInstance(alg).generatePublic(spec);
        } catch (GeneralSecurityException e) {
          // try the next algorithm: the encoding names its own, but KeyFactory wants to be told
        }
      }
      throw new IllegalArgumentException("not a public key: " + file + " (expected an Ed25519, EC, RSA or DSA key in"
          + " PEM or DER SubjectPublicKeyInfo form)");
    }
  }

  /** {@code jukebox keys issue-service CLASSNAME}. */
  @Command(
      name = "issue-service",
      mixinStandardHelpOptions = true,
      description = {
        "Issues a service certificate: CN and the URI jukebox:service:CLASSNAME bind the service's"
            + " fully-qualified class name to a new key (server and client authentication).",
        "The key and chain go to HOME/pki/issued/CLASSNAME.p12."
      })
  static final class IssueService extends Issue {
    @Parameters(index = "0", paramLabel = "CLASSNAME", description = "Fully-qualified class name of the service.")
    String className;

    @Override
    CertificateKind kind() {
      return CertificateKind.SERVICE;
    }

    @Override
    String name() {
      return className;
    }
  }

  /** {@code jukebox keys issue-user NAME}. */
  @Command(
      name = "issue-user",
      mixinStandardHelpOptions = true,
      description = {
        "Issues a user certificate: CN and the URI jukebox:user:NAME bind the user name to a new key"
            + " (client authentication).",
        "The key and chain go to HOME/pki/issued/NAME.p12."
      })
  static final class IssueUser extends Issue {
    @Parameters(index = "0", paramLabel = "NAME", description = "User name: letters, digits and . _ @ + -.")
    String userName;

    @Override
    CertificateKind kind() {
      return CertificateKind.USER;
    }

    @Override
    String name() {
      return userName;
    }
  }

  /** {@code jukebox keys list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists every certificate the CA issued, with its serial, validity and whether it was revoked."
          + " Needs no passphrase.")
  static final class ListCertificates extends Sub {
    @Override
    public Integer call() throws Exception {
      Pki pki = pki();
      var ca = pki.caCertificate();
      List<IssuedCertificate> all = pki.list();
      PrintWriter out = out();
      out.println("CA " + ca.getSubjectX500Principal().getName() + ", valid until " + ca.getNotAfter().toInstant());
      if (all.isEmpty()) {
        out.println("no certificates issued yet");
        return 0;
      }
      int nameWidth = Math.max(4, all.stream().mapToInt(c -> c.name().length()).max().orElse(0));
      String format = "%-7s  %-" + nameWidth + "s  %-34s  %-20s  %-20s  %s%n";
      out.printf(format, "KIND", "NAME", "SERIAL", "NOT BEFORE", "NOT AFTER", "STATUS");
      Instant now = Instant.now();
      for (IssuedCertificate c : all) {
        String status = c.isRevoked() ? "revoked " + c.revokedOn() : c.isExpired(now) ? "expired" : "valid";
        out.printf(format, c.kind().label(), c.name(), hex(c.serial()), c.notBefore(), c.notAfter(), status);
      }
      return 0;
    }
  }

  /** {@code jukebox keys revoke NAME|SERIAL}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revokes a certificate: adds it to the revocation list HOME/pki/ca.crl, signed by the CA.",
        "Services on this host honour it at once; copy ca.crl to the other hosts."
      })
  static final class Revoke extends Sub {
    @Mixin CaPassphrase passphrase;

    @Parameters(index = "0", paramLabel = "NAME|SERIAL",
        description = "The service's class name or the user name (its current certificate), or a serial as"
            + " `list` prints it (0x…).")
    String target;

    @Override
    public Integer call() throws Exception {
      Pki pki = pki();
      boolean byName = !target.startsWith("0x")
          || Files.exists(pki.directory().resolve("issued").resolve(target + ".crt"));
      BigInteger serial = null;
      if (!byName) {
        try {
          serial = new BigInteger(target.substring(2), 16);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a serial number or a name: \"" + target + "\"", e);
        }
      }
      char[] pass = keys.passphrase(passphrase.file, "the CA keystore", false);
      IssuedCertificate revoked;
      try {
        CertificateAuthority ca = pki.openCa(pass);
        revoked = byName ? ca.revoke(target) : ca.revoke(serial);
      } finally {
        wipe(pass);
      }
      out().println("revoked the " + revoked.kind().label() + " certificate for " + revoked.name() + " (serial "
          + hex(revoked.serial()) + ") on " + revoked.revokedOn());
      out().println("  copy " + pki.directory().resolve("ca.crl") + " to every other host");
      return 0;
    }
  }

  /** {@code jukebox keys update-crl}. */
  @Command(
      name = "update-crl",
      mixinStandardHelpOptions = true,
      description = "Signs a fresh revocation list with the same entries; a list is good for "
          + "30 days, after which services warn that it is due.")
  static final class UpdateCrl extends Sub {
    @Mixin CaPassphrase passphrase;

    @Override
    public Integer call() throws Exception {
      Pki pki = pki();
      char[] pass = keys.passphrase(passphrase.file, "the CA keystore", false);
      java.security.cert.X509CRL crl;
      try {
        crl = pki.openCa(pass).updateCrl();
      } finally {
        wipe(pass);
      }
      int entries = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
      out().println("signed a fresh revocation list with " + entries + (entries == 1 ? " entry" : " entries")
          + ", due for renewal on " + crl.getNextUpdate().toInstant());
      out().println("  copy " + pki.directory().resolve("ca.crl") + " to every other host");
      return 0;
    }
  }
}
