package org.jukebox.api;

import java.io.Serializable;

/**
 * An unguessable name for one lease granted by the MusicDirectory; whoever holds it may cancel
 * the lease.
 *
 * @param value at most 64 characters of {@code [A-Za-z0-9._:-]}
 */
public record LeaseId(String value) implements Serializable {
  public LeaseId {
    Checks.token(value, "lease id", 64);
  }

  @Override
  public String toString() {
    return value;
  }
}
