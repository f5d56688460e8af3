package org.jukebox.soundsmith.rip;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where a ripped track goes inside the library, from a template such as
 * {@value #DEFAULT}. Placeholders: {@code %a} track artist, {@code %A} disc artist, {@code %l}
 * album, {@code %t} title, {@code %n} track number (two digits), {@code %N} last track number,
 * {@code %y} year, {@code %g} genre, {@code %d} freedb disc id, {@code %%} a percent sign;
 * {@code /} separates folders.
 *
 * <p>Safe by construction: each value is cleaned into one file-name component (no {@code /} or
 * {@code \}, none of {@code : * ? " < > |} or control characters, no leading or trailing dots
 * or spaces, never empty, at most {@value #MAX_COMPONENT} bytes of UTF-8, NFC), the template's own
 * text may not climb out of the library ({@code ..}, absolute paths), and the resolved path is
 * checked to lie inside the library. Immutable and thread-safe.
 */
public final class FileTemplate {
  /** The default template: {@code Artist/Album/03 - Title.mp3}. */
  public static final String DEFAULT = "%a/%l/%n - %t.mp3";
  /** The longest file-name component a value becomes, in UTF-8 bytes (file systems allow 255 for the whole name). */
  public static final int MAX_COMPONENT = 160;
  private static final Set<Character> PLACEHOLDERS = Set.of('a', 'A', 'l', 't', 'n', 'N', 'y', 'g', 'd', '%');
  private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4",
      "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  private final String text;

  private FileTemplate(String text) {
    this.text = text;
  }

  /**
   * Checks a template.
   *
   * @throws IllegalArgumentException naming the problem: {@code "unknown placeholder %x in template: %x.mp3"},
   *     {@code "template must end in .mp3: %n"}, {@code "template must contain %n, so that tracks get different names: %t.mp3"},
   *     {@code "template must be a relative path inside the library: /music/%n.mp3"},
   *     {@code "template must not contain an empty folder, . or ..: ../%n.mp3"}
   */
  public static FileTemplate parse(String template) {
    Objects.requireNonNull(template, "template");
    for (int i = 0; i < template.length(); i++) {
      if (template.charAt(i) == '%') {
        if (i + 1 >= template.length() || !PLACEHOLDERS.contains(template.charAt(i + 1))) {
          String what = i + 1 >= template.length() ? "%" : "%" + template.charAt(i + 1);
          throw new IllegalArgumentException("unknown placeholder " + what + " in template: " + template);
        }
        i++;
      }
    }
    if (!template.toLowerCase(Locale.ROOT).endsWith(".mp3")) {
      throw new IllegalArgumentException("template must end in .mp3: " + template);
    }
    if (!template.replace("%%", "").contains("%n")) {
      throw new IllegalArgumentException("template must contain %n, so that tracks get different names: " + template);
    }
    if (template.startsWith("/") || template.startsWith("\\") || template.matches("^[A-Za-z]:.*")
        || template.contains("\\")) {
      throw new IllegalArgumentException("template must be a relative path inside the library: " + template);
    }
    for (String part : template.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("template must not contain an empty folder, . or ..: " + template);
      }
    }
    return new FileTemplate(template);
  }

  /** The template text. */
  public String text() {
    return text;
  }

  /** The relative path of a track, {@code /}-separated, every component cleaned. */
  public String render(TrackNames n) {
    Objects.requireNonNull(n, "names");
    List<String> components = new ArrayList<>();
    for (String part : text.split("/")) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < part.length(); i++) {
        char c = part.charAt(i);
        if (c != '%') {
          out.append(c);
          continue;
        }
        char p = part.charAt(++i);
        out.append(switch (p) {
          case 'a' -> clean(n.artist().isBlank() ? "Unknown artist" : n.artist());
          case 'A' -> clean(n.discArtist().isBlank() ? "Unknown artist" : n.discArtist());
          case 'l' -> clean(n.album());
          case 't' -> clean(n.title());
          case 'n' -> String.format(Locale.ROOT, "%02d", n.track());
          case 'N' -> String.format(Locale.ROOT, "%02d", n.trackCount());
          case 'y' -> n.year() > 0 ? Integer.toString(n.year()) : "0000";
          case 'g' -> clean(n.genre().isBlank() ? "Unknown genre" : n.genre());
          case 'd' -> clean(n.freedbId());
          default -> "%";
        });
      }
      components.add(whole(out.toString()));
    }
    return String.join("/", components);
  }

  /**
   * The file of a track inside {@code library}.
   *
   * @throws IllegalStateException if it would lie outside the library (cannot happen with a
   *     parsed template; checked anyway because file names come from the network)
   */
  public Path resolve(Path library, TrackNames n) {
    Path root = library.toAbsolutePath().normalize();
    Path file = root;
    for (String c : render(n).split("/")) {
      file = file.resolve(c);
    }
    file = file.normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IllegalStateException("template " + text + " names a file outside the library: " + file);
    }
    return file;
  }

  /** A component assembled from cleaned values and template text: cleaned again, but not shortened (that would cut ".mp3"). */
  private static String whole(String component) {
    String t = chars(component).replaceAll("^[\\s.]+|[\\s.]+$", "");
    return t.isEmpty() ? "_" : reserved(t);
  }

  private static String chars(String value) {
    String s = Normalizer.normalize(value, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f || "/\\:*?\"<>|".indexOf(c) >= 0 ? '_' : c);
    }
    return out.toString();
  }

  private static String reserved(String t) {
    String stem = t.contains(".") ? t.substring(0, t.indexOf('.')) : t;
    return RESERVED.contains(stem.toUpperCase(Locale.ROOT)) ? "_" + t : t;
  }

  /** One safe file-name component made of {@code value}. */
  static String clean(String value) {
    String t = chars(value).replaceAll("^[\\s.]+|[\\s.]+$", "");
    if (t.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT) {
      // file systems count bytes (255 on most): cut whole code points until the UTF-8 fits
      int end = t.length();
      while (t.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT) {
        end = t.offsetByCodePoints(end, -1);
      }
      t = t.substring(0, end).replaceAll("[\\s.]+$", "");
    }
    return t.isEmpty() ? "_" : reserved(t);
  }

  @Override
  public String toString() {
    return text;
  }
}
