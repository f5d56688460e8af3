package org.jukebox.security;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.PossessionChallenge;
import org.jukebox.api.SongId;
import org.jukebox.security.internal.access.AclPolicy;
import org.jukebox.security.internal.access.Combinators;
import org.jukebox.security.internal.access.DomainPolicy;
import org.jukebox.security.internal.access.GroupPolicy;
import org.jukebox.security.internal.access.PayPerUsePolicy;
import org.jukebox.security.internal.access.PolicyFile;
import org.jukebox.security.internal.access.PossessionPolicy;

/**
 * The built-in {@link AccessPolicy access policies}, their combinators, and the text
 * configuration that chooses among them per SoundSmith ({@link #load}).
 *
 * <p>Every refusal message has the form {@code "NAME may not play SONG_ID: REASON"}, NAME being
 * the principal's name; the reasons are listed with each factory.
 */
public final class AccessPolicies {
  /** How long a proof-of-possession challenge may be answered, unless configured. */
  public static final Duration DEFAULT_CHALLENGE_LIFETIME = Duration.ofSeconds(60);

  private AccessPolicies() {}

  /** Allows every principal every song (what a SoundSmith does without a policy). */
  public static AccessPolicy allowAll() {
    return Combinators.ALLOW_ALL;
  }

  /** Refuses every song to everyone: {@code "bob may not play s:1: this SoundSmith plays nothing"}. */
  public static AccessPolicy denyAll() {
    return Combinators.DENY_ALL;
  }

  /**
   * Per-song access control lists: a song with a list may be played only by the principals
   * named on it ({@code "bob may not play s:1: not on the song's access list"}); songs without
   * one are handled as {@code unlisted} says ({@code "bob may not play s:2: the song has no access
   * list"} when denied). Anonymous principals are never on a list, whatever their name.
   *
   * @param lists song id to the principal names allowed; copied
   */
  public static AccessPolicy acl(Map<SongId, Set<String>> lists, Unlisted unlisted) {
    return new AclPolicy(lists, unlisted);
  }

  /**
   * Copyrighted songs only for principals who have shown they hold the content: by uploading it
   * ({@link Possession#recordUpload}) or by answering a {@link Possession#challenge}. Songs not
   * in {@code copyrighted} are not governed. Refusals: {@code "bob may not play s:1: it is
   * copyrighted and bob has not shown they hold it"}; for anonymous principals {@code "anonymous
   * may not play s:1: it is copyrighted and only an identified principal can show they hold it"}.
   *
   * @param copyrighted the copyrighted songs and how to read their content; copied
   * @param challengeLifetime how long a challenge may be answered; positive
   */
  public static Possession possession(Map<SongId, Content> copyrighted, Clock clock, Duration challengeLifetime) {
    return new PossessionPolicy(copyrighted, clock, challengeLifetime, new SecureRandom());
  }

