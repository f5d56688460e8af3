package org.jukebox.swing.controller;

import java.util.List;
import org.jukebox.api.SessionListing;

/** The sessions panel; called on the UI executor only. */
public interface SessionView {
  /** Whether sessions can be used; {@code whyNot} says why not (null when they can). */
  void showSessionsAvailable(boolean available, String whyNot);

  /** The sessions the user may join. */
  void showSessions(List<SessionListing> sessions);

  /** The session the user is in (or {@link SessionState#NONE}). */
  void showSession(SessionState state);
}
