package org.jukebox.soundsmith.cd;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CdDrive} whose disc is inserted and ejected by calling {@link #insert} and
 * {@link #eject}: for tests, and for programs that find discs their own way. Listeners are told
 * on the calling thread before the call returns. Thread-safe.
 */
public final class ManualCdDrive implements CdDrive {
  private final DriveState state;
  private final String name;

  private ManualCdDrive(String name) {
    this.name = name;
    this.state = new DriveState(name);
  }

  /**
   * An empty drive with this name.
   *
   * @throws IllegalArgumentException if the name is blank: {@code "name is blank"}
   */
  public static ManualCdDrive create(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    return new ManualCdDrive(name);
  }

  /** Puts {@code disc} in the drive (swapping out any other); listeners hear of it at once. */
  public void insert(Disc disc) {
    state.set(Optional.of(Objects.requireNonNull(disc, "disc")));
  }

  /** Empties the drive; listeners hear of it at once if it held a disc. */
  public void eject() {
    state.set(Optional.empty());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start() {
    state.markStarted();
  }

  @Override
  public Optional<Disc> disc() {
    return state.disc();
  }

  @Override
  public void refresh() {}

  @Override
  public void addListener(DiscListener listener) {
    state.addListener(listener);
  }

  @Override
  public void removeListener(DiscListener listener) {
    state.removeListener(listener);
  }

  @Override
  public void close() {
    state.markClosed();
  }

  @Override
  public String toString() {
    return "ManualCdDrive[" + name + "]";
  }
}
