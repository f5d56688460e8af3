package org.jukebox.client;

/** How a song stopped playing (a DJ reads an early SKIPPED as a dislike). */
public enum SongEnd {
  /** It played to the end. */
  COMPLETED,
  /** The user went to another song. */
  SKIPPED,
  /** The user stopped the player. */
  STOPPED,
  /** It could not be opened, was lost mid-way or could not be decoded. */
  FAILED
}
