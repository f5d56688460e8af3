package org.jukebox.security;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.jukebox.api.AccessDeniedException;
import org.jukebox.security.internal.CallerContext;

/**
 * Who is making the current remote call: the principal the server's {@link Verifier} established
 * for the connection the call arrived on. Server code asks here, never for host names.
 *
 * <p>Outside a remote call on a secure export (a local thread, a call over plain RMI) the caller
 * is {@link JukeboxPrincipal#ANONYMOUS}. {@link #callAs} runs local code on someone's behalf
 * (tests of access policies, a proxy acting for its user).
 *
 * <p>Thread-safe: the answer belongs to the calling thread.
 */
public final class Caller {
  private Caller() {}

  /** The principal of the current remote call, or {@link JukeboxPrincipal#ANONYMOUS}; never null. */
  public static JukeboxPrincipal current() {
    JukeboxPrincipal p = CallerContext.current();
    return p == null ? JukeboxPrincipal.ANONYMOUS : p;
  }

  /**
   * Whether the current thread is serving a remote call that arrived on an authenticated
   * connection (or runs inside {@link #callAs}).
   */
  public static boolean isKnown() {
    return CallerContext.current() != null;
  }

  /**
   * The current caller, if {@code allowed} accepts it.
   *
   * @param allowed the test the caller must pass; not null
   * @param action what the caller tried, for the refusal ({@code "cancel another SoundSmith's lease"})
   * @return the caller
   * @throws AccessDeniedException {@code "<name> may not <action>"}, e.g. {@code "anonymous may not
   *     beacon"}
   */
  public static JukeboxPrincipal require(Predicate<? super JukeboxPrincipal> allowed, String action)
      throws AccessDeniedException {
    Objects.requireNonNull(allowed, "allowed");
    Objects.requireNonNull(action, "action");
    JukeboxPrincipal p = current();
    if (!allowed.test(p)) {
      throw new AccessDeniedException(p.name() + " may not " + action);
    }
    return p;
  }

  /**
   * The current caller, if it proved a stable identity (a user or a service, not anonymous).
   *
   * @throws AccessDeniedException {@code "anonymous may not <action>"} otherwise
   */
  public static JukeboxPrincipal requireAuthenticated(String action) throws AccessDeniedException {
    return require(p -> !p.isAnonymous(), action);
  }

  /**
   * Runs {@code work} on this thread with {@link #current()} answering {@code principal}, and
   * restores the previous caller afterwards.
   *
   * @throws Exception whatever {@code work} throws
   */
  public static <T> T callAs(JukeboxPrincipal principal, Callable<T> work) throws Exception {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(work, "work");
    Object saved = CallerContext.pushLocal(principal);
    try {
      return work.call();
    } finally {
      CallerContext.restore(saved);
    }
  }
}
