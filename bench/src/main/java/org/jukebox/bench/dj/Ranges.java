package org.jukebox.bench.dj;

/** Range checks with the project's exact messages ({@code "users < 1: 0"}). */
final class Ranges {
  private Ranges() {}

  /**
   * Returns {@code value} if it lies in {@code [min, max]}.
   *
   * @throws IllegalArgumentException {@code "name < min: value"} or {@code "name > max: value"}
   */
  static int check(String name, int value, int min, int max) {
    if (value < min) {
      throw new IllegalArgumentException(name + " < " + min + ": " + value);
    }
    if (value > max) {
      throw new IllegalArgumentException(name + " > " + max + ": " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it lies in {@code [min, max]}.
   *
   * @throws IllegalArgumentException {@code "name < min: value"} or {@code "name > max: value"}
   */
  static double check(String name, double value, double min, double max) {
    if (!(value >= min)) {
      throw new IllegalArgumentException(name + " < " + min + ": " + value);
    }
    if (value > max) {
      throw new IllegalArgumentException(name + " > " + max + ": " + value);
    }
    return value;
  }
}
