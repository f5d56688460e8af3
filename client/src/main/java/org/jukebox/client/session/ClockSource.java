package org.jukebox.client.session;

import java.io.IOException;
import org.jukebox.api.ClockReading;

/** One NTP-style clock exchange with the session server ({@code SessionServer.time()}). */
@FunctionalInterface
public interface ClockSource {
  /**
   * The server's readings for one exchange; the caller brackets the call with its own clock.
   *
   * @throws IOException if the server cannot be reached (or the client is in no session)
   */
  ClockReading time() throws IOException;
}
