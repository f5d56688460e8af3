/**
 * The session sync engine: keeps a listener's playback at the same position as the host's.
 *
 * <p>{@link org.jukebox.client.sync.ClockOffsetEstimator} learns the session server's clock
 * (offset and drift) through NTP-style exchanges over a {@link org.jukebox.client.sync.TimeSource};
 * a {@link org.jukebox.client.sync.SyncController} turns the session's
 * {@link org.jukebox.client.sync.SyncTarget} (entry, playing, position at a server stamp) into
 * {@link org.jukebox.client.sync.SyncDecision}s for the player (seek, pause, resume, wait); a
 * {@link org.jukebox.client.sync.SyncedSink} wraps the player's
 * {@link org.jukebox.client.AudioSink} and keeps the audio it passes on within a few frames of
 * the target by trimming or padding after a cue and by dropping or repeating single frames.
 * Nothing here knows RMI: a session client adapts its server and callbacks to these types.
 */
package org.jukebox.client.sync;
