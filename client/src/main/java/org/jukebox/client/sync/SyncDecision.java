package org.jukebox.client.sync;

/**
 * What a {@link SyncController} asks the player to do so that it follows the session. The
 * integration with the player implements these; fine alignment (dropping or repeating single
 * frames, trimming or padding after a seek) the {@link SyncedSink} does by itself.
 */
public sealed interface SyncDecision {
  /** The entry the decision concerns. */
  long entry();

  /**
   * Open {@code entry} (or, when it plays already, jump in it) at about {@code positionMicros},
   * then {@linkplain SyncedSink#cue tell the sink} where the audio really starts. Asked on
   * joining a playing session, when the host plays another entry or seeks, when the listener
   * is too far off to slew, when the session plays again after a pause, and when a listener
   * behind the host gets the host's next entry. The player must play after it, even if it was
   * paused. The
   * position is a little behind the target on purpose: the sink drops the surplus exactly,
   * which is cheaper and more precise than a seek.
   *
   * @param reason why, for logs
   */
  record Seek(long entry, long positionMicros, String reason) implements SyncDecision {}

  /**
   * The session paused: pause the player where it is. When the session plays again a
   * {@link Seek} follows (resume the player after it, if the player keeps its pause across seeks).
   */
  record Pause(long entry) implements SyncDecision {}

  /**
   * The session is paused on {@code entry} and this listener has nothing of it open (it joined a
   * paused session): open nothing yet, wait for play.
   */
  record WaitForPlay(long entry) implements SyncDecision {}

  /**
   * This listener finished {@code entry} before the host did: play nothing and wait for the
   * host's next (a {@link Seek} to it follows).
   */
  record WaitForNext(long entry) implements SyncDecision {}

  /** The session has no current song (past its last, or ended): stop. */
  record Stop(long entry) implements SyncDecision {}

  /** Receives a {@link SyncController}'s decisions. */
  @FunctionalInterface
  interface Listener {
    /**
     * Called on the thread that caused the decision (the session callback thread, the player
     * thread or the caller of {@link SyncController#tick()}), never under the controller's lock.
     * Must not block: queue the player command and return.
     */
    void decided(SyncDecision decision);
  }
}
