package org.jukebox.web;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The proxy's accounts, one file per user in a folder: each holds the user's jukebox
 * credentials encrypted with AES-256-GCM under a key derived from their proxy password by
 * Argon2id (a fresh random salt and nonce at every write). The password and the secret are
 * never stored in clear and never logged; a wrong password is told apart from a right one only
 * by the GCM tag.
 *
 * <p>Thread-safe: files are replaced atomically.
 */
public final class UserStore {
  /** Argon2id cost: memory in KiB, passes, lanes. */
  public record KdfCost(int memoryKiB, int iterations, int parallelism) {
    /** The default: 64 MiB, 3 passes, 1 lane (OWASP's Argon2id recommendation, ~0.1-0.3 s). */
    public static final KdfCost DEFAULT = new KdfCost(64 * 1024, 3, 1);

    /**
     * @throws IllegalArgumentException if memory is under 8 KiB per lane or a count is under 1
     */
    public KdfCost {
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations < 1: " + iterations);
      }
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism < 1: " + parallelism);
      }
      if (memoryKiB < 8 * parallelism) {
        throw new IllegalArgumentException("memoryKiB < 8 x parallelism: " + memoryKiB);
      }
    }
  }

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
  private static final String SUFFIX = ".user";
  private static final int SALT_BYTES = 16;
  private static final int NONCE_BYTES = 12;

  private final Path dir;
  private final KdfCost cost;
  private final SecureRandom random = new SecureRandom();
  /** Work for an unknown name, so that a wrong name costs as long as a wrong password. */
  private final byte[] decoySalt = new byte[SALT_BYTES];

  private UserStore(Path dir, KdfCost cost) {
    this.dir = dir;
    this.cost = cost;
    random.nextBytes(decoySalt);
  }

  /**
   * The store in {@code dir}, created (readable by this user only) if missing, deriving new keys
   * with {@link KdfCost#DEFAULT}.
   *
   * @throws UncheckedIOException if the folder cannot be created
   */
  public static UserStore open(Path dir) {
    return open(dir, KdfCost.DEFAULT);
  }

  /** As {@link #open(Path)}, deriving keys of new or changed accounts at {@code cost} (tests go cheap). */
  public static UserStore open(Path dir, KdfCost cost) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(cost, "cost");
    try {
      Files.createDirectories(dir);
      ownerOnly(dir, "rwx------");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the user folder " + dir + ": " + e.getMessage(), e);
    }
    return new UserStore(dir, cost);
  }

  /** The folder the accounts are kept in. */
  public Path directory() {
    return dir;
  }

  /**
   * Checks a proxy account name: 1 to 32 of lower-case letters, digits, {@code . _ -},
   * starting with a letter or digit.
   *
   * @throws IllegalArgumentException with the reason if it is not one
   */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad user name (1-32 of a-z 0-9 . _ -, starting with a letter or digit): "
          + printable(name));
    }
    return name;
  }

  /** Whether an account of that name exists. */
  public boolean exists(String name) {
    return NAME.matcher(name).matches() && Files.isRegularFile(file(name));
  }

  /** The account names, sorted. */
  public List<String> users() {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
          .map(n -> n.substring(0, n.length() - SUFFIX.length())).filter(n -> NAME.matcher(n).matches())
          .sorted().forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Creates or replaces the account {@code name}: {@code secret} is encrypted under a key
   * derived from {@code password}. Neither array is kept or changed.
   *
   * @throws IllegalArgumentException if the name is bad or the password shorter than 8 characters
   * @throws IOException if the file cannot be written
   */
  public void put(String name, char[] password, String jukeboxUser, char[] secret) throws IOException {
    checkName(name);
    Objects.requireNonNull(jukeboxUser, "jukeboxUser");
    Objects.requireNonNull(secret, "secret");
    if (password.length < 8) {
      throw new IllegalArgumentException("password shorter than 8 characters");
    }
    if (jukeboxUser.isBlank() || jukeboxUser.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("bad jukebox user name: " + printable(jukeboxUser));
    }
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    byte[] key = derive(password, salt, cost);
    byte[] plain = utf8(secret);
    byte[] sealed;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad(name, jukeboxUser));
      sealed = c.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable: " + e, e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
    Properties p = new Properties();
    Base64.Encoder b64 = Base64.getEncoder();
    p.setProperty("format", "jukebox-proxy-user-1");
    p.setProperty("jukeboxUser", jukeboxUser);
    p.setProperty("kdf", "argon2id");
    p.setProperty("memoryKiB", Integer.toString(cost.memoryKiB()));
    p.setProperty("iterations", Integer.toString(cost.iterations()));
    p.setProperty("parallelism", Integer.toString(cost.parallelism()));
    p.setProperty("salt", b64.encodeToString(salt));
    p.setProperty("nonce", b64.encodeToString(nonce));
    p.setProperty("sealed", b64.encodeToString(sealed));
    Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
    try {
      ownerOnly(tmp, "rw-------");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "Jukebox proxy account: credentials sealed with AES-256-GCM under an Argon2id key");
      }
      try {
        Files.move(tmp, file(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file(name), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Removes the account; returns whether it existed.
   *
   * @throws IOException if the file cannot be deleted
   */
  public boolean remove(String name) throws IOException {
    return NAME.matcher(name).matches() && Files.deleteIfExists(file(name));
  }

  /**
   * The account's credentials if {@code password} is right; empty for a wrong password or an
   * unknown (or malformed) name, after as much work as a real check.
   *
   * @throws IOException if an existing account file cannot be read or is damaged
   */
  public Optional<Credentials> unlock(String name, char[] password) throws IOException {
    Objects.requireNonNull(password, "password");
    if (name == null || !exists(name)) {
      Arrays.fill(derive(password, decoySalt, cost), (byte) 0);
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file(name), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    byte[] key = null;
    byte[] plain = null;
    try {
      if (!"jukebox-proxy-user-1".equals(p.getProperty("format")) || !"argon2id".equals(p.getProperty("kdf"))) {
        throw new IOException("account file " + file(name) + " has an unknown format");
      }
      String jukeboxUser = Objects.requireNonNull(p.getProperty("jukeboxUser"), "jukeboxUser");
      KdfCost stored = new KdfCost(Integer.parseInt(p.getProperty("memoryKiB")),
          Integer.parseInt(p.getProperty("iterations")), Integer.parseInt(p.getProperty("parallelism")));
      Base64.Decoder b64 = Base64.getDecoder();
      byte[] salt = b64.decode(p.getProperty("salt"));
      byte[] nonce = b64.decode(p.getProperty("nonce"));
      byte[] sealed = b64.decode(p.getProperty("sealed"));
      key = derive(password, salt, stored);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad(name, jukeboxUser));
      try {
        plain = c.doFinal(sealed);
      } catch (AEADBadTagException wrongPassword) {
        return Optional.empty();
      }
      return Optional.of(new Credentials(name, jukeboxUser, chars(plain)));
    } catch (RuntimeException | GeneralSecurityException e) {
      throw new IOException("account file " + file(name) + " is damaged: " + e.getClass().getSimpleName(), e);
    } finally {
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private Path file(String name) {
    return dir.resolve(name + SUFFIX);
  }

  private static byte[] aad(String name, String jukeboxUser) {
    // Binds the sealed secret to its account: a file copied over another account's will not open.
    return ("jukebox-proxy-user-1\0" + name + "\0" + jukeboxUser).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] derive(char[] password, byte[] salt, KdfCost cost) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt)
        .withMemoryAsKB(cost.memoryKiB())
        .withIterations(cost.iterations())
        .withParallelism(cost.parallelism())
        .build();
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(params);
    byte[] key = new byte[32];
    g.generateBytes(password, key);
    return key;
  }

  private static byte[] utf8(char[] chars) {
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] out = new byte[bb.remaining()];
    bb.get(out);
    Arrays.fill(bb.array(), (byte) 0);
    return out;
  }

  private static char[] chars(byte[] utf8) {
    CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(utf8));
    char[] out = new char[cb.remaining()];
    cb.get(out);
    Arrays.fill(cb.array(), '\0');
    return out;
  }

  private static void ownerOnly(Path p, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own protection is all there is
    }
  }

  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return "\"" + b + (s.length() > 64 ? "..." : "") + "\"";
  }
}
