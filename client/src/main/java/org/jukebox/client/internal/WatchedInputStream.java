package org.jukebox.client.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An audio body the player can give up on from outside its reading thread: {@link #cut()}
 * closes it because a control (next, stop, seek) no longer wants it, and a {@link StallWatchdog}
 * closes it when a read has waited too long for data. Either way the blocked read ends with an
 * {@link IOException}, never with a normal end of stream (which would look like the song's end),
 * and the reader can tell which of the two it was.
 *
 * <p>Thread-safe for one reading thread plus any number of threads calling {@link #cut()},
 * {@link #close()} or the watchdog.
 */
public final class WatchedInputStream extends FilterInputStream {
  private final StallWatchdog watchdog;
  /** {@link System#nanoTime()} when the read in progress began; 0 when none is. */
  private volatile long readingSince;
  private volatile boolean cut;
  private volatile boolean stalled;
  private final AtomicBoolean closed = new AtomicBoolean();

  WatchedInputStream(InputStream in, StallWatchdog watchdog) {
    super(in);
    this.watchdog = watchdog;
  }

  @Override
  public int read() throws IOException {
    begin();
    try {
      return end(super.read());
    } catch (IOException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      throw failure(e);
    } finally {
      readingSince = 0;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    begin();
    try {
      return end(in.read(b, off, len));
    } catch (IOException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      throw failure(e);
    } finally {
      readingSince = 0;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    begin();
    try {
      long r = in.skip(n);
      check();
      return r;
    } catch (IOException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      throw failure(e);
    } finally {
      readingSince = 0;
    }
  }

  /** Closes the stream because the player does not want it any more; a blocked read fails. */
  public void cut() {
    cut = true;
    closeQuietly();
  }

  /** Whether {@link #cut()} was called. */
  public boolean wasCut() {
    return cut;
  }

  /** Whether the watchdog closed it because no data came for too long. */
  public boolean stalled() {
    return stalled;
  }

  /** Closes the stream beneath once; later calls do nothing. */
  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      watchdog.forget(this);
      super.close();
    }
  }

  /** Called by the watchdog: a read has been waiting since before {@code deadline}. */
  void checkStall(long deadline) {
    long since = readingSince;
    if (since != 0 && since - deadline < 0 && !cut) {
      stalled = true;
      closeQuietly();
    }
  }

  private void begin() throws IOException {
    check();
    long now = System.nanoTime();
    readingSince = now == 0 ? 1 : now;
  }

  private int end(int result) throws IOException {
    check();
    return result;
  }

  private void check() throws IOException {
    if (stalled) {
      throw new IOException("stalled: no data for " + watchdog.timeoutText());
    }
    if (cut) {
      throw new IOException("closed by the player");
    }
  }

  private IOException failure(IOException e) {
    // A read failing because we closed the body under it says "closed"; say why instead, and
    // without that cause, because messages for users name the innermost cause.
    if (stalled) {
      return new IOException("stalled: no data for " + watchdog.timeoutText());
    }
    if (cut) {
      return new IOException("closed by the player");
    }
    return e;
  }

  /**
   * Streams that are not meant to be closed under a reader (a prefetched head joined to the
   * rest of the body by a SequenceInputStream) can fail with a runtime exception when we do;
   * that is still the cut or the stall, not corrupt audio.
   */
  private RuntimeException failure(RuntimeException e) throws IOException {
    if (stalled || cut) {
      throw failure(new IOException(e));
    }
    return e;
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      // A dropped connection can fail to close, a joined body can trip over its reader; either
      // way the read fails and nothing more can be released here.
    }
  }
}
