package org.jukebox.swing.controller;

import java.util.List;

/** The DJ panel and buttons; called on the UI executor only. */
public interface DjView {
  /** Whether a DJ is connected; {@code whyNot} says why not (null when it is). */
  void showDjAvailable(boolean available, String whyNot);

  /** DJ mode on or off, and whose taste it picks by ("your own", "alice", "all like: alice, bob"). */
  void showDjMode(boolean on, String taste);

  /** The users whose profiles are published (the user's own included when published). */
  void showProfiles(List<String> users);

  /** Whether the user's own profile is published (null: not known yet). */
  void showPublished(Boolean published);
}
