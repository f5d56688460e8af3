package org.jukebox.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jukebox.api.SessionDirectoryListener;
import org.jukebox.api.SessionId;
import org.jukebox.api.SessionListing;

/** Records what the directory says a user may join. */
final class RecordingDirectoryListener implements SessionDirectoryListener {
  private final List<Object> events = new ArrayList<>();

  @Override
  public synchronized void listed(SessionListing listing) {
    events.add(listing);
  }

  @Override
  public synchronized void unlisted(SessionId session) {
    events.add(session);
  }

  synchronized List<Object> events() {
    return List.copyOf(events);
  }

  SessionListing awaitListed(Duration timeout, SessionId id) {
    SessionListing[] found = new SessionListing[1];
    SecureSessions.await(timeout, "a listing of " + id, () -> {
      for (Object o : events()) {
        if (o instanceof SessionListing l && l.id().equals(id)) {
          found[0] = l;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  void awaitUnlisted(Duration timeout, SessionId id) {
    SecureSessions.await(timeout, "unlisting of " + id, () -> events().contains(id));
  }
}
