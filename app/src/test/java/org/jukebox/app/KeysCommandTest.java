package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.CertificateRejectedException;
import org.jukebox.security.pki.KeyAlgorithm;
import org.jukebox.security.pki.KeyAndChain;
import org.jukebox.security.pki.Pki;
import org.jukebox.security.pki.PkiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class KeysCommandTest {
  private static final String PASS = "correct horse battery";
  private static final String SERVICE = "org.jukebox.directory.DirectoryServer";
  private static final String NL = System.lineSeparator();

  @TempDir Path home;
  private Path passFile;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Map<String, String> env = Map.of();
  /** What the fake terminal answers, in order; an empty queue means there is no terminal. */
  private final Deque<String> typed = new ArrayDeque<>();

  @BeforeEach
  void writePassphraseFile() throws Exception {
    passFile = home.resolve("ca-passphrase.txt");
    Files.writeString(passFile, PASS + "\n");
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cl = Jukebox.commandLine();
    KeysCommand keys = cl.getSubcommands().get("keys").getCommand();
    keys.env = env;
    keys.prompt = text -> typed.isEmpty() ? null : typed.poll().toCharArray();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** Runs {@code keys ARGS --home HOME --passphrase-file FILE} and expects success. */
  private String keys(String... args) {
    String[] full = new String[args.length + 5];
    full[0] = "keys";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "--home";
    full[args.length + 2] = home.toString();
    full[args.length + 3] = "--passphrase-file";
    full[args.length + 4] = passFile.toString();
    assertEquals(0, run(full), err.toString());
    assertEquals("", err.toString());
    return out.toString();
  }

  private String listing() {
    assertEquals(0, run("keys", "list", "--home", home.toString()), err.toString());
    return out.toString();
  }

  private Path pki(String file) {
    return home.resolve("pki").resolve(file);
  }

  @ParameterizedTest
  @ValueSource(strings = {"keys", "keys init-ca", "keys issue-service", "keys issue-user", "keys list", "keys revoke",
      "keys update-crl"})
  void everyKeysSubcommandExplainsItselfWithHelp(String command) {
    assertEquals(0, run((command + " --help").split(" ")));
    assertTrue(out.toString().startsWith("Usage: jukebox " + command), out.toString());
    assertTrue(out.toString().contains("--help"), out.toString());
    if (!command.equals("keys") && !command.equals("keys list")) {
      assertTrue(out.toString().contains("--passphrase-file=FILE"), out.toString());
      assertTrue(out.toString().contains("--home=DIR"), out.toString());
    }
  }

  @Test
  void jukeboxListsTheKeysCommand() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("  keys "), out.toString());
  }

  @Test
  void initIssueListRevokeRoundTrip() throws Exception {
    String init = keys("init-ca");
    assertTrue(init.startsWith("created the jukebox CA CN=Jukebox CA "), init);
    assertTrue(init.contains(" (Ed25519), valid until "), init);
    assertTrue(init.contains("  CA key (keep it and its passphrase safe): " + pki("ca.p12") + NL), init);
    assertTrue(Files.isRegularFile(pki("ca.crt")) && Files.isRegularFile(pki("ca.crl")));

    String service = keys("issue-service", SERVICE);
    Matcher m = Pattern.compile("issued a service certificate for " + Pattern.quote(SERVICE)
        + " \\(serial (0x[0-9a-f]+)\\), valid until (\\S+)" + NL + "  key and chain: (.*)" + NL).matcher(service);
    assertTrue(m.matches(), service);
    assertEquals(pki("issued/" + SERVICE + ".p12").toString(), m.group(3));
    String serviceSerial = m.group(1);
    keys("issue-user", "alice");

    Pki pki = Pki.at(home);
    KeyAndChain serviceKey = pki.keyAndChain(CertificateKind.SERVICE, SERVICE, PASS.toCharArray());
    X509Certificate cert = serviceKey.certificate();
    assertEquals("CN=" + SERVICE, cert.getSubjectX500Principal().getName());
    assertEquals(List.of(List.of(6, "jukebox:service:" + SERVICE)), List.copyOf(cert.getSubjectAlternativeNames()));
    assertEquals(serviceSerial, "0x" + cert.getSerialNumber().toString(16));
    assertEquals(cert.getNotAfter().toInstant().toString(), m.group(2));
    X509Certificate alice = pki.keyAndChain(CertificateKind.USER, "alice", PASS.toCharArray()).certificate();
    assertEquals("alice", pki.validator().validate(new X509Certificate[] {alice}, CertificateKind.USER, "alice"));

    String list = listing();
    assertTrue(list.startsWith("CA CN=Jukebox CA "), list);
    assertTrue(list.contains("KIND     NAME"), list);
    assertTrue(Pattern.compile("(?m)^service  " + Pattern.quote(SERVICE) + " +" + serviceSerial + " .* valid$")
        .matcher(list).find(), list);
    assertTrue(Pattern.compile("(?m)^user     alice +0x[0-9a-f]+ .* valid$").matcher(list).find(), list);

    String revoked = keys("revoke", "alice");
    assertTrue(revoked.startsWith("revoked the user certificate for alice (serial 0x"), revoked);
    assertTrue(Pattern.compile("(?m)^user     alice +0x[0-9a-f]+ .* revoked 20\\d\\d-").matcher(listing()).find());

    CertificateRejectedException e = assertThrows(CertificateRejectedException.class,
        () -> Pki.at(home).validator().validate(new X509Certificate[] {alice}, CertificateKind.USER, "alice"));
    assertTrue(e.getMessage().startsWith("certificate for alice (serial 0x" + alice.getSerialNumber().toString(16)
        + ") was revoked on "), e.getMessage());
  }

  @Test
  void revokeTakesASerialAsListPrintsIt() throws Exception {
    keys("init-ca");
    keys("issue-service", SERVICE);
    X509Certificate cert = Pki.at(home).list().get(0).certificate();
    String serial = "0x" + cert.getSerialNumber().toString(16);
    assertTrue(keys("revoke", serial).startsWith("revoked the service certificate for " + SERVICE + " (serial "
        + serial + ") on "));
    assertTrue(Pki.at(home).validator().isRevoked(cert));
    assertEquals(1, run("keys", "revoke", "0xfeed", "--home", home.toString(), "--passphrase-file", passFile.toString()));
    assertEquals("jukebox revoke: no certificate with serial 0xfeed was issued by this CA" + NL, err.toString());
  }

  @Test
  void initCaTakesEcdsaAndRefusesUnknownAlgorithms() throws Exception {
    assertTrue(keys("init-ca", "--algorithm", "ec").contains(" (ECDSA P-256), valid until "));
    assertEquals(KeyAlgorithm.EC_P256, Pki.at(home).openCa(PASS.toCharArray()).algorithm());
    keys("issue-user", "bob", "--algorithm", "ed25519");
    X509Certificate bob = Pki.at(home).keyAndChain(CertificateKind.USER, "bob", PASS.toCharArray()).certificate();
    assertTrue(bob.getPublicKey() instanceof java.security.interfaces.EdECPublicKey, bob.getPublicKey().toString());
    assertEquals("SHA256withECDSA", bob.getSigAlgName());
    assertEquals("bob", Pki.at(home).validator().validate(new X509Certificate[] {bob}, CertificateKind.USER, "bob"));

    assertEquals(2, run("keys", "init-ca", "--algorithm", "rsa", "--home", home.toString()));
    assertTrue(err.toString().startsWith("Invalid value for option '--algorithm': unknown key algorithm: \"rsa\""
        + " (use ed25519 or ec)" + NL), err.toString());
  }

  @Test
  void initCaRefusesToReplaceACaWithoutForce() throws Exception {
    keys("init-ca");
    X509Certificate first = Pki.at(home).caCertificate();
    assertEquals(1, run("keys", "init-ca", "--home", home.toString(), "--passphrase-file", passFile.toString()));
    assertEquals("jukebox init-ca: a CA already exists under " + home.resolve("pki")
        + ": replacing it (init-ca --force) makes every certificate it issued worthless" + NL, err.toString());
    assertEquals(first, Pki.at(home).caCertificate());
    keys("init-ca", "--force");
    assertFalse(first.equals(Pki.at(home).caCertificate()));
  }

  @Test
  void issuingWithoutACaSaysHowToMakeOne() {
    assertEquals(1, run("keys", "issue-user", "alice", "--home", home.toString(), "--passphrase-file",
        passFile.toString()));
    assertEquals("jukebox issue-user: no CA under " + home.resolve("pki") + ": run `jukebox keys init-ca` first" + NL,
        err.toString());
    assertEquals(1, run("keys", "list", "--home", home.toString()));
    assertEquals("jukebox list: no CA under " + home.resolve("pki") + ": run `jukebox keys init-ca` first" + NL,
        err.toString());
  }

  @Test
  void wrongPassphraseIsRefused() throws Exception {
    keys("init-ca");
    Path wrong = home.resolve("wrong.txt");
    Files.writeString(wrong, "not the passphrase\n");
    assertEquals(1, run("keys", "issue-user", "alice", "--home", home.toString(), "--passphrase-file", wrong.toString()));
    assertEquals("jukebox issue-user: wrong passphrase for " + pki("ca.p12") + NL, err.toString());
    assertFalse(Files.exists(pki("issued/alice.p12")));
  }

  @Test
  void passphraseComesFromTheEnvironmentWhenNoFileIsGiven() throws Exception {
    env = Map.of(KeysCommand.PASSPHRASE_ENV, "from the environment");
    assertEquals(0, run("keys", "init-ca", "--home", home.toString()), err.toString());
    Pki.at(home).openCa("from the environment".toCharArray());
  }

  @Test
  void passphraseIsAskedTwiceOnATerminalForANewKeystore() throws Exception {
    typed.add("typed passphrase");
    typed.add("typed passphrase");
    assertEquals(0, run("keys", "init-ca", "--home", home.toString()), err.toString());
    Pki.at(home).openCa("typed passphrase".toCharArray());

    typed.add("typed passphrase");
    assertEquals(0, run("keys", "issue-user", "alice", "--home", home.toString()), err.toString());
    assertTrue(typed.isEmpty(), "asked once to open the CA");
  }

  @Test
  void mistypedConfirmationIsRefused() {
    typed.add("typed passphrase");
    typed.add("typo passphrase");
    assertEquals(1, run("keys", "init-ca", "--home", home.toString()));
    assertEquals("jukebox init-ca: passphrases do not match" + NL, err.toString());
    assertFalse(Files.exists(pki("ca.p12")));
  }

  @Test
  void withoutFileVariableOrTerminalThereIsNoPassphrase() {
    assertEquals(1, run("keys", "init-ca", "--home", home.toString()));
    assertEquals("jukebox init-ca: no passphrase for the new CA keystore: use --passphrase-file FILE, set "
        + "JUKEBOX_KEY_PASSPHRASE, or run on a terminal" + NL, err.toString());
  }

  @Test
  void passphraseIsNeverTakenFromTheCommandLine() {
    assertEquals(2, run("keys", "init-ca", "--home", home.toString(), "--passphrase", PASS));
    assertTrue(err.toString().startsWith("Unknown options: '--passphrase', '" + PASS + "'"), err.toString());
    assertFalse(Files.exists(pki("ca.p12")));
  }

  @Test
  void emptyOrMissingPassphraseFileIsNamed() throws Exception {
    Path empty = home.resolve("empty.txt");
    Files.writeString(empty, "\n");
    assertEquals(1, run("keys", "init-ca", "--home", home.toString(), "--passphrase-file", empty.toString()));
    assertEquals("jukebox init-ca: passphrase file " + empty + " is empty" + NL, err.toString());
    Path missing = home.resolve("missing.txt");
    assertEquals(1, run("keys", "init-ca", "--home", home.toString(), "--passphrase-file", missing.toString()));
    assertEquals("jukebox init-ca: no passphrase file " + missing + NL, err.toString());
  }

  @Test
  void issuedKeystoreMayHaveItsOwnPassphrase() throws Exception {
    keys("init-ca");
    Path keyPass = home.resolve("alice-passphrase.txt");
    Files.writeString(keyPass, "alice's own passphrase\r\n");
    keys("issue-user", "alice", "--key-passphrase-file", keyPass.toString());
    Pki.at(home).keyAndChain(CertificateKind.USER, "alice", "alice's own passphrase".toCharArray());
    PkiException e = assertThrows(PkiException.class,
        () -> Pki.at(home).keyAndChain(CertificateKind.USER, "alice", PASS.toCharArray()));
    assertEquals("wrong passphrase for " + pki("issued/alice.p12"), e.getMessage());
  }

  @Test
  void validityIsGivenInDays() throws Exception {
    keys("init-ca");
    keys("issue-user", "alice", "--days", "30");
    X509Certificate cert = Pki.at(home).list().get(0).certificate();
    Duration validity = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
    assertEquals(Duration.ofDays(30).plusMinutes(5), validity);
    assertEquals(1, run("keys", "issue-user", "bob", "--days", "0", "--home", home.toString(), "--passphrase-file",
        passFile.toString()));
    assertEquals("jukebox issue-user: --days < 1: 0" + NL, err.toString());
  }

  @Test
  void anOutsidePublicKeyIsCertifiedAndNoKeystoreWritten() throws Exception {
    keys("init-ca");
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path pem = home.resolve("carol.pub");
    Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    String issued = keys("issue-user", "carol", "--public-key", pem.toString());
    assertTrue(issued.endsWith("  certificate:   " + pki("issued/carol.crt") + NL), issued);
    assertFalse(Files.exists(pki("issued/carol.p12")));
    assertEquals(pair.getPublic(), Pki.at(home).list().get(0).certificate().getPublicKey());
  }

  @Test
  void badNamesAreRefusedBeforeAnyPassphraseIsAsked() {
    assertEquals(1, run("keys", "issue-service", "NoPackage", "--home", home.toString()));
    assertEquals("jukebox issue-service: not a fully-qualified class name: \"NoPackage\"" + NL, err.toString());
    assertEquals(1, run("keys", "issue-user", "../x", "--home", home.toString()));
    assertEquals("jukebox issue-user: not a valid user name: \"../x\" (use 1 to 64 letters, digits and . _ @ + -,"
        + " not starting with . or -)" + NL, err.toString());
  }

  @Test
  void reissuingACurrentCertificateIsRefusedUntilRevoked() throws Exception {
    keys("init-ca");
    keys("issue-user", "alice");
    assertEquals(1, run("keys", "issue-user", "alice", "--home", home.toString(), "--passphrase-file",
        passFile.toString()));
    assertTrue(err.toString().startsWith("jukebox issue-user: a certificate for alice already exists (serial 0x"),
        err.toString());
    assertTrue(err.toString().endsWith("): revoke it first" + NL), err.toString());
    keys("revoke", "alice");
    keys("issue-user", "alice");
    assertEquals(2, Pki.at(home).list().size());
  }

  @Test
  void updateCrlKeepsTheEntries() throws Exception {
    keys("init-ca");
    keys("issue-user", "alice");
    keys("revoke", "alice");
    String updated = keys("update-crl");
    assertTrue(updated.startsWith("signed a fresh revocation list with 1 entry, due for renewal on "), updated);
    assertTrue(Pki.at(home).list().get(0).isRevoked());
  }
}
