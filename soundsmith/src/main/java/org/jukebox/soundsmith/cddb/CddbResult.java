package org.jukebox.soundsmith.cddb;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Cddb#lookup} found: an outcome, the entry when one was chosen, every match
 * the database offered, and a message that says what happened in words (for the log).
 *
 * <p>Immutable and thread-safe.
 */
public final class CddbResult {
  /** How a lookup ended. */
  public enum Outcome {
    /** An entry was found and matches the disc; when there were several, the message says which one was chosen and why. */
    FOUND,
    /** The database has no entry for the disc. */
    NOT_FOUND,
    /** Entries exist for the disc id, but none matches the table of contents (track count or offsets). */
    MISMATCH,
    /** The server answered something that is not the CDDB protocol, or an entry that cannot be read. */
    MALFORMED,
    /** The server answered with an error status (CDDB 4xx/5xx, or an HTTP error). */
    SERVER_ERROR,
    /** The server could not be reached or did not answer in time. */
    UNREACHABLE
  }

  private final Outcome outcome;
  private final CddbEntry entry;
  private final List<CddbMatch> matches;
  private final String message;

  private CddbResult(Outcome outcome, CddbEntry entry, List<CddbMatch> matches, String message) {
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.entry = entry;
    this.matches = List.copyOf(matches);
    this.message = Objects.requireNonNull(message, "message");
  }

  /** A found entry, chosen among {@code matches}. */
  static CddbResult found(CddbEntry entry, List<CddbMatch> matches, String message) {
    return new CddbResult(Outcome.FOUND, Objects.requireNonNull(entry, "entry"), matches, message);
  }

  /** No entry: any outcome but {@link Outcome#FOUND}. */
  static CddbResult failed(Outcome outcome, List<CddbMatch> matches, String message) {
    if (outcome == Outcome.FOUND) {
      throw new IllegalArgumentException("a FOUND result needs an entry");
    }
    return new CddbResult(outcome, null, matches, message);
  }

  public Outcome outcome() {
    return outcome;
  }

  /** Whether an entry was found. */
  public boolean found() {
    return outcome == Outcome.FOUND;
  }

  /** The chosen entry; present exactly when the outcome is {@link Outcome#FOUND}. */
  public Optional<CddbEntry> entry() {
    return Optional.ofNullable(entry);
  }

  /** Every match the database listed for the disc, in its order (empty when it listed none). */
  public List<CddbMatch> matches() {
    return matches;
  }

  /** What happened, in one line, for example {@code "no match for 370fce16 at http://…"}. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return outcome + ": " + message;
  }
}
