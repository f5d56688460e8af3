package org.jukebox.app;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jukebox.client.DjClient;
import org.jukebox.client.JukeboxClient;
import org.jukebox.security.ClientSecurity;
import org.jukebox.security.HostPort;
import org.jukebox.security.RemoteExporter;
import org.jukebox.security.RemoteLookup;
import org.jukebox.security.SecureHttp;
import org.jukebox.security.SecurityConfig;
import org.jukebox.security.pki.CertificateKind;
import org.jukebox.security.pki.Pki;
import org.jukebox.security.pki.PkiException;
import org.jukebox.web.JukeboxAccess;
import org.jukebox.web.ProxyServer;
import org.jukebox.web.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jukebox proxy}: the HTML proxy, and {@code jukebox proxy adduser NAME} for its accounts. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    subcommands = ProxyCommand.AddUser.class,
    description = {
      "Runs the HTML proxy: a web server that lets a plain browser log in, browse, search, build a"
          + " playlist, play songs and use the DJ, acting in the jukebox with each user's own certificate.",
      "Accounts are made with 'jukebox proxy adduser NAME'; they live under DATA_DIR/proxy/users, each"
          + " holding the user's key passphrase sealed under a key derived from their proxy password.",
      "With security on it serves HTTPS with the proxy's service certificate ("
          + ProxyCommand.SERVICE + ") unless --plain-http is given."
    })
final class ProxyCommand implements Callable<Integer> {
  /** The service certificate the proxy presents (to the directory, and over HTTPS). */
  static final String SERVICE = "org.jukebox.web.ProxyServer";

  @Mixin DaemonOptions daemon;
  @Mixin SecurityOptions security;

  @Option(names = "--directory", paramLabel = "HOST:PORT", description = "The MusicDirectory (default: ${DEFAULT-VALUE}).")
  String directory = "127.0.0.1:" + HostPort.DEFAULT_DIRECTORY_PORT;

  @Option(names = "--port", paramLabel = "PORT", description = "Web port (default: ${DEFAULT-VALUE}; 0 for any free port).")
  int port = 8080;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
  String bind = "127.0.0.1";

  @Option(names = "--plain-http",
      description = "Serve plain HTTP even with security on (browsers that do not trust the jukebox CA, or"
          + " reject its Ed25519 certificates). Passwords and cookies then cross the network in clear:"
          + " keep --bind on loopback.")
  boolean plainHttp;

  @Override
  public Integer call() throws Exception {
    Running r = start(System.out);
    Daemons.runUntilStopped(r.client, r.proxy);
    return 0;
  }

  /** A started proxy and the catalog client under it; closing closes both. */
  record Running(JukeboxClient client, ProxyServer proxy) implements AutoCloseable {
    @Override
    public void close() {
      Daemons.closeAll(client, proxy);
    }
  }

