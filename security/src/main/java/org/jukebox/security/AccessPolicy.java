package org.jukebox.security;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.api.Song;

/**
 * Decides whether a principal may play a song on one SoundSmith; consulted by
 * {@code SoundSmith.openStream} with the caller's principal before a ticket is issued.
 *
 * <p>A policy answers in one of three ways: it {@linkplain Grant#allow() grants} (perhaps
 * holding something, such as a group lock, until the {@link Grant} is {@linkplain Grant#release()
 * released}), it refuses by throwing {@link AccessDeniedException} with a message naming the
 * principal and the song, or it says the song is none of its business
 * ({@link Grant#notApplicable()}), which lets {@link AccessPolicies#allOf} and
 * {@link AccessPolicies#firstMatch} combine policies that each govern some songs. A SoundSmith
 * plays a song no policy governs; {@link AccessPolicies#withDefault} changes that.
 *
 * <p>Contract for implementations: a refusal has no side effects (nothing recorded, nothing
 * held), so that a combinator can try another policy after it; a grant's side effects
 * (a lock taken, a payment recorded) happen before it is returned. Implementations are
 * thread-safe: remote calls check concurrently. Built-ins come from {@link AccessPolicies};
 * the SoundSmith does not close its policy, whoever built it does.
 */
public interface AccessPolicy extends AutoCloseable {
  /**
   * Decides whether {@code caller} may play {@code song} now.
   *
   * @param caller who asks, never null ({@link JukeboxPrincipal#ANONYMOUS} when unknown)
   * @param song the song, as the SoundSmith's catalog has it; never null
   * @return a grant (to be released when the play it allows is over), or
   *     {@link Grant#notApplicable()} when this policy does not govern the song
   * @throws AccessDeniedException if the caller may not play it; the message names the caller
   *     and the song and goes back to the caller
   */
  Grant check(JukeboxPrincipal caller, Song song) throws AccessDeniedException;

  /** Releases what the policy holds (files, such as a royalty ledger). Idempotent; the default does nothing. */
  @Override
  default void close() {}

  /**
   * The outcome of a successful {@link #check}: either a permission to play, which may hold a
   * resource until {@link #release()}, or "not applicable". Thread-safe; release is idempotent.
   */
  final class Grant {
    private static final System.Logger LOG = System.getLogger(Grant.class.getName());
    private static final Grant ALLOW = new Grant(true, null);
    private static final Grant NOT_APPLICABLE = new Grant(false, null);

    private final boolean applies;
    private final Runnable onRelease;
    private final AtomicBoolean released = new AtomicBoolean();

    private Grant(boolean applies, Runnable onRelease) {
      this.applies = applies;
      this.onRelease = onRelease;
    }

    /** A permission to play that holds nothing. */
    public static Grant allow() {
      return ALLOW;
    }

    /**
     * A permission to play that holds something until released: {@code onRelease} runs once,
     * on the first {@link #release()}.
     */
    public static Grant allow(Runnable onRelease) {
      return new Grant(true, Objects.requireNonNull(onRelease, "onRelease"));
    }

    /** The policy does not govern the song: neither allowed nor refused by it. */
    public static Grant notApplicable() {
      return NOT_APPLICABLE;
    }

    /**
     * One permission made of several; releasing it releases each of them. Not applicable if
     * none of them applies.
     */
    public static Grant allOf(List<Grant> grants) {
      List<Grant> copy = List.copyOf(grants);
      if (copy.stream().noneMatch(Grant::applies)) {
        return NOT_APPLICABLE;
      }
      if (copy.stream().allMatch(g -> g.onRelease == null)) {
        return ALLOW;
      }
      return new Grant(true, () -> copy.forEach(Grant::release));
    }

    /** Whether the policy decided (and allowed); false for {@link #notApplicable()}. */
    public boolean applies() {
      return applies;
    }

    /** Whether releasing this grant gives something back (a lock). */
    public boolean holdsSomething() {
      return onRelease != null;
    }

    /**
     * Gives back what the grant holds; called when the stream it allowed ends or its ticket
     * expires unused. Idempotent; a failure of the release action is logged, never thrown,
     * because it runs on stream threads that cannot act on it.
     */
    public void release() {
      if (onRelease == null || !released.compareAndSet(false, true)) {
        return;
      }
      try {
        onRelease.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "releasing an access grant failed", e);
      }
    }

    @Override
    public String toString() {
      return !applies ? "Grant[not applicable]" : onRelease == null ? "Grant[allow]" : "Grant[allow, holding]";
    }
  }
}
