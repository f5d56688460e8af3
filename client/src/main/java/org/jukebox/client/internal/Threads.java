package org.jukebox.client.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the client's own threads: named, daemon (a client never keeps a JVM alive). */
public final class Threads {
  private Threads() {}

  /** A factory of daemon threads named {@code name}, {@code name-2}, ... */
  public static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      int i = n.incrementAndGet();
      Thread t = new Thread(r, i == 1 ? name : name + "-" + i);
      t.setDaemon(true);
      return t;
    };
  }
}