  /**
   * The answer to a possession challenge for the given content: SHA-256 over the nonce, then the
   * bytes of each range in order. The prover computes it from its copy, the possession policy
   * from its own; this is the one place that computation lives.
   *
   * <p>Neither argument may be null; thread-safe as far as {@code content} is.
   *
   * @throws IOException if the content cannot be read or is shorter than a range needs
   */
  public static byte[] respond(PossessionChallenge challenge, Content content) throws IOException {
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(content, "content");
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JDK", e);
    }
    sha.update(challenge.nonce());
    for (PossessionChallenge.ByteRange r : challenge.ranges()) {
      sha.update(content.read(r.offset(), r.length()));
    }
    return sha.digest();
  }

  /**
   * Free music only for principals of one domain ({@link JukeboxPrincipal#domain()}, compared
   * ignoring case); anonymous principals belong to no domain. Governs the songs {@code free}
   * accepts. Refusal: {@code "bob@other.org may not play s:1: free music here is only for
   * domain cs.example.org"}.
   *
   * @throws IllegalArgumentException if the domain is blank: {@code "domain is blank"}
   */
  public static AccessPolicy freeForDomain(String domain, Predicate<SongId> free) {
    return new DomainPolicy(domain, free);
  }

  /**
   * Songs owned by a group (a set of principal names) are played by at most one member at a
   * time: the grant holds the song's lock until it is released (the stream ends or its ticket
   * expires unused). The member holding it may open it again (another device, a reconnect).
   * Songs owned by no group are not governed. Refusals: {@code "dave may not play s:1: it belongs
   * to group band and dave is not a member"}, {@code "bob may not play s:1: it belongs to group
   * band and alice is playing it"}.
   *
   * @param groups group name to member names; copied
   * @param owners song id to the name of the group that owns it; copied
   * @throws IllegalArgumentException if a song's group is not defined:
   *     {@code "song s:1 is owned by undefined group band"}
   */
  public static AccessPolicy groupOwnership(Map<String, Set<String>> groups, Map<SongId, String> owners) {
    return new GroupPolicy(groups, owners);
  }

  /**
   * Pay-per-use: a play of a song {@code priced} accepts costs one coin, and each paid play is
   * recorded in the royalty ledger before it is allowed. The payment is the caller's principal:
   * the pay-per-use authenticator makes a principal of kind {@code ANONYMOUS}, mechanism
   * {@value #COIN_MECHANISM}, named by the coin's id; a coin pays for one play only. Refusals:
   * {@code "bob may not play s:1: it costs one coin per play and bob did not pay with a coin"},
   * {@code "c0ffee may not play s:1: coin c0ffee has already paid for a play"},
   * {@code "c0ffee may not play s:1: the payment could not be recorded"} (ledger write failed).
   * The ledger stays the caller's to close.
   */
  public static AccessPolicy payPerUse(Predicate<SongId> priced, RoyaltyLedger ledger, Clock clock) {
    return new PayPerUsePolicy(priced, ledger, clock, false);
  }

  /** The mechanism of a principal that paid with a coin. */
  public static final String COIN_MECHANISM = "coin";

  /**
   * A policy that allows only what every member that governs the song allows, asking them in
   * order; the first refusal wins, and the grants already taken are released. It governs a song
   * if any member does. Put members with lasting side effects (pay-per-use) last, so that a
   * later refusal does not follow a recorded payment.
   *
   * @throws IllegalArgumentException if there are no members: {@code "allOf needs at least one policy"}
   */
  public static AccessPolicy allOf(List<AccessPolicy> members) {
    return Combinators.allOf(members);
  }

  /**
   * A policy that asks its members in order and allows with the first that grants; the others
   * are not asked (so "free for the domain, else pay" charges nobody in the domain). If none
   * grants, the last refusal is thrown; if none governs the song, neither does this.
   *
   * @throws IllegalArgumentException if there are no members: {@code "firstMatch needs at least one policy"}
   */
  public static AccessPolicy firstMatch(List<AccessPolicy> members) {
    return Combinators.firstMatch(members);
  }

  /**
   * {@code policy}, deciding also the songs it does not govern: allowed, or refused with
   * {@code "bob may not play s:1: no policy allows it"}.
   */
  public static AccessPolicy withDefault(AccessPolicy policy, boolean allow) {
    return Combinators.withDefault(policy, allow);
  }

  /**
   * Builds the policy a text file describes (format in {@link #parse}); relative paths in it
   * (ledgers, song files) are resolved against the file's folder. The returned policy owns the
   * ledgers it opened: close it when the SoundSmith is closed.
   *
   * @throws IOException if the file cannot be read or a ledger cannot be opened
   * @throws IllegalArgumentException if the configuration is wrong; the message names the line
   *     or key: {@code "policy file line 3: expected KEY = VALUE: oops"}
   */
  public static AccessPolicy load(Path file, Clock clock) throws IOException {
    Objects.requireNonNull(file, "file");
    Path abs = file.toAbsolutePath();
    return parse(Files.readString(abs, StandardCharsets.UTF_8), abs.getParent(), clock);
  }

  /**
   * Builds the policy a text configuration describes. Lines are {@code KEY = VALUE}, split at
   * the first {@code =} (not {@code java.util.Properties}: song ids contain colons); {@code #}
   * starts a comment line. Keys:
   * <pre>
   * policy = NAME                      # the policy this SoundSmith runs (required)
   * otherwise = allow|deny             # songs no policy governs (default allow)
   * NAME.type = TYPE                   # default: NAME itself, when NAME is a type
   *
   * TYPE allow | deny                  # no options
   * TYPE acl          NAME.unlisted = allow|deny|abstain (default deny)
   *                   NAME.song.SONG_ID = alice, bob
   * TYPE possession   NAME.song.SONG_ID = path/to/file.mp3   # copyrighted songs and their bytes
   *                   NAME.challenge-seconds = 60
   * TYPE domain       NAME.domain = cs.example.org (required)
   *                   NAME.songs = * | SONG_ID, SONG_ID (default *)   # the free songs
   * TYPE group        NAME.group.GROUP = alice, bob
   *                   NAME.song.SONG_ID = GROUP
   * TYPE pay          NAME.ledger = royalties.log (required)
   *                   NAME.songs = * | SONG_ID, SONG_ID (default *)   # the priced songs
   * TYPE all-of | first-match   NAME.of = NAME, NAME, ...
   * </pre>
   * Names are 1 to 64 of {@code [A-Za-z0-9_-]}; {@code policy} and {@code otherwise} are
   * reserved. Every key must be used: a typo is an error, not a silently open SoundSmith.
   *
   * @param baseDir folder against which relative paths resolve; null for the working directory
   * @throws IOException if a ledger cannot be opened
   * @throws IllegalArgumentException if the configuration is wrong, with a message naming the
   *     line or key (see {@code PolicyFileTest} for each)
   */
  public static AccessPolicy parse(String text, Path baseDir, Clock clock) throws IOException {
    return PolicyFile.parse(text, baseDir, clock);
  }

  /**
   * The copyrighted-content policy inside {@code policy} (itself, or a member of its
   * combinators), so that a SoundSmith running a policy loaded from a file can issue and check
   * possession challenges; the first one found, depth first.
   */
  public static java.util.Optional<Possession> possessionIn(AccessPolicy policy) {
    return Combinators.flatten(policy).stream()
        .filter(Possession.class::isInstance).map(Possession.class::cast).findFirst();
  }

  /** The royalty ledgers the pay-per-use policies inside {@code policy} record in, each once. */
  public static List<RoyaltyLedger> ledgersIn(AccessPolicy policy) {
    return Combinators.flatten(policy).stream()
        .filter(PayPerUsePolicy.class::isInstance).map(p -> ((PayPerUsePolicy) p).ledger()).distinct().toList();
  }

  /** What an ACL policy does with a song that has no list. */
  public enum Unlisted {
    /** Anyone may play it. */
    ALLOW,
    /** No one may play it. */
    DENY,
    /** The ACL policy does not govern it (another policy, or the default, decides). */
    ABSTAIN
  }

  /**
   * The bytes of a song, read by range: what a possession challenge hashes. Implementations are
   * thread-safe.
   */
  public interface Content {
    /**
     * Exactly {@code length} bytes from {@code offset}.
     *
     * @throws IOException if they cannot be read, or the content ends before (an
     *     {@link EOFException})
     */
    byte[] read(long offset, int length) throws IOException;

    /**
     * How many bytes there are; challenges pick ranges within them.
     *
     * @throws IOException if that cannot be found out
     */
    long length() throws IOException;

    /** A file's bytes, read afresh on each call (so that a replaced file is seen). */
    static Content ofFile(Path file) {
      Objects.requireNonNull(file, "file");
      return new Content() {
        @Override
        public byte[] read(long offset, int length) throws IOException {
          ByteBuffer buf = ByteBuffer.allocate(length);
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
              if (ch.read(buf, offset + buf.position()) < 0) {
                throw new EOFException(file + " ends before byte " + (offset + length));
              }
            }
          }
          return buf.array();
        }

        @Override
        public long length() throws IOException {
          return Files.size(file);
        }

        @Override
        public String toString() {
          return "Content[" + file + "]";
        }
      };
    }

    /** Bytes in memory; the array is copied. */
    static Content ofBytes(byte[] data) {
      byte[] copy = data.clone();
      return new Content() {
        @Override
        public byte[] read(long offset, int length) throws IOException {
          if (offset < 0 || offset + length > copy.length) {
            throw new EOFException("content has " + copy.length + " bytes, not up to " + (offset + length));
          }
          return java.util.Arrays.copyOfRange(copy, (int) offset, (int) offset + length);
        }

        @Override
        public long length() {
          return copy.length;
        }
      };
    }
  }

  /**
   * The copyrighted-content policy ({@link #possession}), with the operations by which
   * principals show they hold a song. Thread-safe.
   */
  public interface Possession extends AccessPolicy {
    /**
     * A fresh challenge for {@code caller} to show it holds {@code song}: random ranges of the
     * content and a nonce, answerable once, by that principal, within the challenge lifetime.
     *
     * @throws AccessDeniedException if the caller is anonymous: {@code "anonymous cannot prove
     *     possession: only an identified principal can"}
     * @throws IllegalArgumentException if the song is not copyrighted here:
     *     {@code "song s:9 is not copyrighted here"}
     * @throws IllegalStateException if too many challenges are outstanding:
     *     {@code "too many outstanding possession challenges"}
     * @throws IOException if the content's length cannot be read, or it is empty (an empty
     *     challenge would prove nothing): {@code "content of song s:1 is empty: nothing to prove"}
     */
    PossessionChallenge challenge(JukeboxPrincipal caller, SongId song) throws AccessDeniedException, IOException;

    /**
     * Checks an answer to a challenge (see {@link AccessPolicies#respond}); on success
     * {@code caller} holds the song from now on. A challenge is used up by the first answer
     * from the principal it was issued to, right or wrong (another principal's answer is refused
     * without using it up).
     *
     * @throws AccessDeniedException if the answer is refused: {@code "no such possession
     *     challenge: ID"} (never issued, or answered already), {@code "possession challenge ID
     *     expired"}, {@code "possession challenge ID was issued to alice, not to bob"},
     *     {@code "bob failed the possession challenge for s:1"}
     * @throws IOException if the SoundSmith's own copy cannot be read
     */
    void prove(JukeboxPrincipal caller, String challengeId, byte[] answer) throws AccessDeniedException, IOException;

    /**
     * Records that {@code uploader} holds content whose SHA-256 is {@code sha256}, because it
     * uploaded it; it may then play every copyrighted song with that content.
     *
     * @throws IllegalArgumentException if the principal is anonymous ({@code "anonymous principals
     *     cannot hold content"}) or the hash is not 32 bytes ({@code "sha256 is not 32 bytes: 5"})
     */
    void recordUpload(JukeboxPrincipal uploader, byte[] sha256);

    /** Whether {@code who} has shown it holds {@code song}'s content. */
    boolean holds(JukeboxPrincipal who, SongId song);
  }
}
