package org.jukebox.soundsmith.cddb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jukebox.soundsmith.cd.DiscInfo;
import org.jukebox.soundsmith.cd.DiscInfoSource;
import org.jukebox.soundsmith.cd.DiscLookupException;
import org.jukebox.soundsmith.cd.Toc;

/**
 * Names discs from a {@link Cddb}: the bridge by which a {@code CdSoundSmith} and the rip daemon
 * get titles. A found entry becomes a {@link DiscInfo}; no match and an entry that does not fit
 * the disc are an empty answer (the disc keeps generic names such as "Track 3"); a malformed
 * reply, a server error or an unreachable server is a {@link DiscLookupException} with the
 * lookup's message. Every outcome but a single plain match is logged (java.util.logging, INFO
 * for choices and misses, WARNING for failures).
 *
 * <p>Thread-safe when the {@link Cddb} is.
 */
public final class CddbDiscInfo implements DiscInfoSource {
  private static final Logger LOG = Logger.getLogger(CddbDiscInfo.class.getName());

  private final Cddb cddb;

  private CddbDiscInfo(Cddb cddb) {
    this.cddb = cddb;
  }

  /** A source that asks {@code cddb}. */
  public static CddbDiscInfo of(Cddb cddb) {
    return new CddbDiscInfo(Objects.requireNonNull(cddb, "cddb"));
  }

  /** The database asked. */
  public Cddb cddb() {
    return cddb;
  }

  @Override
  public Optional<DiscInfo> lookup(Toc toc) throws DiscLookupException {
    CddbResult r = cddb.lookup(toc);
    switch (r.outcome()) {
      case FOUND -> {
        if (r.matches().size() > 1) {
          LOG.info(r.message());
        }
        return Optional.of(toDiscInfo(r.entry().orElseThrow(), toc));
      }
      case NOT_FOUND, MISMATCH -> {
        LOG.info(r.message());
        return Optional.empty();
      }
      default -> {
        LOG.log(Level.WARNING, r.message());
        throw new DiscLookupException(r.message());
      }
    }
  }

  /**
   * The entry as disc names: its id is the disc's own freedb id when the entry lists it, else
   * the entry's first; genre is DGENRE, else the category; a track artist equal to the disc
   * artist is left "".
   */
  public static DiscInfo toDiscInfo(CddbEntry entry, Toc toc) {
    String id = toc.freedbId();
    String discId = entry.discIds().contains(id) ? id : entry.discIds().get(0);
    List<String> titles = new ArrayList<>();
    List<String> artists = new ArrayList<>();
    for (CddbEntry.Track t : entry.tracks()) {
      titles.add(t.title());
      artists.add(t.artist().equals(entry.artist()) ? "" : t.artist());
    }
    String genre = entry.genre().isEmpty() ? entry.category() : entry.genre();
    return new DiscInfo(discId, entry.artist(), entry.album(), entry.year(), genre, titles, artists, entry.extended());
  }
}
