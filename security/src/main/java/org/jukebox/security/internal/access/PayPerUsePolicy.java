package org.jukebox.security.internal.access;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Predicate;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.security.AccessPolicies;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.RoyaltyLedger;

/**
 * One coin per play, each paid play recorded durably before it is allowed; see
 * {@code AccessPolicies.payPerUse}. A grant is not refunded if its ticket goes unused: the
 * coin was spent when the ticket was issued. Thread-safe (the ledger is).
 */
public final class PayPerUsePolicy implements AccessPolicy {
  private static final System.Logger LOG = System.getLogger(PayPerUsePolicy.class.getName());

  private final Predicate<SongId> priced;
  private final RoyaltyLedger ledger;
  private final Clock clock;
  private final boolean ownsLedger;

  public PayPerUsePolicy(Predicate<SongId> priced, RoyaltyLedger ledger, Clock clock, boolean ownsLedger) {
    this.priced = Objects.requireNonNull(priced, "priced");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ownsLedger = ownsLedger;
  }

  @Override
  public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
    if (!priced.test(song.id())) {
      return Grant.notApplicable();
    }
    if (!isCoin(caller)) {
      throw Denials.deny(caller, song, "it costs one coin per play and " + caller.name() + " did not pay with a coin");
    }
    boolean recorded;
    try {
      recorded = ledger.record(song.id(), caller.name(), clock.instant());
    } catch (IOException | IllegalStateException e) {
      LOG.log(System.Logger.Level.ERROR, "cannot record a paid play of " + song.id() + " in " + ledger + ": " + e);
      throw Denials.deny(caller, song, "the payment could not be recorded");
    }
    if (!recorded) {
      throw Denials.deny(caller, song, "coin " + caller.name() + " has already paid for a play");
    }
    return Grant.allow();
  }

  /** Whether the principal is a coin presented to the pay-per-use verifier. */
  static boolean isCoin(JukeboxPrincipal p) {
    return p.kind() == JukeboxPrincipal.Kind.ANONYMOUS && p.mechanism().equals(AccessPolicies.COIN_MECHANISM);
  }

  /** The ledger it records in. */
  public RoyaltyLedger ledger() {
    return ledger;
  }

  @Override
  public void close() {
    if (ownsLedger) {
      ledger.close();
    }
  }

  @Override
  public String toString() {
    return "payPerUse(" + ledger.file() + ")";
  }
}
