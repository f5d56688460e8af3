package org.jukebox.soundsmith.cddb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
