package org.jukebox.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StallWatchdogTest {
  private StallWatchdog watchdog;

  @AfterEach
  void stop() {
    if (watchdog != null) {
      watchdog.close();
    }
  }

  /** A body whose reads block until it is closed, and then report a quiet end of stream, as some bodies do. */
  private static final class SilentBody extends InputStream {
    final CountDownLatch reading = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public int read() throws IOException {
      reading.countDown();
      try {
        closed.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      return -1;
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  @Test
  void aReadWaitingLongerThanTheTimeoutFailsAsStalled() {
    watchdog = new StallWatchdog(Duration.ofMillis(100));
    SilentBody body = new SilentBody();
    WatchedInputStream in = watchdog.watch(body);

    IOException e = assertThrows(IOException.class, in::read);

    assertEquals("stalled: no data for 0.1 s", e.getMessage());
    assertTrue(in.stalled());
    assertFalse(in.wasCut());
    assertEquals(0, body.closed.getCount(), "the body beneath was closed");
  }

  @Test
  void aCutEndsABlockedReadWithAnErrorNotAnEndOfStream() throws Exception {
    watchdog = new StallWatchdog(Duration.ofSeconds(30));
    SilentBody body = new SilentBody();
    WatchedInputStream in = watchdog.watch(body);
    Thread cutter = new Thread(() -> {
      try {
        body.reading.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      in.cut();
    });
    cutter.start();

    IOException e = assertThrows(IOException.class, in::read);
    cutter.join(10_000);

    assertEquals("closed by the player", e.getMessage());
    assertTrue(in.wasCut());
    assertFalse(in.stalled());
    assertEquals("closed by the player", assertThrows(IOException.class, () -> in.read(new byte[4])).getMessage());
  }

  @Test
  void dataFlowsThroughUntouched() throws Exception {
    watchdog = new StallWatchdog(Duration.ofMillis(50));
    try (WatchedInputStream in = watchdog.watch(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5}))) {
      assertEquals(1, in.read());
      assertEquals(1, in.skip(1));
      assertArrayEquals(new byte[] {3, 4, 5}, in.readAllBytes());
      assertEquals(-1, in.read());
      assertFalse(in.stalled());
    }
  }

  @Test
  void timeoutMustBePositive() {
    assertEquals("stallTimeout <= 0: PT0S",
        assertThrows(IllegalArgumentException.class, () -> new StallWatchdog(Duration.ZERO)).getMessage());
    assertEquals("stallTimeout <= 0: PT-1S",
        assertThrows(IllegalArgumentException.class, () -> new StallWatchdog(Duration.ofSeconds(-1))).getMessage());
  }
}
