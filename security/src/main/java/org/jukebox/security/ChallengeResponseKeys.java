package org.jukebox.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jukebox.security.internal.hmac.Scram;

/**
 * The server's table of users for the {@code hmac} mechanism: for each user, not the shared key
 * itself but what SCRAM derives from it (a salt, an iteration count, {@code StoredKey} and
 * {@code ServerKey}). Someone who steals the table can check guesses of a key but cannot
 * authenticate as a user, because the client proof needs {@code ClientKey}, which only the key
 * yields.
 *
 * <p>File format (UTF-8 text): a first line {@value #HEADER}; then one line per user,
 * {@code USER ITERATIONS SALT STORED_KEY SERVER_KEY} with the last three in base64; blank lines
 * and lines starting with {@code #} are ignored.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChallengeResponseKeys {
  /** The first line of every key file. */
  public static final String HEADER = "jukebox-hmac-keys 1";
  /** The iteration count of keys added without one (RFC 7677's minimum). */
  public static final int DEFAULT_ITERATIONS = Scram.MIN_ITERATIONS;
  /** The shortest shared key accepted: 16 bytes. */
  public static final int MIN_KEY_BYTES = 16;
  /** The longest shared key accepted: 1024 bytes. */
  public static final int MAX_KEY_BYTES = 1024;

  private static final int SALT_BYTES = 16;

  /** What the server keeps for one user. */
  record Entry(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {}

  private final Map<String, Entry> entries;

  private ChallengeResponseKeys(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /** Starts an empty table. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a key file.
   *
   * @throws IOException if it cannot be read, or is malformed: {@code "FILE is not an HMAC key
   *     file (first line is not jukebox-hmac-keys 1)"}, {@code "FILE line 3: ..."}
   */
  public static ChallengeResponseKeys load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw new IOException(file + " is not an HMAC key file (first line is not " + HEADER + ")");
    }
    Builder b = builder();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        b.addLine(line);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  /**
   * Writes the table to {@code file} in the format above, replacing it atomically where the file
   * system allows, so a reader never sees half a table.
   *
   * @throws IOException if it cannot be written
   */
  public void write(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, encode(), StandardCharsets.UTF_8);
    try {
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The table in the file format above. */
  public String encode() {
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder s = new StringBuilder(HEADER).append('\n');
    entries.forEach((user, e) -> s.append(user).append(' ').append(e.iterations()).append(' ')
        .append(b64.encodeToString(e.salt())).append(' ').append(b64.encodeToString(e.storedKey()))
        .append(' ').append(b64.encodeToString(e.serverKey())).append('\n'));
    return s.toString();
  }

  /** The users in the table, sorted. */
  public Set<String> users() {
    return entries.keySet();
  }

  /** Whether {@code user} has a key. */
  public boolean contains(String user) {
    return entries.containsKey(Objects.requireNonNull(user, "user"));
  }

  Optional<Entry> entry(String user) {
    return Optional.ofNullable(entries.get(user));
  }

  @Override
  public String toString() {
    return "ChallengeResponseKeys" + entries.keySet();
  }

  /**
   * Checks a shared key's length.
   *
   * @throws IllegalArgumentException {@code "HMAC key is shorter than 16 bytes: 3"} or
   *     {@code "HMAC key is longer than 1024 bytes: 2000"}
   */
  static byte[] checkKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("HMAC key is shorter than " + MIN_KEY_BYTES + " bytes: " + key.length);
    }
    if (key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("HMAC key is longer than " + MAX_KEY_BYTES + " bytes: " + key.length);
    }
    return key;
  }

  /** Builds a {@link ChallengeResponseKeys}; not thread-safe. */
  public static final class Builder {
    private final Map<String, Entry> entries = new TreeMap<>();
    private int iterations = DEFAULT_ITERATIONS;

    Builder() {}

    /**
     * The iteration count for keys added after this call.
     *
     * @throws IllegalArgumentException {@code "HMAC iterations outside 4096..1000000: 10"}
     */
    public Builder iterations(int iterations) {
      this.iterations = checkIterations(iterations);
      return this;
    }

    /**
     * Adds (or replaces) {@code user} with the shared {@code key}, under a fresh random salt;
     * only the derived StoredKey and ServerKey are kept.
     *
     * @throws IllegalArgumentException if the user name is unusable ({@code "HMAC user name is
     *     blank"}, ... contains whitespace ...) or the key is too short or too long
     */
    public Builder add(String user, byte[] key) {
      Scram.checkUser(Objects.requireNonNull(user, "user"));
      checkKey(key);
      byte[] salt = Scram.random(SALT_BYTES);
      byte[] salted = Scram.hi(key, salt, iterations);
      byte[] storedKey = Scram.storedKey(Scram.clientKey(salted));
      entries.put(user, new Entry(iterations, salt, storedKey, Scram.serverKey(salted)));
      return this;
    }

    /** Removes {@code user}, if present. */
    public Builder remove(String user) {
      entries.remove(Objects.requireNonNull(user, "user"));
      return this;
    }

    void addLine(String line) {
      String[] f = line.split("\\s+");
      if (f.length != 5) {
        throw new IllegalArgumentException("expected 5 fields (USER ITERATIONS SALT STORED_KEY SERVER_KEY), found " + f.length);
      }
      String user = Scram.checkUser(f[0]);
      int n;
      try {
        n = Integer.parseInt(f[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("iterations is not a number: " + f[1]);
      }
      checkIterations(n);
      Base64.Decoder b64 = Base64.getDecoder();
      byte[] salt;
      byte[] stored;
      byte[] server;
      try {
        salt = b64.decode(f[2]);
        stored = b64.decode(f[3]);
        server = b64.decode(f[4]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad base64 for " + user + ": " + e.getMessage());
      }
      if (salt.length < Scram.MIN_SALT || salt.length > Scram.MAX_SALT) {
        throw new IllegalArgumentException("salt of " + user + " is " + salt.length + " bytes, expected "
            + Scram.MIN_SALT + ".." + Scram.MAX_SALT);
      }
      if (stored.length != Scram.SIZE || server.length != Scram.SIZE) {
        throw new IllegalArgumentException("StoredKey and ServerKey of " + user + " must be " + Scram.SIZE + " bytes each");
      }
      if (entries.containsKey(user)) {
        throw new IllegalArgumentException("user " + user + " appears twice");
      }
      entries.put(user, new Entry(n, salt, stored, server));
    }

    /** The table. */
    public ChallengeResponseKeys build() {
      return new ChallengeResponseKeys(entries);
    }

    private static int checkIterations(int n) {
      if (n < Scram.MIN_ITERATIONS || n > Scram.MAX_ITERATIONS) {
        throw new IllegalArgumentException("HMAC iterations outside " + Scram.MIN_ITERATIONS + ".."
            + Scram.MAX_ITERATIONS + ": " + n);
      }
      return n;
    }
  }
}
