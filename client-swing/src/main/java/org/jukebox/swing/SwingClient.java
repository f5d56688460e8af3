package org.jukebox.swing;

import java.awt.GraphicsEnvironment;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.swing.SwingUtilities;
import org.jukebox.client.AudioSink;
import org.jukebox.client.DjClient;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.SessionClient;
import org.jukebox.swing.controller.DjController;
import org.jukebox.swing.controller.DjView;
import org.jukebox.swing.controller.GainSink;
import org.jukebox.swing.controller.LibraryController;
import org.jukebox.swing.controller.LibraryView;
import org.jukebox.swing.controller.PlayerController;
import org.jukebox.swing.controller.PlayerView;
import org.jukebox.swing.controller.PlaylistController;
import org.jukebox.swing.controller.PlaylistStore;
import org.jukebox.swing.controller.PlaylistView;
import org.jukebox.swing.controller.SessionController;
import org.jukebox.swing.controller.SessionView;

/**
 * The desktop client: opens a {@link JukeboxWindow} over a started {@link JukeboxClient} (and,
 * when given, a {@link DjClient} and a {@link SessionClient}), and wires its controllers.
 *
 * <pre>{@code
 * GainSink sink = SwingClient.volumeSink(AudioSinks.best());       // optional: volume control
 * JukeboxClient client = JukeboxClient.builder(lookup).audioSink(sink).build();
 * client.start();
 * SwingClient gui = SwingClient.builder(client).dj(djClient).sessions(sessionClient)
 *     .user("alice").gain(sink).dataDir(home.resolve("gui")).open();
 * gui.awaitClosed();                                                // until the user closes it
 * }</pre>
 *
 * <p>The caller keeps ownership of the clients it passes; {@link #close()} closes only the
 * window and its threads. Thread-safe.
 */
