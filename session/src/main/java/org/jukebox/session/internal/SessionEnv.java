package org.jukebox.session.internal;

import java.util.concurrent.Executor;
import org.jukebox.api.ServiceId;

/** What a {@link LiveSession} needs from the server that runs it. */
interface SessionEnv {
  /** The server's clock, micros since the epoch: every stamp comes from here. */
  long nowMicros();

  java.time.Instant now();

  SessionStore store();

  Executor deliveryExecutor();

  /** How many updates a listener may fall behind by before it is dropped. */
  int queueCapacity();

  ServiceId serverId();

  /** What the directory lists about the session may have changed. */
  void statusChanged(LiveSession session);

  /** The host ended the session: forget it, delete its blobs, tell the directory. */
  void ended(LiveSession session);

  /** An uploaded entry left the playlist: delete its audio. */
  void blobRemoved(LiveSession session, long entry);
}
