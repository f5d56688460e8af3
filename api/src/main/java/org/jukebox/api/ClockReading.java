package org.jukebox.api;

import java.io.Serializable;

/**
 * A server's answer in an NTP-style clock exchange: when, by the server's own clock, the request
 * arrived and the answer left. The client brackets the call with its own readings (sent,
 * received) and estimates its offset to the server as
 * {@code ((receivedAt - sent) + (sentAt - received)) / 2} and the round trip as
 * {@code (received - sent) - (sentAt - receivedAt)}.
 *
 * <p>These are readings of the server's clock in microseconds since the epoch. They are
 * meaningful only against other readings of the same server's clock: clocks differ between
 * hosts, which is why they are exchanged at all.
 *
 * @param receivedAtMicros the server's clock when the request arrived
 * @param sentAtMicros the server's clock when the answer left; not before {@code receivedAtMicros}
 */
public record ClockReading(long receivedAtMicros, long sentAtMicros) implements Serializable {
  public ClockReading {
    if (sentAtMicros < receivedAtMicros) {
      throw new IllegalArgumentException("answer sent before the request arrived: " + sentAtMicros + " < " + receivedAtMicros);
    }
  }
}
