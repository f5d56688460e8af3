package org.jukebox.swing;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Window size, position, split positions and theme, remembered in {@code window.properties} under
 * the client's data folder. Read before the window is built and written when it closes, never on
 * the Event Dispatch Thread.
 */
final class WindowPrefs {
  private static final Logger LOG = Logger.getLogger(WindowPrefs.class.getName());

  private final Path file;
  private final Properties props = new Properties();

  private WindowPrefs(Path file) {
    this.file = file;
  }

  /** The preferences in {@code dataDir} (empty when there are none yet or they cannot be read). */
  static WindowPrefs load(Path dataDir) {
    WindowPrefs p = new WindowPrefs(dataDir.resolve("window.properties"));
    if (Files.isRegularFile(p.file)) {
      try (InputStream in = Files.newInputStream(p.file)) {
        p.props.load(in);
      } catch (IOException | IllegalArgumentException e) {
        LOG.log(Level.INFO, "ignoring unreadable window preferences in " + p.file, e);
      }
    }
    return p;
  }

  synchronized Rectangle bounds() {
    try {
      int x = Integer.parseInt(props.getProperty("x"));
      int y = Integer.parseInt(props.getProperty("y"));
      int w = Integer.parseInt(props.getProperty("width"));
      int h = Integer.parseInt(props.getProperty("height"));
      return w > 100 && h > 100 ? new Rectangle(x, y, w, h) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  synchronized void bounds(Rectangle r) {
    props.setProperty("x", Integer.toString(r.x));
    props.setProperty("y", Integer.toString(r.y));
    props.setProperty("width", Integer.toString(r.width));
    props.setProperty("height", Integer.toString(r.height));
  }

  synchronized boolean maximized() {
    return Boolean.parseBoolean(props.getProperty("maximized"));
  }

  synchronized void maximized(boolean m) {
    props.setProperty("maximized", Boolean.toString(m));
  }

  /** A split position (pixels), or -1 when none was saved. */
  synchronized int split(String name) {
    try {
      return Integer.parseInt(props.getProperty("split." + name, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  synchronized void split(String name, int position) {
    props.setProperty("split." + name, Integer.toString(position));
  }

  /** "light", "dark", or null to follow the system. */
  synchronized String theme() {
    return props.getProperty("theme");
  }

  synchronized void theme(String theme) {
    props.setProperty("theme", theme);
  }

  /** Writes the file (atomically); logs and carries on when it cannot. */
  void save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".window-", ".tmp");
      synchronized (this) {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          props.store(out, "Jukebox window");
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not save window preferences to " + file, e);
    }
  }
}
