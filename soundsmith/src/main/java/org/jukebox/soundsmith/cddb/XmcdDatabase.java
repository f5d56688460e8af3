package org.jukebox.soundsmith.cddb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jukebox.soundsmith.cd.DiscInfo;
import org.jukebox.soundsmith.cd.Toc;

/**
 * A local CDDB database in the freedb dump layout: one folder per category (blues, classical,
 * rock…), one xmcd file per entry named by its eight-hex-digit disc id, so lookups work
 * offline. A disc's id is looked up in every category; when several hold it (freedb ids
 * collide), the first, in category name order, whose entry matches the disc's table of contents
 * wins, and the result lists them all.
 *
 * <p>An entry whose {@code DISCID} line lists several ids (freedb merged the submissions of
 * slightly different pressings) is stored, as the dump does, under each of them; it is found by
 * any of its ids.
 *
 * <p>Reads the folder on every lookup (nothing cached), so entries added later are found.
 * Thread-safe.
 */
public final class XmcdDatabase implements Cddb {
  /** An entry file larger than this is refused as malformed: real ones are a few kilobytes. */
  static final long MAX_ENTRY_BYTES = 1 << 20;

  private final Path root;

  private XmcdDatabase(Path root) {
    this.root = root;
  }

  /**
   * A database over {@code root}.
   *
   * @throws IllegalArgumentException if it is not a folder: {@code "xmcd database is not a folder: /x"}
   */
  public static XmcdDatabase open(Path root) {
    Objects.requireNonNull(root, "root");
    Path abs = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new IllegalArgumentException("xmcd database is not a folder: " + abs);
    }
    return new XmcdDatabase(abs);
  }

  /** The database folder, absolute. */
  public Path root() {
    return root;
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public CddbResult lookup(Toc toc) {
    Objects.requireNonNull(toc, "toc");
    String id = toc.freedbId();
    List<CddbMatch> matches = new ArrayList<>();
    List<CddbEntry> entries = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    try {
      for (String category : categories()) {
        Path file = root.resolve(category).resolve(id);
        if (!Files.isRegularFile(file)) {
          continue;
        }
        CddbEntry entry = null;
        String title = "";
        try {
          entry = read(file, category);
          title = entry.artist().equals(entry.album()) ? entry.album() : entry.artist() + " / " + entry.album();
        } catch (XmcdFormatException | IOException e) {
          unreadable.add(category + "/" + id + ": " + e.getMessage());
        }
        matches.add(new CddbMatch(category, id, title));
        entries.add(entry);
      }
    } catch (IOException e) {
      return CddbResult.failed(CddbResult.Outcome.UNREACHABLE, List.of(),
          "cannot read xmcd database " + root + ": " + e.getMessage());
    }
    return Choice.choose(toc, matches, m -> {
      CddbEntry e = entries.get(matches.indexOf(m));
      if (e != null) {
        return Choice.Read.of(e);
      }
      String why = unreadable.stream().filter(u -> u.startsWith(m + ": ")).findFirst().orElse(m.toString());
      return Choice.Read.failed(CddbResult.Outcome.MALFORMED, why.substring(m.toString().length() + 2));
    }, root.toString());
  }

  /**
   * Reads one entry file.
   *
   * @throws XmcdFormatException if it is not an xmcd entry, or too large
   * @throws IOException if it cannot be read
   */
  static CddbEntry read(Path file, String category) throws IOException, XmcdFormatException {
    if (Files.size(file) > MAX_ENTRY_BYTES) {
      throw new XmcdFormatException("larger than " + MAX_ENTRY_BYTES + " bytes");
    }
    return XmcdParser.parse(Files.readAllBytes(file), category);
  }

  /**
   * Writes an entry for a disc into the database, as {@code category/freedbId} (replacing one
   * that is there), atomically: the xmcd text a freedb submission would hold, with the disc's
   * track offsets and length in the comment header. For the demo and for people who name their
   * own discs offline. A track whose artist is not the disc's is written "Artist / Title"
   * (read back as its own artist when the disc artist is "Various", or every track has one).
   *
   * @return the file written
   * @throws IllegalArgumentException if the category is not 1 to 32 of {@code [a-z0-9_-]}
   *     ({@code "category must be 1 to 32 of [a-z0-9_-]: Rock Music"}), or the names do not
   *     have one title per track ({@code "4 tracks on the disc, 3 titles"})
   * @throws IOException if it cannot be written
   */
  public Path put(String category, Toc toc, DiscInfo info) throws IOException {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(toc, "toc");
    Objects.requireNonNull(info, "info");
    if (!category.matches("[a-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException("category must be 1 to 32 of [a-z0-9_-]: " + category);
    }
    if (info.trackTitles().size() != toc.trackCount()) {
      throw new IllegalArgumentException(toc.trackCount() + " tracks on the disc, " + info.trackTitles().size()
          + " titles");
    }
    StringBuilder x = new StringBuilder("# xmcd\n#\n# Track frame offsets:\n");
    for (int offset : toc.offsets()) {
      x.append("#\t").append(offset).append('\n');
    }
    x.append("#\n# Disc length: ").append(toc.leadOut() / Toc.FRAMES_PER_SECOND).append(" seconds\n#\n")
        .append("# Revision: 0\n# Submitted via: ").append(CddbHttp.CLIENT).append(' ').append(CddbHttp.CLIENT_VERSION)
        .append("\n#\n");
    field(x, "DISCID", toc.freedbId());
    field(x, "DTITLE", info.artist().isEmpty() ? info.album() : info.artist() + " / " + info.album());
    field(x, "DYEAR", info.year() > 0 ? Integer.toString(info.year()) : "");
    field(x, "DGENRE", info.genre());
    for (int i = 0; i < toc.trackCount(); i++) {
      String own = info.trackArtists().get(i);
      String title = info.trackTitles().get(i);
      field(x, "TTITLE" + i, own.isEmpty() || own.equals(info.artist()) ? title : own + " / " + title);
    }
    field(x, "EXTD", info.extended());
    for (int i = 0; i < toc.trackCount(); i++) {
      field(x, "EXTT" + i, "");
    }
    field(x, "PLAYORDER", "");
    Path dir = root.resolve(category);
    Files.createDirectories(dir);
    Path file = dir.resolve(toc.freedbId());
    Path temp = Files.createTempFile(dir, "." + toc.freedbId() + "-", ".part");
    try {
      Files.writeString(temp, x, java.nio.charset.StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return file;
  }

  /** One field, escaped, split over several lines of at most ~200 characters as xmcd wants (256 bytes a line). */
  private static void field(StringBuilder x, String key, String value) {
    String v = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    do {
      int end = Math.min(v.length(), 200);
      if (end < v.length()) {
        while (end > 1 && v.charAt(end - 1) == '\\') {
          end--; // never split an escape: keep every backslash pair on one line
        }
        if (Character.isHighSurrogate(v.charAt(end - 1))) {
          end--;
        }
      }
      x.append(key).append('=').append(v, 0, end).append('\n');
      v = v.substring(end);
    } while (!v.isEmpty());
  }

  private List<String> categories() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path d : dirs) {
        names.add(d.getFileName().toString());
      }
    }
    names.sort(null);
    return names;
  }
}
