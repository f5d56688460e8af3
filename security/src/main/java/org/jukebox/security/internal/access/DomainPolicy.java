package org.jukebox.security.internal.access;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.JukeboxPrincipal;

/** Free music for one domain; see {@code AccessPolicies.freeForDomain}. Immutable, thread-safe. */
public final class DomainPolicy implements AccessPolicy {
  private final String domain;
  private final Predicate<SongId> free;

  public DomainPolicy(String domain, Predicate<SongId> free) {
    Objects.requireNonNull(domain, "domain");
    if (domain.isBlank()) {
      throw new IllegalArgumentException("domain is blank");
    }
    this.domain = domain.trim();
    this.free = Objects.requireNonNull(free, "free");
  }

  @Override
  public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
    if (!free.test(song.id())) {
      return Grant.notApplicable();
    }
    // A coin id or other anonymous name could contain an '@': only real identities have a domain.
    if (!caller.isAnonymous() && caller.domain().toLowerCase(Locale.ROOT).equals(domain.toLowerCase(Locale.ROOT))) {
      return Grant.allow();
    }
    throw Denials.deny(caller, song, "free music here is only for domain " + domain);
  }

  @Override
  public String toString() {
    return "freeForDomain(" + domain + ")";
  }
}