  /** Starts the proxy as configured and says where it is. Test seam: {@link #call()} then waits. */
  Running start(PrintStream out) throws Exception {
    daemon.applyAdvertise();
    HostPort dir = HostPort.parse(directory);
    security.warnIfInsecure(System.err);
    Path home = daemon.home();
    InetAddress address = InetAddress.getByName(bind);
    SecurityConfig own = security.service(home, SERVICE);
    JukeboxClient.Builder cb = JukeboxClient.builder(() -> RemoteLookup.directory(dir));
    JukeboxAccess access;
    if (own != null) {
      // The catalog is read, and directory callbacks received, with the proxy's own certificate;
      // everything done for a user goes through that user's (JukeboxAccess.pki).
      ClientSecurity.install(own);
      cb.exporter(RemoteExporter.secure(own, 0));
      access = JukeboxAccess.pki(Pki.at(home), () -> RemoteLookup.directory(dir));
    } else {
      access = JukeboxAccess.insecure(DjClient.viaDirectory(() -> RemoteLookup.directory(dir)));
    }
    JukeboxClient client = cb.build();
    ProxyServer proxy = null;
    try {
      client.start();
      ProxyServer.Builder pb = ProxyServer.builder(client, access, home.resolve("proxy")).port(port).bindAddress(address);
      if (own != null && !plainHttp) {
        pb.https(SecureHttp.server(own));
      }
      proxy = pb.build().start();
    } catch (Exception | Error e) {
      Daemons.closeAll(client, proxy);
      throw e;
    }
    if (proxy.users().users().isEmpty()) {
      out.println("no proxy accounts yet: add one with 'jukebox proxy adduser NAME" + (own == null ? " --insecure" : "")
          + " --home " + home + "'");
    }
    if (!address.isLoopbackAddress() && (own == null || plainHttp)) {
      System.err.println("WARNING: plain HTTP on " + address.getHostAddress() + ": passwords and session cookies cross"
          + " the network in clear.");
    }
    out.println("HTML proxy on " + proxy.url() + " (" + client.catalog().size() + " songs from "
        + client.soundSmiths().size() + " SoundSmiths, directory " + dir + ", accounts in " + proxy.users().directory() + ")");
    return new Running(client, proxy);
  }

