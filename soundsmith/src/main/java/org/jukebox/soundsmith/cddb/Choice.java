package org.jukebox.soundsmith.cddb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jukebox.soundsmith.cd.Toc;

/**
 * Picks one entry among the matches a database lists for a disc, the same way for every
 * {@link Cddb}: matches with the disc's own freedb id first, then in the database's order; the
 * first whose entry can be read and matches the table of contents wins. A read that cannot
 * reach the database ends the choice with that outcome.
 */
final class Choice {
  /** At most this many entries are read for one lookup, so a long inexact list costs little. */
  static final int MAX_READS = 5;

  /** Reads one listed entry: the entry, or why not. */
  interface Reader {
    Read read(CddbMatch match);
  }

  /** An entry or a failed outcome with its message. */
  record Read(CddbEntry entry, CddbResult.Outcome failure, String message) {
    static Read of(CddbEntry entry) {
      return new Read(entry, null, null);
    }

    static Read failed(CddbResult.Outcome outcome, String message) {
      return new Read(null, outcome, message);
    }
  }

  private Choice() {}

  static CddbResult choose(Toc toc, List<CddbMatch> matches, Reader reader, String where) {
    String id = toc.freedbId();
    if (matches.isEmpty()) {
      return CddbResult.failed(CddbResult.Outcome.NOT_FOUND, matches, "no match for " + id + " at " + where);
    }
    List<CddbMatch> order = new ArrayList<>(matches);
    order.sort(Comparator.comparing(m -> !m.discId().equalsIgnoreCase(id))); // stable: keeps the database's order
    List<String> mismatched = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    int reads = 0;
    for (CddbMatch m : order) {
      if (reads++ == MAX_READS) {
        break;
      }
      Read r = reader.read(m);
      if (r.entry() == null) {
        if (r.failure() == CddbResult.Outcome.MALFORMED) {
          malformed.add(m + ": " + r.message());
          continue;
        }
        return CddbResult.failed(r.failure(), matches, r.message());
      }
      List<String> problems = r.entry().mismatches(toc);
      if (!problems.isEmpty()) {
        mismatched.add(m + ": " + String.join("; ", problems));
        continue;
      }
      String message = matches.size() == 1
          ? "found " + m + " at " + where
          : matches.size() + " matches for " + id + " at " + where + " (" + list(matches) + "); chose " + m
              + ", the first " + (m.discId().equalsIgnoreCase(id) ? "with the disc's own id " : "listed ")
              + "that matches the disc";
      return CddbResult.found(r.entry(), matches, message);
    }
    if (!mismatched.isEmpty()) {
      return CddbResult.failed(CddbResult.Outcome.MISMATCH, matches,
          "no entry at " + where + " matches disc " + id + ": " + String.join(" | ", mismatched));
    }
    return CddbResult.failed(CddbResult.Outcome.MALFORMED, matches,
        "malformed entry at " + where + ": " + String.join(" | ", malformed));
  }

  private static String list(List<CddbMatch> matches) {
    return matches.stream().map(CddbMatch::toString).collect(Collectors.joining(", "));
  }
}
