package org.jukebox.security.internal;

import org.jukebox.security.JukeboxPrincipal;

/**
 * The per-thread link from an RMI dispatch thread to the authenticated connection it is reading
 * from. RMI reads a call and runs it on the same thread, so the connection's input stream marks
 * the thread on every read; a connection that has closed answers nothing, so a pooled thread
 * never carries a caller into a call that arrived some other way.
 */
public final class CallerContext {
  /** What a thread is working for: an open connection, or a principal set by {@code callAs}. */
  interface Source {
    /** The principal, or null if it no longer applies (the connection closed). */
    JukeboxPrincipal principal();
  }

  private static final ThreadLocal<Source> CURRENT = new ThreadLocal<>();

  private CallerContext() {}

  /** The current thread's principal, or null. */
  public static JukeboxPrincipal current() {
    Source s = CURRENT.get();
    return s == null ? null : s.principal();
  }

  static void enter(Source source) {
    // get() before set(): the common case (same connection, next read) writes nothing.
    if (CURRENT.get() != source) {
      CURRENT.set(source);
    }
  }

  static void leave(Source source) {
    if (CURRENT.get() == source) {
      CURRENT.remove();
    }
  }

  /** Sets {@code principal} for the current thread; returns what to pass to {@link #restore}. */
  public static Object pushLocal(JukeboxPrincipal principal) {
    Source saved = CURRENT.get();
    CURRENT.set(() -> principal);
    return saved;
  }

  /** Undoes {@link #pushLocal}. */
  public static void restore(Object saved) {
    if (saved == null) {
      CURRENT.remove();
    } else {
      CURRENT.set((Source) saved);
    }
  }
}
