package org.jukebox.security.internal.access;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.security.AccessPolicies.Unlisted;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.JukeboxPrincipal;

/** Per-song access lists; see {@code AccessPolicies.acl}. Immutable, thread-safe. */
public final class AclPolicy implements AccessPolicy {
  private final Map<SongId, Set<String>> lists;
  private final Unlisted unlisted;

  public AclPolicy(Map<SongId, Set<String>> lists, Unlisted unlisted) {
    Objects.requireNonNull(lists, "lists");
    this.lists = Map.copyOf(lists.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue()))));
    this.unlisted = Objects.requireNonNull(unlisted, "unlisted");
  }

  @Override
  public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
    Set<String> allowed = lists.get(song.id());
    if (allowed == null) {
      return switch (unlisted) {
        case ALLOW -> Grant.allow();
        case ABSTAIN -> Grant.notApplicable();
        case DENY -> throw Denials.deny(caller, song, "the song has no access list");
      };
    }
    // An anonymous principal's name is not an identity: "anonymous" on a list admits nobody.
    if (!caller.isAnonymous() && allowed.contains(caller.name())) {
      return Grant.allow();
    }
    throw Denials.deny(caller, song, "not on the song's access list");
  }

  @Override
  public String toString() {
    return "acl(" + lists.size() + " lists, unlisted " + unlisted.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
