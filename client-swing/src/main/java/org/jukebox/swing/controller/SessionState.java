package org.jukebox.swing.controller;

import java.util.List;
import java.util.Objects;
import org.jukebox.api.SessionSong;

/**
 * The session the user is in, as shown.
 *
 * @param role NONE, HOST or LISTENER
 * @param host who hosts it ("" when none)
 * @param hostPresent whether the host is connected
 * @param listeners who listens now
 * @param playlist the session's songs
 * @param current index of the current song in {@code playlist} (== size when none)
 * @param playing whether it plays
 */
public record SessionState(Role role, String host, boolean hostPresent, List<String> listeners,
    List<SessionSong> playlist, int current, boolean playing) {
  /** The user's part in a session. */
  public enum Role { NONE, HOST, LISTENER }

  /** Not in a session. */
  public static final SessionState NONE = new SessionState(Role.NONE, "", false, List.of(), List.of(), 0, false);

  public SessionState {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(host, "host");
    listeners = List.copyOf(listeners);
    playlist = List.copyOf(playlist);
  }

  /** Why the user's transport is locked, or null: "Following alice's session". */
  public String lockReason() {
    return role == Role.LISTENER ? "Following " + host + "'s session" : null;
  }

  /** What to say about the host, or null: "alice dropped out — waiting for them to come back". */
  public String hostNotice() {
    return role != Role.NONE && !hostPresent ? host + " (the host) dropped out — waiting for them to come back" : null;
  }
}
