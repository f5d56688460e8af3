package org.jukebox.soundsmith.cd;

import java.util.Optional;

/**
 * Where names for a disc come from: a CDDB server, a local xmcd database, or nothing. A
 * {@code CdSoundSmith} serves a disc under generic names ("Track 3", "Unknown disc 370fce16")
 * until a lookup answers, and keeps them if it answers empty or fails.
 *
 * <p>Implementations are thread-safe; a lookup may block (network) but should give up within
 * seconds.
 */
@FunctionalInterface
public interface DiscInfoSource {
  /** A source that knows no disc. */
  DiscInfoSource NONE = toc -> Optional.empty();

  /**
   * What is known about the disc with this table of contents. When several entries match, the
   * implementation picks one (an exact match first) and says which in its log.
   *
   * @return the entry, or empty if nothing matches
   * @throws DiscLookupException if the lookup failed (server unreachable, malformed reply,
   *     unreadable entry), with a message saying which and why
   */
  Optional<DiscInfo> lookup(Toc toc) throws DiscLookupException;
}
