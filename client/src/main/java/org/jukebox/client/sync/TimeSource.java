package org.jukebox.client.sync;

import java.io.IOException;
import org.jukebox.api.ClockReading;

/**
 * One call to the session server's clock: the server's half of an NTP-style exchange. A session
 * client adapts {@code SessionServer.time()} to it ({@code sessionClient.clockSource()::time}).
 *
 * <p>Called from the estimator's refresh thread; may block for a network round trip.
 */
@FunctionalInterface
public interface TimeSource {
  /**
   * Asks the server for its clock once.
   *
   * @throws IOException if the call fails ({@link java.rmi.RemoteException} is one); the estimator
   *     skips that sample
   */
  ClockReading time() throws IOException;
}
