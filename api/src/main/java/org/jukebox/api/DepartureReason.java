package org.jukebox.api;

/** Why an entry left the MusicDirectory. */
public enum DepartureReason {
  /** Its holder cancelled the lease. */
  CANCELLED,
  /** The lease ran out without being renewed. */
  EXPIRED
}
