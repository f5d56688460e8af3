package org.jukebox.app;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log output on standard error for the command line (JUL's default takes two lines). */
final class Logs {
  /** Held strongly: java.util.logging keeps loggers only weakly, and would forget the level. */
  private static final Logger QUIET = Logger.getLogger("org.bouncycastle.jsse.provider.DisabledAlgorithmConstraints");

  private Logs() {}

  static void configure() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.ALL);
    console.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.getLevel() == Level.INFO ? "" : r.getLevel().getName().toLowerCase() + ": ");
        sb.append(formatMessage(r)).append(System.lineSeparator());
        if (r.getThrown() != null && r.getLevel().intValue() >= Level.SEVERE.intValue()) {
          java.io.StringWriter w = new java.io.StringWriter();
          r.getThrown().printStackTrace(new java.io.PrintWriter(w));
          sb.append(w);
        }
        return sb.toString();
      }
    });
    root.addHandler(console);
    root.setLevel(Level.INFO);
    // RMI's own chatter is not for users, nor Bouncy Castle's remarks on the JDK's own
    // security properties (entries it does not understand and ignores).
    Logger.getLogger("sun.rmi").setLevel(Level.OFF);
    QUIET.setLevel(Level.SEVERE);
  }
}
