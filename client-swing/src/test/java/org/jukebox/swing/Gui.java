package org.jukebox.swing;

import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

/** Test helpers that act on the Event Dispatch Thread, wait with a deadline, and save screenshots. */
final class Gui {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Gui() {}

  /** Runs {@code action} on the Event Dispatch Thread and waits for it. */
  static void edt(Runnable action) {
    try {
      SwingUtilities.invokeAndWait(action);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (InvocationTargetException e) {
      throw new AssertionError(e.getCause());
    }
  }

  /** Reads a value on the Event Dispatch Thread. */
  static <T> T read(Callable<T> read) {
    AtomicReference<T> out = new AtomicReference<>();
    edt(() -> {
      try {
        out.set(read.call());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    return out.get();
  }

  /** Polls {@code condition} on the Event Dispatch Thread until it holds or the deadline passes. */
  static void await(Duration timeout, String what, Callable<Boolean> condition) {
    org.jukebox.testkit.JukeboxExtension.await(timeout, what, () -> Boolean.TRUE.equals(read(condition)));
  }

  /** Paints {@code c} (with everything inside it) into target/screenshots/NAME.png. */
  static Path screenshot(Component c, String name) throws IOException {
    AtomicReference<BufferedImage> img = new AtomicReference<>();
    edt(() -> {
      BufferedImage b = new BufferedImage(Math.max(1, c.getWidth()), Math.max(1, c.getHeight()),
          BufferedImage.TYPE_INT_RGB);
      Graphics2D g = b.createGraphics();
      try {
        c.paint(g);
      } finally {
        g.dispose();
      }
      img.set(b);
    });
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    ImageIO.write(img.get(), "png", file.toFile());
    return file;
  }
}
