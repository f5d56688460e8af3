package org.jukebox.swing.controller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;

/**
 * Named playlists saved as text files ({@code NAME.playlist}, one song per line: id, tab, artist,
 * tab, title — the names only help a human reading the file) in one folder.
 *
 * <p>Thread-safe: each save replaces its file atomically.
 */
public final class PlaylistStore {
  static final String SUFFIX = ".playlist";
  private static final String HEADER = "# Jukebox playlist: song id, artist, title (tab-separated)";

  private final Path folder;

  private PlaylistStore(Path folder) {
    this.folder = folder;
  }

  /** A store in {@code folder} (created on the first save). */
  public static PlaylistStore in(Path folder) {
    return new PlaylistStore(Objects.requireNonNull(folder, "folder"));
  }

  /** The folder. */
  public Path folder() {
    return folder;
  }

  /** The saved playlists' names, sorted. @throws IOException if the folder cannot be read */
  public List<String> names() throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
          .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }
  }

  /**
   * Saves {@code songs} under {@code name}, replacing a playlist of that name.
   *
   * @throws IllegalArgumentException if the name is blank or not usable as a file name
   * @throws IOException if the file cannot be written
   */
  public void save(String name, List<Song> songs) throws IOException {
    Path file = file(name);
    Files.createDirectories(folder);
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (Song s : songs) {
      lines.add(s.id().value() + "\t" + clean(s.artist()) + "\t" + clean(s.title()));
    }
    Path tmp = Files.createTempFile(folder, ".save-", ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The song ids of the playlist {@code name}, in order.
   *
   * @throws IllegalArgumentException if the name is not usable
   * @throws IOException if there is no such playlist or it cannot be read
   */
  public List<SongId> load(String name) throws IOException {
    List<SongId> ids = new ArrayList<>();
    for (String line : Files.readAllLines(file(name), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      ids.add(new SongId(tab < 0 ? line.trim() : line.substring(0, tab)));
    }
    return ids;
  }

  /** Deletes the playlist {@code name}; nothing if there is none. */
  public void delete(String name) throws IOException {
    Files.deleteIfExists(file(name));
  }

  private Path file(String name) {
    Objects.requireNonNull(name, "name");
    String n = name.trim();
    if (n.isEmpty()) {
      throw new IllegalArgumentException("playlist name is blank");
    }
    for (char c : n.toCharArray()) {
      if (c == '/' || c == '\\' || c == ':' || c < ' ' || "*?\"<>|".indexOf(c) >= 0) {
        throw new IllegalArgumentException("playlist name has a character not allowed in a file name: " + c);
      }
    }
    if (n.startsWith(".")) {
      throw new IllegalArgumentException("playlist name starts with a dot: " + n);
    }
    return folder.resolve(n + SUFFIX);
  }

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
