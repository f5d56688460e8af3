package org.jukebox.client.sync;

/**
 * What a {@link ClockOffsetEstimator} believes about the session server's clock: the server
 * reads {@code localMicros + offsetMicros + driftPpm·1e-6·(localMicros − referenceMicros)}.
 *
 * @param referenceMicros the local instant the offset applies at (the newest sample's)
 * @param offsetMicros server clock minus local clock at {@code referenceMicros}
 * @param driftPpm how much faster the server's clock runs than the local one, in parts per million
 * @param uncertaintyMicros half the width of the band the recent samples allow at the fitted
 *     drift: the true offset lies within {@code offsetMicros ± uncertaintyMicros} if the drift is
 *     right and the network's delays are not asymmetric in a fixed way (which no two-way
 *     exchange can see); an error in the drift adds to it as time passes
 * @param bestRoundTripMicros the smallest round trip in the window
 * @param samples the samples the estimate rests on
 */
public record ClockEstimate(long referenceMicros, long offsetMicros, double driftPpm, long uncertaintyMicros,
    long bestRoundTripMicros, int samples) {

  /** The server's clock at the local instant {@code localMicros}. */
  public long serverMicrosAt(long localMicros) {
    long since = localMicros - referenceMicros;
    return localMicros + offsetMicros + Math.round(driftPpm * 1e-6 * since);
  }
}
