package org.jukebox.directory.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.jukebox.api.LeaseId;

/**
 * Makes unguessable lease ids: 144 random bits in URL-safe base64 (24 characters of
 * {@code [A-Za-z0-9_-]}, within {@link LeaseId}'s alphabet). Whoever holds a lease id may cancel
 * the lease, so it must not be predictable from ids seen before.
 *
 * <p>Thread-safe.
 */
final class LeaseIds {
  private static final int RANDOM_BYTES = 18;

  private final SecureRandom random;

  LeaseIds() {
    this.random = newRandom();
  }

  LeaseId next() {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return new LeaseId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  private static SecureRandom newRandom() {
    // DRBG seeds once and then needs no file I/O per call, unlike NativePRNG, which reads
    // /dev/urandom on every nextBytes; ids are made on the beacon path of a new SoundSmith.
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
