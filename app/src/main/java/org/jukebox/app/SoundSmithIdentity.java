package org.jukebox.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import org.jukebox.api.SoundSmithId;

/**
 * Where a SoundSmith keeps its data and what it is called: one folder per collection under the
 * Jukebox home, holding a persisted id so that song ids stay stable across restarts.
 */
final class SoundSmithIdentity {
  static final String ID_FILE = "soundsmith.id";

  private SoundSmithIdentity() {}

  /** The data folder for the collection at {@code source}: {@code HOME/soundsmiths/<slug>-<hash>}. */
  static Path dataDir(Path home, Path source) {
    Path abs = source.toAbsolutePath().normalize();
    String name = abs.getFileName() == null ? "root" : abs.getFileName().toString();
    return home.resolve("soundsmiths").resolve(slug(name) + "-" + shortHash(abs.toString()));
  }

  /** The id stored in {@code dataDir}, made (from {@code name} and 32 random bits) on first use. */
  static SoundSmithId load(Path dataDir, String name) throws IOException {
    Path file = dataDir.resolve(ID_FILE);
    if (Files.isRegularFile(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      try {
        return new SoundSmithId(text);
      } catch (IllegalArgumentException e) {
        throw new IOException("corrupt SoundSmith id in " + file + ": " + e.getMessage(), e);
      }
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String base = slug(name);
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    SoundSmithId id = new SoundSmithId(base + "-" + HexFormat.of().formatHex(random));
    Files.createDirectories(dataDir);
    Path tmp = Files.createTempFile(dataDir, ID_FILE, ".tmp");
    Files.writeString(tmp, id.value() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return id;
  }

  /** Lower-case ASCII letters, digits and dashes; never empty. */
  static String slug(String text) {
    String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "music" : s;
  }

  private static String shortHash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is in every JDK", e);
    }
  }
}
