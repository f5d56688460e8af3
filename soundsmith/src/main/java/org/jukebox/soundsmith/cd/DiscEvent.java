package org.jukebox.soundsmith.cd;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of the disc in a {@link CdDrive}.
 *
 * @param kind what happened
 * @param before the disc in the drive before, empty for {@link Kind#INSERTED}
 * @param after the disc in the drive now, empty for {@link Kind#EJECTED}
 */
public record DiscEvent(Kind kind, Optional<Disc> before, Optional<Disc> after) {
  /** What happened to the drive. */
  public enum Kind {
    /** A disc appeared in an empty drive. */
    INSERTED,
    /** The disc went away; the drive is empty. */
    EJECTED,
    /** Another disc took the place of the one there (a new image dropped in, say). */
    SWAPPED
  }

  /**
   * Checks that the discs fit the kind.
   *
   * @throws IllegalArgumentException if they do not: {@code "INSERTED needs no disc before and a disc after"}
   */
  public DiscEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    boolean ok = switch (kind) {
      case INSERTED -> before.isEmpty() && after.isPresent();
      case EJECTED -> before.isPresent() && after.isEmpty();
      case SWAPPED -> before.isPresent() && after.isPresent() && !before.get().equals(after.get());
    };
    if (!ok) {
      throw new IllegalArgumentException(switch (kind) {
        case INSERTED -> "INSERTED needs no disc before and a disc after";
        case EJECTED -> "EJECTED needs a disc before and none after";
        case SWAPPED -> "SWAPPED needs two different discs";
      });
    }
  }

  /**
   * The event that leads from {@code before} to {@code after}, or empty if they are the same
   * (both empty, or equal discs).
   */
  public static Optional<DiscEvent> between(Optional<Disc> before, Optional<Disc> after) {
    if (before.isEmpty() && after.isEmpty() || before.isPresent() && after.isPresent() && before.get().equals(after.get())) {
      return Optional.empty();
    }
    Kind k = before.isEmpty() ? Kind.INSERTED : after.isEmpty() ? Kind.EJECTED : Kind.SWAPPED;
    return Optional.of(new DiscEvent(k, before, after));
  }
}
