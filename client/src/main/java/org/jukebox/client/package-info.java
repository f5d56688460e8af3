/**
 * The headless Jukebox client: one merged catalog across every live SoundSmith
 * ({@link org.jukebox.client.JukeboxClient}), a {@link org.jukebox.client.Playlist} with repeat
 * and shuffle, and a {@link org.jukebox.client.Player} that streams MP3 over HTTP, decodes it
 * with JLayer and writes PCM to an {@link org.jukebox.client.AudioSink}. Nothing here depends on
 * Swing: GUIs and proxies observe it through listener interfaces.
 */
package org.jukebox.client;
