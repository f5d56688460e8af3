package org.jukebox.api;

import java.io.Serializable;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the MusicDirectory tells a session server about a session it assigns to it: which session,
 * whose, and who may join it.
 *
 * @param id the session
 * @param host the user who hosts it; only they control it
 * @param acl the users the host lets see and join it (the host need not be on it)
 */
public record SessionCharter(SessionId id, String host, Set<String> acl) implements Serializable {
  public SessionCharter {
    Objects.requireNonNull(id, "id");
    Checks.notBlank(host, "host");
    acl = java.util.Collections.unmodifiableSet(new TreeSet<>(acl));
    for (String user : acl) {
      Checks.notBlank(user, "acl user");
    }
  }
}
