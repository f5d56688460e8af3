package org.jukebox.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Soft state granted by the MusicDirectory: the entry lives for {@code duration} from the
 * moment the grant was made unless it is renewed. A duration, never an absolute time, because
 * clocks differ between hosts; the holder renews well before it runs out (at half, typically).
 *
 * @param id names the lease, for cancelling
 * @param duration how long the grant lasts; positive, never longer than was asked
 */
public record Lease(LeaseId id, Duration duration) implements Serializable {
  public Lease {
    Objects.requireNonNull(id, "id");
    Checks.positive(duration, "lease duration");
  }
}
