package org.jukebox.soundsmith.cddb;

import org.jukebox.soundsmith.cd.Toc;

/**
 * Finds the CDDB (freedb) entry of a disc from its table of contents: a remote server
 * ({@link CddbHttp}) or a local database of xmcd files ({@link XmcdDatabase}).
 *
 * <p>A lookup never throws for what the database or the network does: no match, several
 * matches, a malformed reply and an unreachable server are outcomes of the {@link CddbResult},
 * each with a message for the log. Implementations are thread-safe.
 */
public interface Cddb {
  /**
   * Looks up the disc.
   *
   * @throws NullPointerException if {@code toc} is null
   */
  CddbResult lookup(Toc toc);

  /** Where lookups go, for log lines: a URL or a folder. */
  String describe();
}
