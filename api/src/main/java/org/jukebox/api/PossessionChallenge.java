package org.jukebox.api;

import java.io.Serializable;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A proof-of-possession challenge from a SoundSmith ({@link SoundSmith#challengePossession}): to
 * show it holds a copyrighted song, a client answers through {@link SoundSmith#provePossession}
 * with SHA-256 over {@code nonce} followed by the bytes of each of {@code ranges}, in order, read
 * from its own copy of the song's file, before {@code validFor} has passed.
 *
 * <p>Immutable and thread-safe; the nonce is copied in and out. Validated on construction, and so
 * also when read from the wire.
 *
 * @param id single-use identity of the challenge, to give back with the answer; 1 to 100 of
 *     {@code [A-Za-z0-9._:-]}
 * @param song the song whose content is asked for
 * @param nonce fresh random bytes, at least 16, so that an answer cannot be reused or precomputed
 * @param ranges the byte ranges of the file to hash, in order; at least one
 * @param validFor how long after issue the answer is accepted; positive (a duration, not an
 *     instant: clocks differ between hosts)
 */
public record PossessionChallenge(String id, SongId song, byte[] nonce, List<ByteRange> ranges, Duration validFor)
    implements Serializable {
  /** The fewest nonce bytes a challenge may carry. */
  public static final int MIN_NONCE_BYTES = 16;

  /**
   * Checks and copies the parts.
   *
   * @throws NullPointerException if a part or a range is null
   * @throws IllegalArgumentException if the id is blank, too long or has other characters, the
   *     nonce is short ({@code "nonce shorter than 16 bytes: 3"}), there are no ranges
   *     ({@code "ranges is empty"}) or {@code validFor} is not positive
   *     ({@code "validFor <= 0: PT0S"})
   */
  public PossessionChallenge {
    Checks.token(id, "challenge id", 100);
    Objects.requireNonNull(song, "song");
    nonce = Objects.requireNonNull(nonce, "nonce").clone();
    if (nonce.length < MIN_NONCE_BYTES) {
      throw new IllegalArgumentException("nonce shorter than " + MIN_NONCE_BYTES + " bytes: " + nonce.length);
    }
    ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("ranges is empty");
    }
    Checks.positive(validFor, "validFor");
  }

  /** A copy of the nonce. */
  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PossessionChallenge c && id.equals(c.id) && song.equals(c.song)
        && MessageDigest.isEqual(nonce, c.nonce) && ranges.equals(c.ranges) && validFor.equals(c.validFor);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "PossessionChallenge[" + id + ", " + song + ", " + ranges.size() + " ranges, valid for " + validFor + "]";
  }

  /**
   * One byte range of a song's file that the answer hashes.
   *
   * @param offset first byte; not negative
   * @param length how many bytes; not negative
   */
  public record ByteRange(long offset, int length) implements Serializable {
    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException if a bound is negative: {@code "offset < 0: -1"},
     *     {@code "length < 0: -1"}
     */
    public ByteRange {
      Checks.notNegative(offset, "offset");
      Checks.notNegative(length, "length");
    }
  }
}
