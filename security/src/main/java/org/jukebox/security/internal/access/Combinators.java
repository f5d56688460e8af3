package org.jukebox.security.internal.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.JukeboxPrincipal;

/** Constant policies and the combinators of {@code AccessPolicies}. */
public final class Combinators {
  private Combinators() {}

  public static final AccessPolicy ALLOW_ALL = new AccessPolicy() {
    @Override
    public Grant check(JukeboxPrincipal caller, Song song) {
      return Grant.allow();
    }

    @Override
    public String toString() {
      return "allowAll";
    }
  };

  public static final AccessPolicy DENY_ALL = new AccessPolicy() {
    @Override
    public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
      throw Denials.deny(caller, song, "this SoundSmith plays nothing");
    }

    @Override
    public String toString() {
      return "denyAll";
    }
  };

  public static AccessPolicy allOf(List<AccessPolicy> members) {
    List<AccessPolicy> all = members(members, "allOf");
    return new Composite("allOf", all) {
      @Override
      public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
        List<Grant> taken = new ArrayList<>(all.size());
        try {
          for (AccessPolicy p : all) {
            taken.add(Objects.requireNonNull(p.check(caller, song), "grant"));
          }
        } catch (AccessDeniedException | RuntimeException e) {
          taken.forEach(Grant::release);
          throw e;
        }
        return Grant.allOf(taken);
      }
    };
  }

  public static AccessPolicy firstMatch(List<AccessPolicy> members) {
    List<AccessPolicy> all = members(members, "firstMatch");
    return new Composite("firstMatch", all) {
      @Override
      public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
        AccessDeniedException refused = null;
        for (AccessPolicy p : all) {
          try {
            Grant g = Objects.requireNonNull(p.check(caller, song), "grant");
            if (g.applies()) {
              return g;
            }
          } catch (AccessDeniedException e) {
            refused = e; // the last refusal is the most general fallback's: the most useful to show
          }
        }
        if (refused != null) {
          throw refused;
        }
        return Grant.notApplicable();
      }
    };
  }

  public static AccessPolicy withDefault(AccessPolicy policy, boolean allow) {
    Objects.requireNonNull(policy, "policy");
    return new Composite(allow ? "withDefaultAllow" : "withDefaultDeny", List.of(policy)) {
      @Override
      public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
        Grant g = Objects.requireNonNull(policy.check(caller, song), "grant");
        if (g.applies()) {
          return g;
        }
        if (allow) {
          return Grant.allow();
        }
        throw Denials.deny(caller, song, "no policy allows it");
      }
    };
  }

  private static List<AccessPolicy> members(List<AccessPolicy> members, String what) {
    List<AccessPolicy> copy = List.copyOf(members);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(what + " needs at least one policy");
    }
    return copy;
  }

  /** Every policy in the tree under {@code root}, root first, each once, depth first. */
  public static java.util.List<AccessPolicy> flatten(AccessPolicy root) {
    java.util.List<AccessPolicy> out = new ArrayList<>();
    java.util.Set<AccessPolicy> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Deque<AccessPolicy> todo = new java.util.ArrayDeque<>();
    todo.push(Objects.requireNonNull(root, "policy"));
    while (!todo.isEmpty()) {
      AccessPolicy p = todo.pop();
      if (!seen.add(p)) {
        continue;
      }
      out.add(p);
      if (p instanceof Composite c) {
        for (int i = c.members.size() - 1; i >= 0; i--) {
          todo.push(c.members.get(i));
        }
      }
    }
    return out;
  }

  /** A policy made of others; closing it closes them. */
  private abstract static class Composite implements AccessPolicy {
    private final String name;
    private final List<AccessPolicy> members;

    Composite(String name, List<AccessPolicy> members) {
      this.name = name;
      this.members = members;
    }

    @Override
    public void close() {
      for (AccessPolicy p : members) {
        p.close();
      }
    }

    @Override
    public String toString() {
      return name + members;
    }
  }
}
