package org.jukebox.api;

import java.util.Objects;

/** No live lease has that id: it ran out, was cancelled, or was never granted. */
public final class UnknownLeaseException extends JukeboxException {
  private static final long serialVersionUID = 1L;

  private final LeaseId leaseId;

  public UnknownLeaseException(LeaseId leaseId, String message) {
    super(message);
    this.leaseId = Objects.requireNonNull(leaseId, "leaseId");
  }

  /** The id that was asked for. */
  public LeaseId leaseId() {
    return leaseId;
  }
}
