package org.jukebox.app;

import java.io.PrintStream;
import java.nio.file.Path;
import org.jukebox.client.AudioSinks;
import org.jukebox.client.DjClient;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.SessionClient;
import org.jukebox.client.SessionPlayback;
import org.jukebox.swing.SwingClient;
import org.jukebox.swing.controller.GainSink;

/**
 * Opens the Swing desktop window over a started client for {@code jukebox demo} (when there is a
 * display) and {@code jukebox client --gui}, and waits until the user closes it.
 *
 * <pre>{@code
 * GainSink sink = SwingClientLauncher.volumeSink();          // before building the client
 * JukeboxClient client = builder.audioSink(sink).build();    // (optional: volume control)
 * client.start();
 * if (SwingClientLauncher.available()) {
 *   SwingClientLauncher.run(client, dj, sessions, playback, user, sink, home, out);  // blocks until closed
 * }
 * }</pre>
 */
final class SwingClientLauncher {
  private SwingClientLauncher() {}

  /** Whether a window can be shown (a display, not headless). */
  static boolean available() {
    return SwingClient.displayAvailable();
  }

  /** The best audio sink behind a volume control; build the client with it and pass it to {@link #run}. */
  static GainSink volumeSink() {
    return SwingClient.volumeSink(AudioSinks.best());
  }

  /**
   * Opens the window and blocks until the user closes it; the caller closes the clients after.
   *
   * @param dj the DJ, or null (the DJ controls then say none is connected)
   * @param sessions shared sessions, or null (the Sessions tab then says none is connected)
   * @param playback the playback following {@code sessions}' joined session, or null (then the
   *     session's song does not show as now playing)
   * @param user the user's name (whose DJ profile is their own), or null
   * @param sink the sink the client was built with when it came from {@link #volumeSink()}, else null
   * @param home the jukebox home (~/.jukebox); playlists and the window layout go under {@code home/gui}
   * @throws IllegalStateException if there is no display
   */
  static void run(JukeboxClient client, DjClient dj, SessionClient sessions, SessionPlayback playback, String user,
      GainSink sink, Path home, PrintStream out) throws InterruptedException {
    SwingClient gui = SwingClient.builder(client).dj(dj).sessions(sessions).sessionPlayback(playback).user(user).gain(sink)
        .dataDir(home.resolve("gui")).open();
    out.println("window open (" + gui.startup().toMillis() + " ms); close it to quit");
    gui.awaitClosed();
  }
}
