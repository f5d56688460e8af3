package org.jukebox.app;

import java.util.concurrent.CountDownLatch;

/** Keeps a daemon's main thread alive until the JVM is asked to stop. */
final class Daemons {
  private Daemons() {}

  /** Blocks until Ctrl-C or SIGTERM, then runs {@code onStop} (bounded closes) before returning. */
  static void runUntilStopped(AutoCloseable... components) {
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopped.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "jukebox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeAll(components);
    closed.countDown();
  }

  static void closeAll(AutoCloseable... components) {
    for (int i = components.length - 1; i >= 0; i--) {
      try {
        if (components[i] != null) {
          components[i].close();
        }
      } catch (Exception e) {
        System.err.println("warning: closing " + components[i] + ": " + e.getMessage());
      }
    }
  }
}
