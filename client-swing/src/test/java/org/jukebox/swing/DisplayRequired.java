package org.jukebox.swing;

import java.awt.GraphicsEnvironment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a window test class (before anything boots) when there is no display: the build still
 * passes on a machine without X; {@code .ci/run} runs the build under Xvfb so these tests run.
 */
final class DisplayRequired implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    Assumptions.assumeFalse(GraphicsEnvironment.isHeadless(),
        "no display (java.awt.headless or no DISPLAY): window tests need X; run under xvfb-run as .ci/run does");
    String problem = null;
    try {
      java.awt.Toolkit.getDefaultToolkit().getScreenSize();
    } catch (java.awt.AWTError | LinkageError | UnsupportedOperationException e) {
      problem = e.toString();
    }
    Assumptions.assumeTrue(problem == null, "the display cannot be used (a -headless Java runtime without AWT's X11"
        + " library, or an X server that refuses us): " + problem);
  }
}