  /**
   * The demo's proxy, for {@code jukebox demo}: plain HTTP on loopback (browsers do not accept the
   * demo PKI's Ed25519 certificates in TLS) over the demo's catalog client, with an account for
   * each demo user ("demo" and "friend") whose password is made on first run and kept in
   * {@code home/proxy/demo-logins} (readable by this user only). Prints the URL and the logins.
   *
   * @param catalog the demo's started client (the caller keeps ownership)
   * @param pki the demo PKI, or null when the demo runs --insecure
   * @param port the web port, 0 for any free one
   * @return the started proxy; the caller closes it
   */
  static ProxyServer demo(JukeboxClient catalog, Path home, HostPort dir, Pki pki, int port, PrintStream out)
      throws Exception {
    JukeboxAccess access = pki == null
        ? JukeboxAccess.insecure(DjClient.viaDirectory(() -> RemoteLookup.directory(dir)))
        : JukeboxAccess.pki(pki, () -> RemoteLookup.directory(dir));
    Path data = home.resolve("proxy");
    UserStore users = UserStore.open(data.resolve("users"));
    Path loginsFile = data.resolve("demo-logins");
    Properties logins = new Properties();
    if (Files.isRegularFile(loginsFile)) {
      try (var r = Files.newBufferedReader(loginsFile)) {
        logins.load(r);
      }
    }
    boolean changed = false;
    for (String user : SecurityOptions.DEMO_USERS) {
      if (logins.getProperty(user) == null || !users.exists(user)) {
        byte[] random = new byte[9];
        new SecureRandom().nextBytes(random);
        String password = user + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        char[] secret = pki == null ? new char[0] : SecurityOptions.demoPassphrase(home);
        try {
          users.put(user, password.toCharArray(), user, secret);
        } finally {
          Arrays.fill(secret, '\0');
        }
        logins.setProperty(user, password);
        changed = true;
      }
    }
    if (changed) {
      Files.createDirectories(data);
      Path tmp = Files.createTempFile(data, ".demo-logins", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      try (var w = Files.newBufferedWriter(tmp)) {
        logins.store(w, "Demo logins of the HTML proxy (made on first run)");
      }
      Files.move(tmp, loginsFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    ProxyServer proxy = ProxyServer.builder(catalog, access, data).users(users).port(port).build().start();
    out.println("HTML proxy on " + proxy.url() + " — log in as demo / " + logins.getProperty("demo")
        + " or friend / " + logins.getProperty("friend") + " (kept in " + loginsFile + ")");
    return proxy;
  }

  /** {@code jukebox proxy adduser NAME}: creates or replaces a proxy account. */
  @Command(
      name = "adduser",
      mixinStandardHelpOptions = true,
      description = {
        "Creates (or replaces) a proxy account NAME for the jukebox user --jukebox-user (default NAME).",
        "Asks for the new proxy password (or reads --password-file / $" + AddUser.PASSWORD_ENV + ") and, with"
            + " security on, for the passphrase of the jukebox user's key (--key-passphrase-file / $"
            + KeysCommand.PASSPHRASE_ENV + "), checks that it opens the key, and stores it sealed with"
            + " AES-256-GCM under an Argon2id key derived from the proxy password. Nothing is stored in clear."
      })
  static final class AddUser implements Callable<Integer> {
    static final String PASSWORD_ENV = "JUKEBOX_PROXY_PASSWORD";

    @Mixin DaemonOptions daemon;
    @Mixin SecurityOptions security;

    @Parameters(index = "0", paramLabel = "NAME", description = "The account name at the proxy (a-z 0-9 . _ -).")
    String name;

    @Option(names = "--jukebox-user", paramLabel = "USER", description = "Whose certificate the proxy presents for this account (default: NAME).")
    String jukeboxUser;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the new proxy password.")
    Path passwordFile;

    /** Test seams: environment and the terminal. */
    Map<String, String> env = System.getenv();
    Function<String, char[]> prompt = text -> System.console() == null ? null : System.console().readPassword("%s", text);
    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
      UserStore.checkName(name);
      String who = jukeboxUser == null ? name : jukeboxUser;
      Path home = daemon.home();
      char[] password = password();
      char[] secret = security.insecure ? new char[0] : keyPassphrase(who);
      try {
        if (!security.insecure) {
          try {
            Pki.at(home).keyAndChain(CertificateKind.USER, who, secret); // proves the passphrase before storing it
          } catch (PkiException e) {
            throw new IllegalArgumentException("cannot open the key of jukebox user " + who + ": " + e.getMessage(), e);
          }
        }
        UserStore users = UserStore.open(home.resolve("proxy").resolve("users"));
        boolean existed = users.exists(name);
        users.put(name, password, who, secret);
        out.println((existed ? "replaced" : "added") + " proxy account " + name + " for jukebox user " + who
            + (security.insecure ? " (no jukebox credentials: --insecure)" : "") + " in " + users.directory());
        return 0;
      } finally {
        Arrays.fill(password, '\0');
        Arrays.fill(secret, '\0');
      }
    }

    private char[] password() {
      if (passwordFile != null) {
        return KeysCommand.readPassphraseFile(passwordFile);
      }
      String fromEnv = env.get(PASSWORD_ENV);
      if (fromEnv != null && !fromEnv.isEmpty()) {
        return fromEnv.toCharArray();
      }
      char[] first = prompt.apply("New proxy password for " + name + ": ");
      if (first == null) {
        throw new IllegalStateException("no proxy password: use --password-file FILE, set " + PASSWORD_ENV
            + ", or run on a terminal");
      }
      char[] again = prompt.apply("Again: ");
      if (again == null || !Arrays.equals(first, again)) {
        Arrays.fill(first, '\0');
        throw new IllegalArgumentException("the two passwords differ");
      }
      Arrays.fill(again, '\0');
      return first;
    }

    private char[] keyPassphrase(String who) {
      if (security.passphraseFile != null) {
        return KeysCommand.readPassphraseFile(security.passphraseFile);
      }
      String fromEnv = env.get(KeysCommand.PASSPHRASE_ENV);
      if (fromEnv != null && !fromEnv.isEmpty()) {
        return fromEnv.toCharArray();
      }
      char[] typed = prompt.apply("Passphrase of the key of jukebox user " + who + ": ");
      if (typed == null) {
        throw new IllegalStateException("no passphrase for the key of " + who + ": use --key-passphrase-file FILE, set "
            + KeysCommand.PASSPHRASE_ENV + ", run on a terminal, or pass --insecure");
      }
      return typed;
    }
  }
}
