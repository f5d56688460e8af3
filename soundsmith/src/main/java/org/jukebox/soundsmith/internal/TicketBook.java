package org.jukebox.soundsmith.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jukebox.api.SongId;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.soundsmith.MediaSource;

/**
 * The stream tickets a SoundSmith has issued: unguessable tokens, each good for one song, for a
 * single use, until {@code lifetime} after issue, bound to the principal it was issued to.
 *
 * <p>A token is 128 random bits from {@link SecureRandom} followed by the first 64 bits of their
 * HMAC-SHA256 under a key this book draws at construction, URL-safe Base64, 32 characters. A
 * token whose MAC does not verify (forged, or one character changed) is refused without a
 * lookup; the random part makes it unguessable, the table maps it to song, principal and expiry.
 *
 * <p>A ticket may hold something for the policy that allowed it (a group lock): its release
 * action runs once, when the stream it allowed ends ({@link Ticket#release()}, called by the
 * stream server) or when it expires unused ({@link #releaseExpired()}, run on every issue and
 * redemption), or when the book is {@linkplain #releaseAll() shut}.
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
  private static final int RANDOM_BYTES = 16;
  private static final int TAG_BYTES = 8;

  private final Clock clock;
  private final Duration lifetime;
  private final Duration spentMemory;
  private final SecureRandom random;
  private final ConcurrentHashMap<String, Ticket> tickets = new ConcurrentHashMap<>();
  /** Tickets whose release does something, soonest expiry first: the expiry sweep reads only its head. */
  private final PriorityBlockingQueue<Ticket> holding =
      new PriorityBlockingQueue<>(16, Comparator.comparing((Ticket t) -> t.expires));
  private final SecretKeySpec key;
  private volatile Instant nextPurge = Instant.MIN;

  public TicketBook(Clock clock, Duration lifetime) {
    this(clock, lifetime, DEFAULT_SPENT_MEMORY, new SecureRandom());
  }

  public TicketBook(Clock clock, Duration lifetime, Duration spentMemory, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.spentMemory = Objects.requireNonNull(spentMemory, "spentMemory");
    this.random = Objects.requireNonNull(random, "random");
    byte[] k = new byte[32];
    random.nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
  }

  /** Issues an unpaced ticket for the song's bytes as they are now, to nobody in particular; returns its token. */
  public String issue(SongId song, MediaSource source) {
    return issue(song, source, 0);
  }

  /**
   * Issues a ticket for the song's bytes as they are now, to be sent at most
   * {@code paceBytesPerSecond} after the first burst (0 for unpaced), to nobody in particular;
   * returns its token.
   */
  public String issue(SongId song, MediaSource source, long paceBytesPerSecond) {
    return issue(song, source, paceBytesPerSecond, JukeboxPrincipal.ANONYMOUS, null);
  }

  /**
   * Issues a ticket for the song's bytes as they are now, to {@code principal}, to be sent at
   * most {@code paceBytesPerSecond} after the first burst (0 for unpaced); returns its token.
   *
   * @param onRelease runs once when the ticket's stream ends or it expires unused; null for nothing
   */
  public String issue(SongId song, MediaSource source, long paceBytesPerSecond, JukeboxPrincipal principal,
      Runnable onRelease) {
    Objects.requireNonNull(song, "song");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(principal, "principal");
    Instant now = clock.instant();
    purgeIfDue(now);
    releaseExpired(now);
    byte[] bits = new byte[RANDOM_BYTES + TAG_BYTES];
    while (true) {
      random.nextBytes(bits);
      System.arraycopy(tag(bits), 0, bits, RANDOM_BYTES, TAG_BYTES);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
      Ticket t = new Ticket(song, source, now.plus(lifetime), paceBytesPerSecond, principal, onRelease);
      if (tickets.putIfAbsent(token, t) == null) {
        if (onRelease != null) {
          holding.add(t);
        }
        return token;
      }
    }
  }

  /**
   * Looks a token up and, if {@code consume}, uses the ticket up (the first consuming
   * redemption wins, whether or not its stream then completes). Proves nobody: a bearer
   * redemption.
   */
  public Redemption redeem(String token, boolean consume) {
    return redeem(token, consume, null);
  }

  /**
   * Looks a token up and, if {@code consume}, uses the ticket up (the first consuming
   * redemption wins, whether or not its stream then completes). A consumer of a {@code VALID}
   * redemption must {@link Ticket#release()} the ticket when its stream ends.
   *
   * @param presenter who the request proved to be, or null if it proved nobody (the token is
   *     then a bearer capability); a presenter other than the principal the ticket was issued to
   *     gets {@link Status#FORBIDDEN} and the ticket stays unused. Tickets issued to an anonymous
   *     principal (nobody, or a coin) bind no identity, so anyone may present them.
   */
  public Redemption redeem(String token, boolean consume, JukeboxPrincipal presenter) {
    Objects.requireNonNull(token, "token");
    Instant now = clock.instant();
    purgeIfDue(now);
    releaseExpired(now);
    if (!isGenuine(token)) {
      return new Redemption(Status.UNKNOWN, null, null);
    }
    Ticket t = tickets.get(token);
    if (t == null || !now.isBefore(t.expires.plus(spentMemory))) {
      return new Redemption(Status.UNKNOWN, null, null);
    }
    if (presenter != null && !t.principal.isAnonymous() && !sameParty(presenter, t.principal)) {
      return new Redemption(Status.FORBIDDEN, null,
          "ticket issued to " + t.principal.name() + ", not to " + presenter.name());
    }
    if (!now.isBefore(t.expires)) {
      return new Redemption(Status.GONE, null, "ticket expired");
    }
    if (consume ? !t.used.compareAndSet(false, true) : t.used.get()) {
      return new Redemption(Status.GONE, null, "ticket already used");
    }
    return new Redemption(Status.VALID, t, null);
  }

  private static boolean sameParty(JukeboxPrincipal a, JukeboxPrincipal b) {
    // The mechanism may differ (a certificate over HTTPS, an HMAC exchange over RMI): same party.
    return a.name().equals(b.name()) && a.kind() == b.kind();
  }

  /**
   * Whether the string is a token this book could have issued: the shape of one (32 characters
   * of URL-safe Base64) and a MAC that verifies. Needs no lookup.
   */
  public boolean isGenuine(String token) {
    Objects.requireNonNull(token, "token");
    if (!isWellFormed(token)) {
      return false;
    }
    byte[] bits = Base64.getUrlDecoder().decode(token);
    return MessageDigest.isEqual(tag(bits), Arrays.copyOfRange(bits, RANDOM_BYTES, RANDOM_BYTES + TAG_BYTES));
  }

  /** Releases what every ticket that expired unused still holds. Cheap when nothing is due. */
  public void releaseExpired() {
    releaseExpired(clock.instant());
  }

  private void releaseExpired(Instant now) {
    for (Ticket head = holding.peek(); head != null && !now.isBefore(head.expires); head = holding.peek()) {
      if (holding.remove(head) && head.used.compareAndSet(false, true)) {
        // Marked used first, so that a redemption racing the expiry cannot stream without the lock.
        head.release();
      }
      // A used ticket's stream releases it when it ends.
    }
  }

  /**
   * Releases what every unused ticket holds and makes them unusable; for shutting down, once
   * streams are cut (their own release runs as they end).
   */
  public void releaseAll() {
    for (Ticket t = holding.poll(); t != null; t = holding.poll()) {
      if (t.used.compareAndSet(false, true)) {
        t.release();
      }
    }
  }

  private byte[] tag(byte[] bits) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(bits, 0, RANDOM_BYTES);
      return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no HmacSHA256 in this JDK", e);
    }
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
    /** Never issued, malformed, forged, or spent so long ago it was forgotten. */
    UNKNOWN,
    /** Issued to another principal than the one presenting it; left unused. */
    FORBIDDEN
  }

  /**
   * The outcome of {@link #redeem}.
   *
   * @param status what was found
   * @param ticket the ticket when {@code VALID}, else null
   * @param reason why it is {@code GONE} or {@code FORBIDDEN}, else null
   */
  public record Redemption(Status status, Ticket ticket, String reason) {}

  /** One issued ticket. */
  public static final class Ticket {
    private final SongId song;
    private final MediaSource source;
    private final Instant expires;
    private final long paceBytesPerSecond;
    private final JukeboxPrincipal principal;
    private final Runnable onRelease;
    private final AtomicBoolean used = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();

    Ticket(SongId song, MediaSource source, Instant expires, long paceBytesPerSecond, JukeboxPrincipal principal,
        Runnable onRelease) {
      this.song = song;
      this.source = source;
      this.expires = expires;
      this.paceBytesPerSecond = paceBytesPerSecond;
      this.principal = principal;
      this.onRelease = onRelease;
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

    /** Who it was issued to. */
    public JukeboxPrincipal principal() {
      return principal;
    }

    /**
     * Gives back what the policy that allowed this ticket holds for it (a group lock): called
     * when its stream ends. Idempotent; a failing release action is logged, not thrown.
     */
    public void release() {
      if (onRelease == null || !released.compareAndSet(false, true)) {
        return;
      }
      try {
        onRelease.run();
      } catch (RuntimeException e) {
        System.getLogger(TicketBook.class.getName()).log(System.Logger.Level.WARNING, "ticket release failed", e);
      }
    }
  }
}
