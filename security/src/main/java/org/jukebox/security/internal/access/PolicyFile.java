package org.jukebox.security.internal.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jukebox.api.SongId;
import org.jukebox.security.AccessPolicies;
import org.jukebox.security.AccessPolicy;
import org.jukebox.security.RoyaltyLedger;

/**
 * Parses the text configuration of {@code AccessPolicies.parse} into a policy. Every key must be
 * used by the policy reachable from {@code policy = NAME}, so that a misspelt key fails loudly
 * instead of leaving songs open. Not thread-safe (one instance per parse).
 */
public final class PolicyFile {
  static final List<String> TYPES =
      List.of("allow", "deny", "acl", "possession", "domain", "group", "pay", "all-of", "first-match");

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> used = new LinkedHashSet<>();
  private final Map<String, AccessPolicy> built = new HashMap<>();
  private final Deque<String> building = new ArrayDeque<>();
  private final Map<Path, RoyaltyLedger> ledgers = new HashMap<>();
  private final Path baseDir;
  private final Clock clock;

  private PolicyFile(Path baseDir, Clock clock) {
    this.baseDir = baseDir == null ? Path.of("").toAbsolutePath() : baseDir;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static AccessPolicy parse(String text, Path baseDir, Clock clock) throws IOException {
    Objects.requireNonNull(text, "text");
    PolicyFile f = new PolicyFile(baseDir, clock);
    try {
      return f.parse(text);
    } catch (IOException | RuntimeException e) {
      f.ledgers.values().forEach(RoyaltyLedger::close);
      throw e;
    }
  }

  private AccessPolicy parse(String text) throws IOException {
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("policy file line " + (i + 1) + ": expected KEY = VALUE: " + line);
      }
      if (values.putIfAbsent(key, line.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("policy file line " + (i + 1) + ": duplicate key " + key);
      }
    }
    String root = take("policy");
    if (root == null || root.isEmpty()) {
      throw new IllegalArgumentException("policy file: no policy key (policy = NAME)");
    }
    String otherwise = take("otherwise");
    boolean allow;
    if (otherwise == null || otherwise.equals("allow")) {
      allow = true;
    } else if (otherwise.equals("deny")) {
      allow = false;
    } else {
      throw new IllegalArgumentException("policy file: otherwise must be allow or deny: " + otherwise);
    }
    AccessPolicy policy = build(root);
    Set<String> unused = new TreeSet<>(values.keySet());
    unused.removeAll(used);
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("policy file: unused key " + unused.iterator().next()
          + " (misspelt, or its policy is not reachable from policy = " + root + ")");
    }
    return AccessPolicies.withDefault(policy, allow);
  }

  private AccessPolicy build(String name) throws IOException {
    checkName(name);
    AccessPolicy done = built.get(name);
    if (done != null) {
      return done;
    }
    if (building.contains(name)) {
      List<String> path = new ArrayList<>(building);
      java.util.Collections.reverse(path);
      path = path.subList(path.indexOf(name), path.size());
      throw new IllegalArgumentException("policy " + name + " refers to itself: " + String.join(" -> ", path) + " -> " + name);
    }
    building.push(name);
    String type = take(name + ".type");
    if (type == null) {
      if (!TYPES.contains(name)) {
        throw new IllegalArgumentException("policy " + name + " has no type (add " + name + ".type = one of "
            + String.join(", ", TYPES) + ")");
      }
      type = name;
    }
    AccessPolicy p;
    try {
      p = switch (type) {
        case "allow" -> AccessPolicies.allowAll();
        case "deny" -> AccessPolicies.denyAll();
        case "acl" -> acl(name);
        case "possession" -> possession(name);
        case "domain" -> domain(name);
        case "group" -> group(name);
        case "pay" -> pay(name);
        case "all-of" -> AccessPolicies.allOf(members(name));
        case "first-match" -> AccessPolicies.firstMatch(members(name));
        default -> throw new IllegalArgumentException("policy " + name + ": unknown type " + type + " (one of "
            + String.join(", ", TYPES) + ")");
      };
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("policy ")) {
        throw e;
      }
      throw new IllegalArgumentException("policy " + name + ": " + e.getMessage(), e);
    }
    building.pop();
    built.put(name, p);
    return p;
  }

  private AccessPolicy acl(String name) {
    String unlisted = take(name + ".unlisted");
    AccessPolicies.Unlisted u;
    if (unlisted == null || unlisted.equals("deny")) {
      u = AccessPolicies.Unlisted.DENY;
    } else if (unlisted.equals("allow")) {
      u = AccessPolicies.Unlisted.ALLOW;
    } else if (unlisted.equals("abstain")) {
      u = AccessPolicies.Unlisted.ABSTAIN;
    } else {
      throw new IllegalArgumentException(name + ".unlisted must be allow, deny or abstain: " + unlisted);
    }
    Map<SongId, Set<String>> lists = new HashMap<>();
    for (Map.Entry<SongId, String> e : songKeys(name).entrySet()) {
      lists.put(e.getKey(), Set.copyOf(list(e.getValue())));
    }
    return AccessPolicies.acl(lists, u);
  }

  private AccessPolicy possession(String name) {
    String seconds = take(name + ".challenge-seconds");
    Duration lifetime = AccessPolicies.DEFAULT_CHALLENGE_LIFETIME;
    if (seconds != null) {
      long s;
      try {
        s = Long.parseLong(seconds);
      } catch (NumberFormatException e) {
        s = -1;
      }
      if (s <= 0) {
        throw new IllegalArgumentException(name + ".challenge-seconds must be a positive number of seconds: " + seconds);
      }
      lifetime = Duration.ofSeconds(s);
    }
    Map<SongId, AccessPolicies.Content> copyrighted = new HashMap<>();
    for (Map.Entry<SongId, String> e : songKeys(name).entrySet()) {
      Path file = baseDir.resolve(e.getValue()).normalize();
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("file of song " + e.getKey() + " not found: " + file);
      }
      copyrighted.put(e.getKey(), AccessPolicies.Content.ofFile(file));
    }
    return AccessPolicies.possession(copyrighted, clock, lifetime);
  }

  private AccessPolicy domain(String name) {
    String domain = take(name + ".domain");
    if (domain == null) {
      throw new IllegalArgumentException("missing " + name + ".domain");
    }
    return AccessPolicies.freeForDomain(domain, songs(name));
  }

  private AccessPolicy group(String name) {
    String prefix = name + ".group.";
    Map<String, Set<String>> groups = new HashMap<>();
    for (String key : List.copyOf(values.keySet())) {
      if (key.startsWith(prefix)) {
        String group = key.substring(prefix.length());
        checkName(group);
        groups.put(group, Set.copyOf(list(take(key))));
      }
    }
    return AccessPolicies.groupOwnership(groups, songKeys(name));
  }

  private AccessPolicy pay(String name) throws IOException {
    String ledger = take(name + ".ledger");
    if (ledger == null || ledger.isEmpty()) {
      throw new IllegalArgumentException("missing " + name + ".ledger");
    }
    Path file = baseDir.resolve(ledger).toAbsolutePath().normalize();
    RoyaltyLedger l = ledgers.get(file);
    if (l == null) {
      l = RoyaltyLedger.open(file);
      ledgers.put(file, l);
    }
    return new PayPerUsePolicy(songs(name), l, clock, true);
  }

  private List<AccessPolicy> members(String name) throws IOException {
    String of = take(name + ".of");
    if (of == null) {
      throw new IllegalArgumentException("missing " + name + ".of");
    }
    List<String> names = list(of);
    if (names.isEmpty()) {
      throw new IllegalArgumentException(name + ".of is empty");
    }
    List<AccessPolicy> members = new ArrayList<>();
    for (String m : names) {
      members.add(build(m));
    }
    return members;
  }

  /** {@code NAME.songs}: "*" or absent for every song, else a list of song ids. */
  private Predicate<SongId> songs(String name) {
    String songs = take(name + ".songs");
    if (songs == null || songs.equals("*")) {
      return id -> true;
    }
    Set<SongId> ids = new java.util.HashSet<>();
    for (String s : list(songs)) {
      ids.add(new SongId(s));
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(name + ".songs is empty (use * for every song)");
    }
    return ids::contains;
  }

  /** Every {@code NAME.song.SONG_ID = VALUE}, marked used. */
  private Map<SongId, String> songKeys(String name) {
    String prefix = name + ".song.";
    Map<SongId, String> out = new HashMap<>();
    for (String key : List.copyOf(values.keySet())) {
      if (key.startsWith(prefix)) {
        out.put(new SongId(key.substring(prefix.length())), take(key));
      }
    }
    return out;
  }

  private String take(String key) {
    String v = values.get(key);
    if (v != null) {
      used.add(key);
    }
    return v;
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  private static void checkName(String name) {
    boolean ok = !name.isEmpty() && name.length() <= 64 && !name.equals("policy") && !name.equals("otherwise");
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
    if (!ok) {
      throw new IllegalArgumentException("policy name must be 1 to 64 of [A-Za-z0-9_-], not policy or otherwise: " + name);
    }
  }
}
