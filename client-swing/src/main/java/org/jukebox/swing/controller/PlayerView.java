package org.jukebox.swing.controller;

import java.time.Duration;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.client.PlayerState;

/** Now playing and the transport; called on the UI executor only. */
public interface PlayerView {
  /** What the player does now. */
  void showState(PlayerState state);

  /** The song now open, or null; {@code source} names its SoundSmith ("" when unknown). */
  void showSong(Song song, String source);

  /** Where the song is, of how long it is (zero when unknown). */
  void showPosition(Duration position, Duration length);

  /** The cover of {@code song} as image bytes, or null when it has none (show a placeholder). */
  void showCover(SongId song, byte[] image);

  /** The volume control: usable or not (then {@code whyNot} says why), and its level 0..1. */
  void showVolume(boolean supported, double level, String whyNot);

  /** Transport locked (null: free) with the reason to show, e.g. "Following alice's session". */
  void showLocked(String reason);
}
