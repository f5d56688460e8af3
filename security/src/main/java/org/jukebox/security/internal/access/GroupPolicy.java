package org.jukebox.security.internal.access;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.JukeboxPrincipal;

/**
 * Group ownership, one member at a time per song; see {@code AccessPolicies.groupOwnership}.
 * The lock of a song is held by one member with a count of grants not yet released, so that
 * the member may open the song again (a reconnect) while the first stream winds down.
 *
 * <p>Thread-safe: the lock table is guarded by this object.
 */
public final class GroupPolicy implements AccessPolicy {
  private final Map<String, Set<String>> groups;
  private final Map<SongId, String> owners;
  private final Map<SongId, Holder> locks = new HashMap<>();

  public GroupPolicy(Map<String, Set<String>> groups, Map<SongId, String> owners) {
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(owners, "owners");
    Map<String, Set<String>> g = new HashMap<>();
    groups.forEach((name, members) -> g.put(name, Set.copyOf(members)));
    this.groups = Map.copyOf(g);
    this.owners = Map.copyOf(owners);
    for (Map.Entry<SongId, String> e : this.owners.entrySet()) {
      if (!this.groups.containsKey(e.getValue())) {
        throw new IllegalArgumentException("song " + e.getKey() + " is owned by undefined group " + e.getValue());
      }
    }
  }

  @Override
  public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
    String group = owners.get(song.id());
    if (group == null) {
      return Grant.notApplicable();
    }
    if (caller.isAnonymous() || !groups.get(group).contains(caller.name())) {
      throw Denials.deny(caller, song, "it belongs to group " + group + " and " + caller.name() + " is not a member");
    }
    SongId id = song.id();
    synchronized (this) {
      Holder h = locks.get(id);
      if (h != null && !h.member.equals(caller.name())) {
        throw Denials.deny(caller, song, "it belongs to group " + group + " and " + h.member + " is playing it");
      }
      if (h == null) {
        h = new Holder(caller.name());
        locks.put(id, h);
      }
      h.count++;
    }
    return Grant.allow(() -> release(id));
  }

  /** Who holds the song's lock now, if anyone. */
  public synchronized Optional<String> holder(SongId song) {
    Holder h = locks.get(song);
    return h == null ? Optional.empty() : Optional.of(h.member);
  }

  private synchronized void release(SongId id) {
    Holder h = locks.get(id);
    if (h != null && --h.count == 0) {
      locks.remove(id);
    }
  }

  @Override
  public String toString() {
    return "groupOwnership(" + groups.size() + " groups, " + owners.size() + " songs)";
  }

  private static final class Holder {
    final String member;
    int count;

    Holder(String member) {
      this.member = member;
    }
  }
}
