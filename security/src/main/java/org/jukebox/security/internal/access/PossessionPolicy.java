package org.jukebox.security.internal.access;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.PossessionChallenge;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.security.AccessPolicies;
import org.jukebox.security.JukeboxPrincipal;

/**
 * Copyrighted songs only for principals who hold the content; see
 * {@code AccessPolicies.possession}. Possession is recorded as (principal name, SHA-256 of the
 * content), so an upload of the same bytes counts for every song with them. Records live in
 * memory: a restart forgets them (see the report of issue 3).
 *
 * <p>Thread-safe.
 */
public final class PossessionPolicy implements AccessPolicies.Possession {
  /** Ranges per challenge, and the most bytes in each: enough to need the file, cheap to check. */
  static final int RANGES = 4;
  static final int RANGE_BYTES = 4096;
  static final int NONCE_BYTES = 32;
  /** Outstanding challenges at most, so that asking for many cannot exhaust memory. */
  static final int MAX_OUTSTANDING = 10_000;

  private final Map<SongId, AccessPolicies.Content> copyrighted;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random;
  private final Map<SongId, String> hashes = new ConcurrentHashMap<>();
  private final Set<String> holdings = ConcurrentHashMap.newKeySet();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  public PossessionPolicy(Map<SongId, AccessPolicies.Content> copyrighted, Clock clock, Duration lifetime,
      SecureRandom random) {
    this.copyrighted = Map.copyOf(Objects.requireNonNull(copyrighted, "copyrighted"));
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(lifetime, "challengeLifetime");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("challengeLifetime <= 0: " + lifetime);
    }
    this.lifetime = lifetime;
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException {
    if (!copyrighted.containsKey(song.id())) {
      return Grant.notApplicable();
    }
    if (caller.isAnonymous()) {
      throw Denials.deny(caller, song, "it is copyrighted and only an identified principal can show they hold it");
    }
    if (holds(caller, song.id())) {
      return Grant.allow();
    }
    throw Denials.deny(caller, song, "it is copyrighted and " + caller.name() + " has not shown they hold it");
  }

  @Override
  public PossessionChallenge challenge(JukeboxPrincipal caller, SongId song) throws AccessDeniedException, IOException {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(song, "song");
    if (caller.isAnonymous()) {
      throw new AccessDeniedException(caller.name() + " cannot prove possession: only an identified principal can");
    }
    AccessPolicies.Content content = content(song);
    Instant now = clock.instant();
    purgeExpired(now);
    if (pending.size() >= MAX_OUTSTANDING) {
      throw new IllegalStateException("too many outstanding possession challenges");
    }
    long length = content.length();
    if (length <= 0) {
      // No ranges would make the answer SHA-256(nonce): anyone could give it.
      throw new IOException("content of song " + song + " is empty: nothing to prove");
    }
    List<PossessionChallenge.ByteRange> ranges = new ArrayList<>(RANGES);
    int n = (int) Math.min(RANGE_BYTES, length);
    for (int i = 0; i < RANGES; i++) {
      long offset = length == n ? 0 : random.nextLong(length - n + 1);
      ranges.add(new PossessionChallenge.ByteRange(offset, n));
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] idBits = new byte[18];
    random.nextBytes(idBits);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBits);
    PossessionChallenge c = new PossessionChallenge(id, song, nonce, ranges, lifetime);
    pending.put(id, new Pending(c, caller.name(), now.plus(lifetime)));
    return c;
  }

  @Override
  public void prove(JukeboxPrincipal caller, String challengeId, byte[] answer)
      throws AccessDeniedException, IOException {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(challengeId, "challengeId");
    Objects.requireNonNull(answer, "answer");
    Pending p = pending.get(challengeId);
    if (p == null) {
      throw new AccessDeniedException("no such possession challenge: " + challengeId);
    }
    // Checked before it is used up, so that someone else cannot burn another's challenge.
    if (!p.issuedTo.equals(caller.name()) || caller.isAnonymous()) {
      throw new AccessDeniedException("possession challenge " + challengeId + " was issued to " + p.issuedTo
          + ", not to " + caller.name());
    }
    // Removed before the answer is checked: right or wrong, a challenge is answered once.
    if (!pending.remove(challengeId, p)) {
      throw new AccessDeniedException("no such possession challenge: " + challengeId);
    }
    if (!clock.instant().isBefore(p.expires)) {
      throw new AccessDeniedException("possession challenge " + challengeId + " expired");
    }
    SongId song = p.challenge.song();
    byte[] expected = AccessPolicies.respond(p.challenge, content(song));
    if (!MessageDigest.isEqual(expected, answer)) {
      throw new AccessDeniedException(caller.name() + " failed the possession challenge for " + song);
    }
    holdings.add(key(caller.name(), hash(song)));
  }

  @Override
  public void recordUpload(JukeboxPrincipal uploader, byte[] sha256) {
    Objects.requireNonNull(uploader, "uploader");
    Objects.requireNonNull(sha256, "sha256");
    if (uploader.isAnonymous()) {
      throw new IllegalArgumentException("anonymous principals cannot hold content");
    }
    if (sha256.length != 32) {
      throw new IllegalArgumentException("sha256 is not 32 bytes: " + sha256.length);
    }
    holdings.add(key(uploader.name(), HexFormat.of().formatHex(sha256)));
  }

  @Override
  public boolean holds(JukeboxPrincipal who, SongId song) {
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(song, "song");
    if (who.isAnonymous() || !copyrighted.containsKey(song)) {
      return false;
    }
    try {
      return holdings.contains(key(who.name(), hash(song)));
    } catch (IOException e) {
      // Without our own copy nobody can be shown to hold it.
      return false;
    }
  }

  /** How many challenges await an answer. */
  public int outstanding() {
    return pending.size();
  }

  private AccessPolicies.Content content(SongId song) {
    AccessPolicies.Content c = copyrighted.get(song);
    if (c == null) {
      throw new IllegalArgumentException("song " + song + " is not copyrighted here");
    }
    return c;
  }

  /** SHA-256 of the song's whole content, hex; computed once. */
  private String hash(SongId song) throws IOException {
    String h = hashes.get(song);
    if (h != null) {
      return h;
    }
    AccessPolicies.Content c = content(song);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JDK", e);
    }
    long length = c.length();
    for (long off = 0; off < length; off += 1 << 16) {
      sha.update(c.read(off, (int) Math.min(1 << 16, length - off)));
    }
    h = HexFormat.of().formatHex(sha.digest());
    hashes.put(song, h);
    return h;
  }

  private void purgeExpired(Instant now) {
    pending.values().removeIf(p -> !now.isBefore(p.expires));
  }

  private static String key(String name, String hashHex) {
    return hashHex + "/" + name;
  }

  @Override
  public String toString() {
    return "possession(" + copyrighted.size() + " copyrighted songs)";
  }

  private record Pending(PossessionChallenge challenge, String issuedTo, Instant expires) {}
}
