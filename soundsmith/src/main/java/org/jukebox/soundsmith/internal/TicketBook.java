package org.jukebox.soundsmith.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jukebox.api.SongId;
import org.jukebox.soundsmith.MediaSource;

/**
 * The stream tickets a SoundSmith has issued: unguessable tokens (192 random bits from
 * {@link SecureRandom}, URL-safe Base64, 32 characters), each good for one song, for a single
 * use, until {@code lifetime} after issue.
 *
 * <p>A used or expired ticket is remembered for {@code spentMemory} after its expiry, so that
 * it can be told apart from one never issued ({@link Status#GONE} rather than
 * {@link Status#UNKNOWN}); after that it is purged, so tickets never accumulate. Purging runs
 * on issue and redemption, at most once per second.
 *
 * <p>Thread-safe; redemption is atomic, so of two concurrent consuming redemptions one wins.
 */
public final class TicketBook {
  /** How many characters a token has. */
  public static final int TOKEN_LENGTH = 32;
  /** How long a spent ticket is remembered after its expiry, unless told otherwise. */
  public static final Duration DEFAULT_SPENT_MEMORY = Duration.ofMinutes(5);

  private static final Duration PURGE_INTERVAL = Duration.ofSeconds(1);

  private final Clock clock;
  private final Duration lifetime;
  private final Duration spentMemory;
  private final SecureRandom random;
  private final ConcurrentHashMap<String, Ticket> tickets = new ConcurrentHashMap<>();
  private volatile Instant nextPurge = Instant.MIN;

  public TicketBook(Clock clock, Duration lifetime) {
    this(clock, lifetime, DEFAULT_SPENT_MEMORY, new SecureRandom());
  }

  public TicketBook(Clock clock, Duration lifetime, Duration spentMemory, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.spentMemory = Objects.requireNonNull(spentMemory, "spentMemory");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Issues an unpaced ticket for the song's bytes as they are now; returns its token. */
  public String issue(SongId song, MediaSource source) {
    return issue(song, source, 0);
  }

  /**
   * Issues a ticket for the song's bytes as they are now, to be sent at most
   * {@code paceBytesPerSecond} after the first burst (0 for unpaced); returns its token.
   */
  public String issue(SongId song, MediaSource source, long paceBytesPerSecond) {
    Objects.requireNonNull(song, "song");
    Objects.requireNonNull(source, "source");
    Instant now = clock.instant();
    purgeIfDue(now);
    byte[] bits = new byte[24];
    while (true) {
      random.nextBytes(bits);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
      if (tickets.putIfAbsent(token, new Ticket(song, source, now.plus(lifetime), paceBytesPerSecond)) == null) {
        return token;
      }
    }
  }

  /**
   * Looks a token up and, if {@code consume}, uses the ticket up (the first consuming
   * redemption wins, whether or not its stream then completes).
   */
  public Redemption redeem(String token, boolean consume) {
    Objects.requireNonNull(token, "token");
    Instant now = clock.instant();
    purgeIfDue(now);
    if (!isWellFormed(token)) {
      return new Redemption(Status.UNKNOWN, null, null);
    }
    Ticket t = tickets.get(token);
    if (t == null || !now.isBefore(t.expires.plus(spentMemory))) {
      return new Redemption(Status.UNKNOWN, null, null);
    }
    if (!now.isBefore(t.expires)) {
      return new Redemption(Status.GONE, null, "ticket expired");
    }
    if (consume ? !t.used.compareAndSet(false, true) : t.used.get()) {
      return new Redemption(Status.GONE, null, "ticket already used");
    }
    return new Redemption(Status.VALID, t, null);
  }

  /** How many tickets are remembered now (valid or spent, not yet purged). */
  public int size() {
    return tickets.size();
  }

  /** Forgets every ticket spent longer than {@code spentMemory} ago. */
  public void purge() {
    Instant now = clock.instant();
    for (Iterator<Ticket> it = tickets.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().expires.plus(spentMemory))) {
        it.remove();
      }
    }
  }

  private void purgeIfDue(Instant now) {
    if (now.isBefore(nextPurge)) {
      return;
    }
    nextPurge = now.plus(PURGE_INTERVAL);
    purge();
  }

  /**
   * Whether the string has the shape of a token (32 characters of URL-safe Base64), so that a
   * malformed one is refused without a lookup.
   */
  public static boolean isWellFormed(String token) {
    if (token.length() != TOKEN_LENGTH) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** What a redemption found. */
  public enum Status {
    /** Good: serve it. */
    VALID,
    /** Issued here but used or expired. */
    GONE,
    /** Never issued, malformed, or spent so long ago it was forgotten. */
    UNKNOWN
  }

  /**
   * The outcome of {@link #redeem}.
   *
   * @param status what was found
   * @param ticket the ticket when {@code VALID}, else null
   * @param reason why it is {@code GONE}, else null
   */
  public record Redemption(Status status, Ticket ticket, String reason) {}

  /** One issued ticket. */
  public static final class Ticket {
    private final SongId song;
    private final MediaSource source;
    private final Instant expires;
    private final long paceBytesPerSecond;
    private final AtomicBoolean used = new AtomicBoolean();

    Ticket(SongId song, MediaSource source, Instant expires, long paceBytesPerSecond) {
      this.song = song;
      this.source = source;
      this.expires = expires;
      this.paceBytesPerSecond = paceBytesPerSecond;
    }

    /** The most bytes per second after the first burst; 0 for unpaced. */
    public long paceBytesPerSecond() {
      return paceBytesPerSecond;
    }

    /** The song it opens. */
    public SongId song() {
      return song;
    }

    /** The bytes it serves, as they were when it was issued. */
    public MediaSource source() {
      return source;
    }
  }
}
