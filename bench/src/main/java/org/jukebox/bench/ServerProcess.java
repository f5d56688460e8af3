package org.jukebox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server side of a benchmark running in a child JVM (the honest setup: load generator and
 * server do not share a heap, a GC or a JIT). The child runs a hidden {@code serve-*} subcommand
 * of {@link Bench}, prints {@code READY <port>} once it listens (optionally followed by
 * {@code key=value} words for whatever else the parent must know, such as more ports), and exits
 * when its standard input closes — so it dies with the parent even if the parent is killed.
 *
 * <p>Not thread-safe; {@link #close()} is bounded and idempotent.
 */
final class ServerProcess implements AutoCloseable {
  static final String READY = "READY ";

  private final Process process;
  private final int port;
  private final Map<String, String> info;

  private ServerProcess(Process process, String readyWords) {
    this.process = process;
    String[] words = readyWords.trim().split("\\s+");
    this.port = Integer.parseInt(words[0]);
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq > 0) {
        m.put(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
    }
    this.info = Map.copyOf(m);
  }

  /**
   * Starts {@code Bench <args>} in a new JVM with this JVM's class path and waits for its READY line.
   *
   * @param jvmOptions extra JVM options, for example {@code -Xmx1g}
   * @throws IOException if it cannot start, exits, or is not ready within {@code readyWithin}
   */
  static ServerProcess start(List<String> jvmOptions, List<String> args, Duration readyWithin) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.rmi.server.hostname=127.0.0.1");
    command.add("-Djava.awt.headless=true");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Bench.class.getName());
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (!ready.isDone() && line.startsWith(READY)) {
            ready.complete(line.substring(READY.length()));
          } else {
            System.err.println("[server] " + line);
          }
        }
        ready.completeExceptionally(new IOException("server process exited before it was ready"));
      } catch (IOException | RuntimeException e) {
        ready.completeExceptionally(e);
      }
    }, "bench-server-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ServerProcess(p, ready.get(readyWithin.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException | NumberFormatException e) {
      p.destroyForcibly();
      throw new IOException("server process not ready within " + Bench.text(readyWithin) + ": " + e, e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the server process", e);
    }
  }

  /** The port the child printed. */
  int port() {
    return port;
  }

  /**
   * A {@code key=value} word of the READY line, as an int.
   *
   * @throws IllegalStateException if the child did not print it
   */
  int intInfo(String key) {
    String v = info.get(key);
    if (v == null) {
      throw new IllegalStateException("the server process did not say " + key + "=...: " + info);
    }
    return Integer.parseInt(v);
  }

  /** Closes the child's standard input, then ends it, forcibly after a few seconds. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * In the child: prints the READY line, then blocks until standard input closes or
   * {@code lifetime} has passed, whichever comes first.
   */
  static void serveUntilParentGoes(int port, Duration lifetime) {
    serveUntilParentGoes(port, Map.of(), lifetime);
  }

  /** As {@link #serveUntilParentGoes(int, Duration)}, with {@code key=value} words after the port. */
  static void serveUntilParentGoes(int port, Map<String, ?> info, Duration lifetime) {
    StringBuilder line = new StringBuilder(READY).append(port);
    info.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
    System.out.flush();
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // the parent never writes; EOF means it closed us or died
        }
      } catch (IOException e) {
        // treat as closed
      }
    }, "bench-parent-watch");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      watchdog.join(lifetime.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
