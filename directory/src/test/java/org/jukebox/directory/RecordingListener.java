package org.jukebox.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.rmi.RemoteException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.DepartureReason;
import org.jukebox.api.DirectoryListener;
import org.jukebox.api.SoundSmithEntry;
import org.jukebox.api.SoundSmithId;

/**
 * Records callbacks as short lines ("arrived a v1 n10", "changed a v2 n10", "departed a
 * EXPIRED") for tests to take in order, each with a deadline.
 */
public class RecordingListener implements DirectoryListener {
  private static final long DEADLINE_SECONDS = 10;

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  @Override
  public void arrived(SoundSmithEntry entry) throws RemoteException {
    events.add("arrived " + describe(entry));
  }

  @Override
  public void changed(SoundSmithEntry entry) throws RemoteException {
    events.add("changed " + describe(entry));
  }

  @Override
  public void departed(SoundSmithId id, DepartureReason reason) throws RemoteException {
    events.add("departed " + id + " " + reason);
  }

  private static String describe(SoundSmithEntry e) {
    String s = e.id() + " v" + e.info().catalogVersion() + " n" + e.info().songCount();
    String defaultName = "SoundSmith " + e.id();
    if (!e.info().name().equals(defaultName)) {
      s += " name=" + e.info().name();
    }
    if (!e.info().kind().equals("mp3")) {
      s += " kind=" + e.info().kind();
    }
    return s;
  }

  /** The next callback, waiting up to 10 s for it. */
  public String next() {
    try {
      String e = events.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
      if (e == null) {
        fail("no callback within " + DEADLINE_SECONDS + " s");
      }
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", ex);
    }
  }

  /** Asserts the next callbacks, in order. */
  public void expect(String... expected) {
    for (String e : expected) {
      assertEquals(e, next());
    }
  }

  /** Callbacks received and not yet taken. */
  public int pending() {
    return events.size();
  }
}
