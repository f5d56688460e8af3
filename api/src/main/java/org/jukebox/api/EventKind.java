package org.jukebox.api;

/** What a listener did with a song, as reported to the DJ in a {@link ListeningEvent}. */
public enum EventKind {
  /** The song started playing. */
  STARTED,
  /** The listener skipped to another song at {@link ListeningEvent#position()}. */
  SKIPPED,
  /** The listener fast-forwarded from {@link ListeningEvent#position()}. */
  FAST_FORWARDED,
  /** The song played to its end. */
  FINISHED,
  /** The listener paused at {@link ListeningEvent#position()}. */
  PAUSED,
  /** The listener pressed "like". */
  LIKED,
  /** The listener pressed "dislike". */
  DISLIKED,
  /** The listener gave a score of 1 to 5 ({@link ListeningEvent#score()}). */
  RATED,
  /** The listener removed the song from a playlist. */
  REMOVED
}
