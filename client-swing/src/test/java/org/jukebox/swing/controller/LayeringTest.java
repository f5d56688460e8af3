package org.jukebox.swing.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only the view package org.jukebox.swing uses Swing or AWT: not its controllers, and no other
 * module of the project (the client core stays headless).
 */
class LayeringTest {
  private static final Pattern UI = Pattern.compile("\\b(javax\\.swing|java\\.awt)\\b");

  private static List<String> offenders(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (UI.matcher(Files.readString(f)).find()) {
          out.add(root.relativize(f).toString());
        }
      }
    }
    return out;
  }

  @Test
  void controllersUseNeitherSwingNorAwt() throws IOException {
    Path controllers = Path.of("src", "main", "java", "org", "jukebox", "swing", "controller");
    assertTrue(Files.isDirectory(controllers), controllers.toAbsolutePath().toString());
    assertEquals(List.of(), offenders(controllers));
  }

  @Test
  void noOtherModuleUsesSwing() throws IOException {
    Path project = Path.of("").toAbsolutePath().getParent();
    List<String> found = new ArrayList<>();
    try (Stream<Path> modules = Files.list(project)) {
      for (Path m : modules.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).toList()) {
        for (String f : offenders(m.resolve("src/main/java"))) {
          String where = project.relativize(m) + "/" + f;
          boolean view = where.startsWith("client-swing/org/jukebox/swing/") && !where.contains("/controller/");
          if (!view && Files.readString(m.resolve("src/main/java").resolve(f)).contains("javax.swing")) {
            found.add(where);
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }
}
