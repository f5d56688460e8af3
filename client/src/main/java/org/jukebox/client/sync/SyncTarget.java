package org.jukebox.client.sync;

/**
 * Where a session's playback should be: which playlist entry, playing or paused, and the
 * position in it at a stamp of the session server's clock. A session client turns each timeline
 * state it receives into one of these and hands it to {@link SyncController#update}.
 *
 * @param entry the session playlist entry playing (so the same song queued twice is two
 *     entries), or {@link #NO_ENTRY} when the session has no current song
 * @param playing whether the position advances with the server's clock
 * @param positionMicros the position in the entry at {@code stampMicros}; 0 or more
 * @param stampMicros the session server's clock when the position held, in microseconds
 */
public record SyncTarget(long entry, boolean playing, long positionMicros, long stampMicros) {
  /** The entry of a session with no current song. */
  public static final long NO_ENTRY = 0;

  public SyncTarget {
    if (entry < 0) {
      throw new IllegalArgumentException("entry < 0: " + entry);
    }
    if (positionMicros < 0) {
      throw new IllegalArgumentException("positionMicros < 0: " + positionMicros);
    }
    if (entry == NO_ENTRY && playing) {
      throw new IllegalArgumentException("playing without an entry");
    }
  }

  /** Entry {@code entry} playing from {@code positionMicros} at server time {@code stampMicros}. */
  public static SyncTarget playing(long entry, long positionMicros, long stampMicros) {
    return new SyncTarget(entry, true, positionMicros, stampMicros);
  }

  /** Entry {@code entry} paused at {@code positionMicros} (stamped at {@code stampMicros}). */
  public static SyncTarget paused(long entry, long positionMicros, long stampMicros) {
    return new SyncTarget(entry, false, positionMicros, stampMicros);
  }

  /** A session with nothing to play (past its last song, or ended). */
  public static SyncTarget idle(long stampMicros) {
    return new SyncTarget(NO_ENTRY, false, 0, stampMicros);
  }

  /** Whether there is a current entry. */
  public boolean hasEntry() {
    return entry != NO_ENTRY;
  }

  /**
   * The position, in microseconds, at server time {@code serverMicros}: {@code position +
   * (serverMicros − stamp)} while playing (negative before a start stamped in the future), the
   * position while paused.
   */
  public long positionAt(long serverMicros) {
    return playing ? positionMicros + (serverMicros - stampMicros) : positionMicros;
  }
}
