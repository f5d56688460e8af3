package org.jukebox.swing.controller;

import java.util.List;
import org.jukebox.api.SoundSmithInfo;

/** The status line; called on the UI executor only. */
public interface StatusView {
  /** How many songs are live, from which SoundSmiths; {@code connecting} while the first sync is pending. */
  void showLibraryStatus(boolean connecting, int songs, List<SoundSmithInfo> soundSmiths);

  /** Work in progress ("Buffering 'Cumulus'…"), or null when there is none. */
  void showActivity(String activity);

  /** A passing message (an error in plain words, a confirmation); never a dialog. */
  void showMessage(String message);
}
