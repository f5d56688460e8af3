package org.jukebox.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {
  private static final String SECRET = "correct horse battery staple";
  private static final String PASSWORD = "proxy-password-9";

  @TempDir Path dir;

  private UserStore store() {
    return UserStore.open(dir.resolve("users"), ProxyTestBase.CHEAP);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void theRightPasswordUnlocksTheSecretAndTheFileHoldsNeitherInClear() throws Exception {
    UserStore users = store();
    users.put("carol", PASSWORD.toCharArray(), "carol-jukebox", SECRET.toCharArray());
    Credentials c = users.unlock("carol", PASSWORD.toCharArray()).orElseThrow();
    assertEquals("carol-jukebox", c.jukeboxUser());
    assertArrayEquals(SECRET.toCharArray(), c.secret());
    assertFalse(c.toString().contains(SECRET));
    c.wipe();
    assertArrayEquals(new char[SECRET.length()], c.secret());

    List<Path> files;
    try (Stream<Path> s = Files.list(users.directory())) {
      files = s.toList();
    }
    assertEquals(1, files.size());
    byte[] stored = Files.readAllBytes(files.get(0));
    for (String clear : List.of(SECRET, PASSWORD, "horse", "proxy-password")) {
      assertFalse(contains(stored, clear.getBytes(StandardCharsets.UTF_8)), clear);
      assertFalse(contains(stored, clear.getBytes(StandardCharsets.UTF_16BE)), clear);
      // Whole base64 groups of the text's start: what a stored-in-base64 secret would show.
      String b64 = Base64.getEncoder().encodeToString(clear.getBytes(StandardCharsets.UTF_8));
      assertFalse(contains(stored, b64.substring(0, Math.min(12, 4 * (clear.length() / 3)))
          .getBytes(StandardCharsets.US_ASCII)), clear);
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users.directory())));
  }

  @Test
  void aWrongPasswordOrUnknownNameUnlocksNothing() throws Exception {
    UserStore users = store();
    users.put("carol", PASSWORD.toCharArray(), "carol", SECRET.toCharArray());
    assertTrue(users.unlock("carol", "proxy-password-8".toCharArray()).isEmpty());
    assertTrue(users.unlock("dave", PASSWORD.toCharArray()).isEmpty());
    assertTrue(users.unlock("../carol", PASSWORD.toCharArray()).isEmpty());
    assertEquals(List.of("carol"), users.users());
  }

  @Test
  void anAccountFileCopiedOverAnotherNameDoesNotOpen() throws Exception {
    UserStore users = store();
    users.put("carol", PASSWORD.toCharArray(), "carol", SECRET.toCharArray());
    Files.copy(users.directory().resolve("carol.user"), users.directory().resolve("mallory.user"));
    assertTrue(users.unlock("mallory", PASSWORD.toCharArray()).isEmpty());
  }

  @Test
  void rewritingAnAccountUsesAFreshSaltAndNonce() throws Exception {
    UserStore users = store();
    users.put("carol", PASSWORD.toCharArray(), "carol", SECRET.toCharArray());
    String first = Files.readString(users.directory().resolve("carol.user"));
    users.put("carol", PASSWORD.toCharArray(), "carol", SECRET.toCharArray());
    String second = Files.readString(users.directory().resolve("carol.user"));
    assertFalse(line(first, "salt=").equals(line(second, "salt=")));
    assertFalse(line(first, "sealed=").equals(line(second, "sealed=")));
  }

  private static String line(String file, String prefix) {
    return file.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void badNamesAndShortPasswordsAreRefusedWithTheReason() {
    UserStore users = store();
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> users.put("../x", PASSWORD.toCharArray(), "x", new char[0]));
    assertEquals("bad user name (1-32 of a-z 0-9 . _ -, starting with a letter or digit): \"../x\"", name.getMessage());
    IllegalArgumentException crlf = assertThrows(IllegalArgumentException.class,
        () -> UserStore.checkName("a\r\nb"));
    assertEquals("bad user name (1-32 of a-z 0-9 . _ -, starting with a letter or digit): \"a\\x0d\\x0ab\"", crlf.getMessage());
    IllegalArgumentException shortPw = assertThrows(IllegalArgumentException.class,
        () -> users.put("carol", "short".toCharArray(), "carol", new char[0]));
    assertEquals("password shorter than 8 characters", shortPw.getMessage());
    assertEquals("iterations < 1: 0", assertThrows(IllegalArgumentException.class,
        () -> new UserStore.KdfCost(1024, 0, 1)).getMessage());
  }
}
