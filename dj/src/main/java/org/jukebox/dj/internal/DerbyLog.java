package org.jukebox.dj.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where embedded Derby writes its log ({@code derby.stream.error.field}): to java.util.logging
 * at DEBUG instead of a {@code derby.log} file in whatever directory the process was started in.
 */
public final class DerbyLog {
  private static final System.Logger LOG = System.getLogger("org.apache.derby");

  /** Read by Derby through reflection; public by necessity. */
  public static final OutputStream STREAM = new OutputStream() {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        flushLine();
      } else {
        line.write(b);
      }
    }

    private void flushLine() {
      if (line.size() > 0) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        LOG.log(System.Logger.Level.DEBUG, text);
      }
    }
  };

  private DerbyLog() {}

  /** Points Derby's log here unless the process chose another place. Call before the first connection. */
  static void install() {
    if (System.getProperty("derby.stream.error.file") == null && System.getProperty("derby.stream.error.field") == null
        && System.getProperty("derby.stream.error.method") == null) {
      System.setProperty("derby.stream.error.field", DerbyLog.class.getName() + ".STREAM");
    }
  }
}
