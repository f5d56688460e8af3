package org.jukebox.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateAuthority;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.jukebox.security.pki.PkiException;
import picocli.CommandLine.Option;

/**
 * How a process secures its connections: SecureRMI with its certificate from the jukebox PKI
 * under the data directory (the default), or plain RMI with {@code --insecure}. A picocli mixin.
 */
final class SecurityOptions {
  /** The service certificate name an MP3 SoundSmith presents. */
  static final String MP3_SOUNDSMITH_SERVICE = "org.jukebox.soundsmith.Mp3SoundSmith";

  @Option(names = "--insecure",
      description = "Plain RMI: no encryption, no authentication. For local experiments only.")
  boolean insecure;

  @Option(names = "--key-passphrase-file", paramLabel = "FILE",
      description = "File whose first line is the passphrase of this process's key (default: $"
          + KeysCommand.PASSPHRASE_ENV + ", else a prompt on the terminal).")
  Path passphraseFile;

  /** Test seam: where environment variables are read. */
  Map<String, String> env = System.getenv();

  /** Test seam: asks the person at the terminal, or returns null when there is no terminal. */
  Function<String, char[]> prompt = text -> System.console() == null ? null : System.console().readPassword("%s", text);

  /** Says loudly that nothing is protected, when that is so. */
  void warnIfInsecure(PrintStream err) {
    if (insecure) {
      err.println("WARNING: --insecure: this process speaks plain RMI and HTTP. Anyone on the network"
          + " can read and forge its traffic. Use it for local experiments only.");
    }
  }

  /** The settings of a service presenting its certificate {@code serviceName}, or null with --insecure. */
  SecurityConfig service(Path home, String serviceName) throws PkiException {
    return insecure ? null : config(Pki.at(home), CertificateKind.SERVICE, serviceName, passphrase(serviceName),
        "signature", "anonymous");
  }

  /** The settings of a user presenting their certificate, or null with --insecure. */
  SecurityConfig user(Path home, String userName) throws PkiException {
    return insecure ? null : config(Pki.at(home), CertificateKind.USER, userName, passphrase(userName), "signature");
  }

  static SecurityConfig config(Pki pki, CertificateKind kind, String name, char[] passphrase, String... mechanisms)
      throws PkiException {
    try {
      KeyAndChain kc = pki.keyAndChain(kind, name, passphrase);
      return SecurityConfig.builder()
          .trustAnchors(pki.caCertificate())
          .certificateCheck(pki.validator())
          .identity(kc.privateKey(), kc.chain())
          .mechanisms(mechanisms)
          .build();
    } finally {
      KeysCommand.wipe(passphrase);
    }
  }

  private char[] passphrase(String whose) {
    if (passphraseFile != null) {
      return KeysCommand.readPassphraseFile(passphraseFile);
    }
    String fromEnv = env.get(KeysCommand.PASSPHRASE_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    char[] typed = prompt.apply("Passphrase for the key of " + whose + ": ");
    if (typed == null) {
      throw new IllegalStateException("no passphrase for the key of " + whose + ": use --key-passphrase-file FILE, set "
          + KeysCommand.PASSPHRASE_ENV + ", run on a terminal, or pass --insecure");
    }
    return typed;
  }

  /** The services the demo runs, each with its own certificate in the demo PKI. */
  static final List<String> DEMO_SERVICES = List.of(MP3_SOUNDSMITH_SERVICE, SoundSmithCommand.CD_SOUNDSMITH_SERVICE,
      "org.jukebox.dj.DjServer", "org.jukebox.session.SessionServerDaemon");
  /** The demo's users: the one at the terminal, and a friend whose taste it can blend with. */
  static final List<String> DEMO_USERS = List.of("demo", "friend");

  /**
   * The demo's own PKI under {@code home/demo-pki}: made on first run with a random passphrase
   * kept beside it (readable by this user only), a CA, a service certificate for the directory
   * and each of {@link #DEMO_SERVICES}, and the {@link #DEMO_USERS}. A PKI made by an older
   * version gets whatever certificates it lacks.
   */
  static Pki demoPki(Path home, String directoryService) throws Exception {
    Path dir = home.resolve("demo-pki");
    Pki pki = Pki.at(dir);
    Path passFile = dir.resolve("passphrase");
    CertificateAuthority ca = null;
    if (!pki.hasCa() || !Files.isRegularFile(passFile)) {
      Files.createDirectories(dir);
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String pass = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(passFile, pass + "\n");
      try {
        Files.setPosixFilePermissions(passFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the folder's own protection is all there is
      }
      ca = pki.createCa(pass.toCharArray(), KeyAlgorithm.ED25519, true);
    }
    char[] p = demoPassphrase(home);
    List<String> services = new ArrayList<>(DEMO_SERVICES);
    services.add(0, directoryService);
    for (String service : services) {
      if (!Files.isRegularFile(pki.keystore(service))) {
        ca = ca != null ? ca : pki.openCa(p);
        ca.issueService(service, p);
      }
    }
    for (String user : DEMO_USERS) {
      if (!Files.isRegularFile(pki.keystore(user))) {
        ca = ca != null ? ca : pki.openCa(p);
        ca.issueUser(user, p);
      }
    }
    return pki;
  }

  static char[] demoPassphrase(Path home) {
    return KeysCommand.readPassphraseFile(home.resolve("demo-pki").resolve("passphrase"));
  }
}
