package org.jukebox.security;

import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jukebox.api.SongId;

/**
 * A proof-of-possession challenge: to show it holds a copyrighted song, a principal returns
 * {@link #respond SHA-256 over the nonce followed by the bytes of each range, in order}. Issued by
 * {@link AccessPolicies.Possession#challenge}, answered once through
 * {@link AccessPolicies.Possession#prove} before {@code validFor} has passed.
 *
 * <p>Immutable and thread-safe; the nonce is copied in and out.
 *
 * @param id single-use identity of this challenge (URL-safe Base64)
 * @param song the song whose content is asked for
 * @param nonce fresh random bytes, so that an answer cannot be reused or precomputed
 * @param ranges the byte ranges of the song's content to hash, in order
 * @param validFor how long after issue the answer is accepted (a duration, not an instant:
 *     clocks differ between hosts)
 */
public record PolicyChallenge(String id, SongId song, byte[] nonce, List<Range> ranges, Duration validFor)
    implements Serializable {
  public PolicyChallenge {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(song, "song");
    nonce = Objects.requireNonNull(nonce, "nonce").clone();
    ranges = List.copyOf(ranges);
    Objects.requireNonNull(validFor, "validFor");
    if (nonce.length < 16) {
      throw new IllegalArgumentException("nonce shorter than 16 bytes: " + nonce.length);
    }
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  /**
   * The answer to this challenge for the given content: SHA-256 over the nonce, then the bytes
   * of each range in order. The prover computes it from its copy, the SoundSmith from its own.
   *
   * @throws IOException if the content cannot be read or is shorter than a range needs
   */
  public byte[] respond(AccessPolicies.Content content) throws IOException {
    Objects.requireNonNull(content, "content");
    MessageDigest sha = sha256();
    sha.update(nonce);
    for (Range r : ranges) {
      sha.update(content.read(r.offset(), r.length()));
    }
    return sha.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JDK", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyChallenge c && id.equals(c.id) && song.equals(c.song)
        && MessageDigest.isEqual(nonce, c.nonce) && ranges.equals(c.ranges) && validFor.equals(c.validFor);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "PolicyChallenge[" + id + ", " + song + ", " + ranges.size() + " ranges, valid for " + validFor + "]";
  }

  /**
   * One byte range of a song's content.
   *
   * @param offset first byte, not negative
   * @param length how many bytes, not negative
   */
  public record Range(long offset, int length) implements Serializable {
    public Range {
      if (offset < 0) {
        throw new IllegalArgumentException("offset < 0: " + offset);
      }
      if (length < 0) {
        throw new IllegalArgumentException("length < 0: " + length);
      }
    }
  }
}
