package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jukebox.api.SoundSmithId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoundSmithIdentityTest {
  @TempDir Path home;

  @Test
  void idIsMadeOnceAndReadBackUnchanged() throws IOException {
    Path data = SoundSmithIdentity.dataDir(home, home.resolve("Música Alegre"));
    SoundSmithId first = SoundSmithIdentity.load(data, "Música Alegre");
    SoundSmithId second = SoundSmithIdentity.load(data, "another name");

    assertEquals(first, second);
    assertTrue(first.value().startsWith("musica-alegre-"), first.value());
  }

  @Test
  void twoFoldersWithTheSameNameGetTwoDataDirectories() {
    Path a = SoundSmithIdentity.dataDir(home, Path.of("/srv/a/music"));
    Path b = SoundSmithIdentity.dataDir(home, Path.of("/srv/b/music"));
    assertNotEquals(a, b);
    assertTrue(a.getFileName().toString().startsWith("music-"));
  }

  @Test
  void corruptIdFileIsReportedWithItsPath() throws IOException {
    Path data = Files.createDirectories(home.resolve("x"));
    Files.writeString(data.resolve(SoundSmithIdentity.ID_FILE), "not/valid");
    IOException e = assertThrows(IOException.class, () -> SoundSmithIdentity.load(data, "x"));
    assertTrue(e.getMessage().startsWith("corrupt SoundSmith id in " + data.resolve(SoundSmithIdentity.ID_FILE)),
        e.getMessage());
  }

  @Test
  void slugKeepsOnlyLettersDigitsAndDashes() {
    assertEquals("cafe-tacvba-senor", SoundSmithIdentity.slug("Café Tacvba – Señor!"));
    assertEquals("music", SoundSmithIdentity.slug("東京事変"));
  }
}
