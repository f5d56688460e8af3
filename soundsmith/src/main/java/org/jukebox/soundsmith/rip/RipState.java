package org.jukebox.soundsmith.rip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The finished tracks of one disc, one line per track appended (and forced to disk) after its
 * MP3 is moved into the library: {@code track TAB size TAB relative path}. A torn last line
 * (a crash while appending) is ignored. Thread-safe.
 */
final class RipState {
  record Done(int track, long size, String path) {}

  private final Path file;
  private final Map<Integer, Done> done = new HashMap<>();

  private RipState(Path file) {
    this.file = file;
  }

  static RipState load(Path file) throws IOException {
    RipState s = new RipState(file);
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (!text.isEmpty() && !text.endsWith("\n")) {
        // a crash while appending: drop the torn line, so the next append starts a line of its own
        text = text.substring(0, text.lastIndexOf('\n') + 1);
        Files.writeString(file, text, StandardCharsets.UTF_8);
      }
      for (String line : text.split("\n")) {
        String[] f = line.split("\t", 3);
        if (f.length == 3) {
          try {
            Done d = new Done(Integer.parseInt(f[0]), Long.parseLong(f[1]), f[2]);
            s.done.put(d.track(), d);
          } catch (NumberFormatException e) {
            // a damaged line only costs that track a second rip
          }
        }
      }
    }
    return s;
  }

  synchronized Optional<Done> done(int track) {
    return Optional.ofNullable(done.get(track));
  }

  synchronized void record(int track, long size, String path) throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap((track + "\t" + size + "\t" + path + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    done.put(track, new Done(track, size, path));
  }
}
