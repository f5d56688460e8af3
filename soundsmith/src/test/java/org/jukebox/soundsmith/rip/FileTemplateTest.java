package org.jukebox.soundsmith.rip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileTemplateTest {
  private static TrackNames names(String artist, String album, String title) {
    return new TrackNames(artist, artist, album, title, 3, 11, 2021, "Latin", "0e031e04");
  }

  @Test
  void defaultTemplateFilesByArtistAlbumAndNumberedTitle() {
    FileTemplate t = FileTemplate.parse(FileTemplate.DEFAULT);
    assertEquals("Ana Lucía Peñalver/Mañanas de Café/03 - Pequeña Canción.mp3",
        t.render(names("Ana Lucía Peñalver", "Mañanas de Café", "Pequeña Canción")));
  }

  @Test
  void everyPlaceholderIsFilledIn() {
    FileTemplate t = FileTemplate.parse("%g/%y %A - %l [%d]/%n of %N %a - %t 100%%.mp3");
    assertEquals("Latin/2021 X - Y [0e031e04]/03 of 11 X - Z 100%.mp3", t.render(names("X", "Y", "Z")));
  }

  @Test
  void valuesCannotClimbOutOfTheLibraryOrUseIllegalCharacters() {
    FileTemplate t = FileTemplate.parse(FileTemplate.DEFAULT);
    assertEquals("_.._etc/_/03 - What_ A_B_ _C_ _D_E_F_.mp3",
        t.render(names("../../etc", "..", "What? A/B: \"C\" <D|E*F>")));
    assertEquals("Unknown artist/_/03 - _.mp3", t.render(names("", "...", " . ")));
    assertEquals("_CON/_nul.txt/03 - x.mp3", t.render(names("CON", "nul.txt", "x")));
    Path library = Path.of("/music").toAbsolutePath();
    Path file = t.resolve(library, names("../../etc", "..", "passwd"));
    assertTrue(file.startsWith(library), file.toString());
  }

  @Test
  void longValuesAreCutToWholeCharactersWithinTheByteLimitAndKeepTheExtension() {
    String longTitle = "夜".repeat(100); // 300 bytes of UTF-8
    String rendered = FileTemplate.parse("%n %t.mp3").render(names("a", "b", longTitle));
    assertEquals("03 " + "夜".repeat(53) + ".mp3", rendered);
    assertTrue(rendered.getBytes(StandardCharsets.UTF_8).length < 255);
  }

  @Test
  void badTemplatesAreRefusedWithExactMessages() {
    assertEquals("unknown placeholder %x in template: %n %x.mp3", refused("%n %x.mp3"));
    assertEquals("unknown placeholder % in template: %n.mp3%", refused("%n.mp3%"));
    assertEquals("template must end in .mp3: %a/%n", refused("%a/%n"));
    assertEquals("template must contain %n, so that tracks get different names: %a/%t.mp3", refused("%a/%t.mp3"));
    assertEquals("template must be a relative path inside the library: /music/%n.mp3", refused("/music/%n.mp3"));
    assertEquals("template must not contain an empty folder, . or ..: ../%n.mp3", refused("../%n.mp3"));
    assertEquals("template must not contain an empty folder, . or ..: %a//%n.mp3", refused("%a//%n.mp3"));
  }

  private static String refused(String template) {
    return assertThrows(IllegalArgumentException.class, () -> FileTemplate.parse(template)).getMessage();
  }
}
