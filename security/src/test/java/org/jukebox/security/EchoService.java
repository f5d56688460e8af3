package org.jukebox.security;

import java.util.concurrent.atomic.AtomicInteger;

/** The server side of {@link Echo}: answers from {@link Caller#current()}, counts what it took. */
public class EchoService implements Echo {
  final AtomicInteger taken = new AtomicInteger();

  @Override
  public String echo(String text) {
    return text;
  }

  @Override
  public JukeboxPrincipal whoAmI() {
    return Caller.current();
  }

  @Override
  public int take(Object anything) {
    return taken.incrementAndGet();
  }
}
