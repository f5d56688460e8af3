package org.jukebox.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * What joining a session gives: its state now, and the lease of the listener's membership,
 * which the listener renews with {@link SessionServer#renew} (a listener whose lease runs out is
 * dropped, as one whose callback fails).
 *
 * @param snapshot the session as of the join; updates follow from {@code snapshot.sequence() + 1}
 * @param lease the membership's lease
 */
public record SessionJoin(SessionSnapshot snapshot, Lease lease) implements Serializable {
  public SessionJoin {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(lease, "lease");
  }
}