public final class SwingClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SwingClient.class.getName());

  private final ScheduledExecutorService worker;
  private final JukeboxWindow window;
  private final WindowPrefs prefs;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AutoCloseable[] controllers;
  private final Duration startup;

  private SwingClient(ScheduledExecutorService worker, JukeboxWindow window, WindowPrefs prefs,
      AutoCloseable[] controllers, Duration startup) {
    this.worker = worker;
    this.window = window;
    this.prefs = prefs;
    this.controllers = controllers;
    this.startup = startup;
  }

  /** A builder for a window over {@code client}. */
  public static Builder builder(JukeboxClient client) {
    return new Builder(client);
  }

  /** Whether a window can be shown here (a display, not headless). */
  public static boolean displayAvailable() {
    return !GraphicsEnvironment.isHeadless();
  }

  /** A sink with a volume control over {@code target}: build the client with it and pass it to {@link Builder#gain}. */
  public static GainSink volumeSink(AudioSink target) {
    return GainSink.wrap(target);
  }

  /** The window. */
  public JukeboxWindow window() {
    return window;
  }

  /** How long {@link Builder#open()} took until the window was on screen. */
  public Duration startup() {
    return startup;
  }

  /** Blocks until the user closed the window (or {@link #close()} was called). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** Whether the window was closed within {@code timeout}. */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Closes the window (remembering its layout) and stops the GUI's threads; bounded and idempotent. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    Runnable onEdt = () -> {
      if (window.isDisplayable()) {
        window.remember(prefs);
        window.dispose();
      }
    };
    try {
      if (SwingUtilities.isEventDispatchThread()) {
        onEdt.run();
      } else {
        SwingUtilities.invokeAndWait(onEdt);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (InvocationTargetException e) {
      LOG.log(Level.WARNING, "closing the window failed", e.getCause());
    }
    for (AutoCloseable c : controllers) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing " + c + " failed", e);
      }
    }
    prefs.save();
    worker.shutdown();
    try {
      if (!worker.awaitTermination(2, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
    closed.countDown();
  }

  /** Configures a {@link SwingClient}. Not thread-safe. */
  public static final class Builder {
    private final JukeboxClient client;
    private DjClient dj;
    private SessionClient sessions;
    private org.jukebox.client.SessionPlayback playback;
    private String user;
    private Path dataDir = Path.of(System.getProperty("user.home"), ".jukebox", "gui");
    private GainSink gain;
    private String title = "Jukebox";
    private Boolean dark;

    private Builder(JukeboxClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** The DJ (likes, DJ mode, profiles); without one those controls say no DJ is connected. */
    public Builder dj(DjClient dj) {
      this.dj = dj;
      return this;
    }

    /** Shared sessions; without them the Sessions tab says no session server is connected. */
    public Builder sessions(SessionClient sessions) {
      this.sessions = sessions;
      return this;
    }

    /**
     * The playback that follows the joined session (built over the same {@link SessionClient}):
     * the session's song shows as now playing and the host's controls go through it.
     */
    public Builder sessionPlayback(org.jukebox.client.SessionPlayback playback) {
      this.playback = playback;
      return this;
    }

    /** The user's name (whose DJ profile is one's own), shown in the title. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Where playlists and the window layout are kept; default {@code ~/.jukebox/gui}. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** The sink the client was built with, when it is a {@link GainSink}: the volume control works. */
    public Builder gain(GainSink gain) {
      this.gain = gain;
      return this;
    }

    /** The window title; default "Jukebox". */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /** Forces the dark (true) or light (false) look; default: as last time, else the system's, else light. */
    public Builder dark(boolean dark) {
      this.dark = dark;
      return this;
    }

    /**
     * Builds the window, shows it and starts following the client; returns once it is on screen.
     *
     * @throws IllegalStateException if called on the Event Dispatch Thread, or there is no display
     */
    public SwingClient open() {
      if (SwingUtilities.isEventDispatchThread()) {
        throw new IllegalStateException("SwingClient.open() waits for the window: call it off the Event Dispatch Thread");
      }
      if (!displayAvailable()) {
        throw new IllegalStateException("no display: cannot open the Jukebox window (java.awt.headless or no DISPLAY)");
      }
      long t0 = System.nanoTime();
      AtomicInteger n = new AtomicInteger();
      ScheduledExecutorService worker = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "jukebox-gui-worker-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      WindowPrefs prefs = WindowPrefs.load(dataDir);
      boolean useDark = dark != null ? dark
          : prefs.theme() != null ? "dark".equals(prefs.theme()) : Theme.systemPrefersDark();
      java.util.concurrent.Executor ui = SwingUtilities::invokeLater;
      Late<LibraryView> libraryView = Late.of(LibraryView.class);
      Late<PlayerView> playerView = Late.of(PlayerView.class);
      Late<PlaylistView> playlistView = Late.of(PlaylistView.class);
      Late<DjView> djView = Late.of(DjView.class);
      Late<SessionView> sessionView = Late.of(SessionView.class);
      Late<org.jukebox.swing.controller.StatusView> statusView = Late.of(org.jukebox.swing.controller.StatusView.class);
      var status = statusView.proxy();
      LibraryController library = new LibraryController(client, libraryView.proxy(), status, ui, worker);
      PlayerController player = new PlayerController(client, playerView.proxy(), status, ui, worker, gain);
      PlaylistController playlists = new PlaylistController(client, playlistView.proxy(), status, ui, worker,
          PlaylistStore.in(dataDir.resolve("playlists")));
      DjController djc = new DjController(client, dj, user, djView.proxy(), status, ui, worker);
      SessionController sc = new SessionController(sessions, playback, sessionView.proxy(), status, player, ui, worker);
      AtomicReference<JukeboxWindow> made = new AtomicReference<>();
      CountDownLatch shown = new CountDownLatch(1);
      try {
        SwingUtilities.invokeAndWait(() -> {
          Theme.install(useDark);
          StatusBar bar = new StatusBar();
          JukeboxWindow w = new JukeboxWindow(user == null ? title : title + " — " + user, library, player, playlists,
              djc, sc, bar, worker);
          libraryView.set(w.library);
          playerView.set(w.playerBar);
          playlistView.set(w.playlist);
          djView.set(w.djPanel);
          sessionView.set(w.sessionPanel);
          statusView.set(bar);
          w.restore(prefs);
          w.addWindowListener(new WindowAdapter() {
            @Override
            public void windowOpened(WindowEvent e) {
              shown.countDown();
            }
          });
          w.setVisible(true);
          made.set(w);
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        worker.shutdownNow();
        throw new IllegalStateException("interrupted while opening the window", e);
      } catch (InvocationTargetException e) {
        worker.shutdownNow();
        throw new IllegalStateException("could not build the window: " + e.getCause(), e.getCause());
      }
      try {
        shown.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Duration startup = Duration.ofNanos(System.nanoTime() - t0);
      AutoCloseable[] controllers = {sc, djc, playlists, player, library};
      SwingClient gui = new SwingClient(worker, made.get(), prefs, controllers, startup);
      made.get().addWindowListener(new WindowAdapter() {
        @Override
        public void windowClosing(WindowEvent e) {
          // The layout is read now, while the window still has it (disposing follows this event);
          // saving the file and stopping threads happen off the Event Dispatch Thread.
          made.get().remember(prefs);
          new Thread(gui::close, "jukebox-gui-close").start();
        }
      });
      library.start();
      player.start();
      playlists.start();
      djc.start();
      sc.start();
      return gui;
    }
  }
}
