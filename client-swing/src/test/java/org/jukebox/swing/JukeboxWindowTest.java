package org.jukebox.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.swing.JMenuItem;
import javax.swing.JPopupMenu;
import javax.swing.TransferHandler;
import javax.swing.tree.DefaultMutableTreeNode;
import javax.swing.tree.TreePath;
import org.jukebox.api.DiscJockey;
import org.jukebox.api.Preference;
import org.jukebox.api.SessionDirectory;
import org.jukebox.api.Song;
import org.jukebox.client.DjClient;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.NullAudioSink;
import org.jukebox.client.PlayerState;
import org.jukebox.client.SessionClient;
import org.jukebox.security.Caller;
import org.jukebox.security.JukeboxPrincipal;
import org.jukebox.security.RemoteLookup;
import org.jukebox.soundsmith.Mp3SoundSmith;
import org.jukebox.swing.controller.GainSink;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real window against an in-process directory, SoundSmith (the sample library: real MP3s with
 * covers), DJ and session server: browse, add to the queue, play, seek, like, DJ mode, host a
 * session. Saves screenshots under target/screenshots and the worst Event Dispatch Thread stall
 * and the time to a visible window under target/ (figures for docs/BENCHMARKS.md, not asserted).
 */
@ExtendWith(DisplayRequired.class)
class JukeboxWindowTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .withDj()
      .withSessionServer()
      .soundSmith("library", (config, data) -> {
        Path music = data.resolveSibling("library-music");
        TestLibrary.write(music);
        return Mp3SoundSmith.builder(music, data, config).build();
      })
      .build();

  @TempDir Path home;

  private JukeboxClient client;
  private DjClient dj;
  private SessionClient sessions;
  private SwingClient gui;
  private EdtWatchdog watchdog;

  @AfterEach
  void shutDown() {
    if (watchdog != null) {
      watchdog.close();
    }
    if (gui != null) {
      gui.close();
    }
    if (sessions != null) {
      sessions.close();
    }
    if (dj != null) {
      dj.close();
    }
    if (client != null) {
      client.close();
    }
  }

  /** The DJ as alice sees it: every call runs as that principal (plain RMI would make her anonymous). */
  static DiscJockey as(String user, DiscJockey dj) {
    JukeboxPrincipal p = JukeboxPrincipal.user(user, "test");
    return (DiscJockey) Proxy.newProxyInstance(DiscJockey.class.getClassLoader(), new Class<?>[] {DiscJockey.class},
        (proxy, m, args) -> {
          if (m.getDeclaringClass() == Object.class) {
            return m.invoke(dj, args);
          }
          try {
            return Caller.callAs(p, () -> m.invoke(dj, args));
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private Duration worst = Duration.ZERO;
  private String worstStack = "";

  /**
   * Saves a screenshot (unless {@code name} is null) without counting it as a stall: painting the
   * whole window into an image on the Event Dispatch Thread is the test's work, not the client's.
   */
  private Path shot(String name) throws java.io.IOException {
    if (watchdog.worstStall().compareTo(worst) > 0) {
      worst = watchdog.worstStall();
      worstStack = watchdog.worstStallStack();
    }
    Path file = name == null ? null : Gui.screenshot(gui.window().getRootPane(), name);
    watchdog.reset();
    return file;
  }

  private LibraryPanel library() {
    return gui.window().library;
  }

  @Test
  void browseQueuePlaySeekLikeDjAndHostASessionInTheRealWindow() throws Exception {
    jukebox.awaitListed(WAIT, "library");
    GainSink sink = SwingClient.volumeSink(NullAudioSink.create());
    client = JukeboxClient.builder(jukebox.directory()).audioSink(sink).build();
    client.start();
    JukeboxExtension.await(WAIT, "the sample library in the catalog", () -> client.catalog().size() == 11);
    dj = DjClient.builder(DjClient.of(as("alice", jukebox.dj().local()))).interval(Duration.ofMillis(20)).build();
    SessionDirectory sessionDirectory = RemoteLookup.lookup(jukebox.directoryAddress(), SessionDirectory.REGISTRY_NAME,
        SessionDirectory.class);
    sessions = SessionClient.builder(sessionDirectory).songLocator(client).build().start();

    watchdog = EdtWatchdog.start(Duration.ofMillis(20));
    gui = SwingClient.builder(client).dj(dj).sessions(sessions).user("alice").gain(sink).dataDir(home).dark(false)
        .open();
    Duration startup = gui.startup();
    Gui.edt(() -> gui.window().setSize(1280, 800));
    // From here on the scripted session (opening the window is measured by startup); clicks are
    // doClick(0): the default press time sleeps 68 ms on the Event Dispatch Thread itself.
    watchdog.reset();

    // Browse: everything, then one artist's album in the tree, then search.
    Gui.await(WAIT, "11 songs in the table", () -> library().table.getRowCount() == 11);
    assertEquals("● 11 songs · 1 SoundSmith: library (mp3)", Gui.read(() -> gui.window().status.library.getText()));
    Gui.edt(() -> {
      DefaultMutableTreeNode root = (DefaultMutableTreeNode) library().tree.getModel().getRoot();
      DefaultMutableTreeNode artist = null;
      for (int i = 0; i < root.getChildCount(); i++) {
        DefaultMutableTreeNode a = (DefaultMutableTreeNode) root.getChildAt(i);
        if (a.getUserObject().equals("The Square Waves")) {
          artist = a;
        }
      }
      library().tree.setSelectionPath(new TreePath(new Object[] {root, artist, artist.getFirstChild()}));
    });
    Gui.await(WAIT, "the album's four songs", () -> library().table.getRowCount() == 4);
    Gui.edt(() -> library().search.setText("cumul"));
    Gui.await(WAIT, "one song found", () -> library().table.getRowCount() == 1);
    assertEquals("Cumulus", Gui.read(() -> library().table.getValueAt(0, 0)));
    assertEquals("library", Gui.read(() -> library().table.getValueAt(0, 5)));

    // Add to the queue through the context menu, and a second song by pasting (the drop path).
    Gui.edt(() -> {
      library().table.setRowSelectionInterval(0, 0);
      JPopupMenu menu = library().menu();
      for (var c : menu.getComponents()) {
        if (c instanceof JMenuItem i && "addToPlaylist".equals(i.getName())) {
          i.doClick(0);
        }
      }
    });
    Gui.await(WAIT, "Cumulus queued", () -> gui.window().playlist.model.size() == 1);
    Gui.edt(() -> library().search.setText(""));
    Gui.edt(() -> library().tree.setSelectionRow(0));
    Gui.await(WAIT, "all songs again", () -> library().table.getRowCount() == 11);
    Gui.edt(() -> {
      library().table.setRowSelectionInterval(0, 1);
      List<Song> two = library().selectedSongs();
      var list = gui.window().playlist.list;
      assertTrue(list.getTransferHandler().importData(new TransferHandler.TransferSupport(list, new SongTransfer(two, null))));
    });
    Gui.await(WAIT, "three songs queued", () -> gui.window().playlist.model.size() == 3);

    // Play: the first queued song (Cumulus) starts; its cover arrives from the SoundSmith.
    Gui.edt(() -> gui.window().playerBar.playPause.doClick(0));
    Gui.await(WAIT, "Cumulus playing", () -> gui.window().playerBar.title.getText().equals("Cumulus")
        && gui.window().playerBar.state() == PlayerState.PLAYING);
    Gui.await(WAIT, "the album cover", () -> gui.window().playerBar.cover.hasImage());
    assertTrue(Gui.read(() -> gui.window().playerBar.subtitle.getText()).startsWith("The Square Waves — Chiptune Weather"));

    // Seek to the middle through the seek bar, as a drag ends.
    Gui.edt(() -> {
      var seek = gui.window().playerBar.seek;
      seek.setValueIsAdjusting(true);
      seek.setValue(500);
      seek.setValueIsAdjusting(false);
    });
    Gui.await(WAIT, "the position past 0:07", () -> client.player().position().compareTo(Duration.ofSeconds(7)) >= 0);

    // Like it: the DJ learns it for alice.
    Gui.edt(() -> gui.window().playerBar.like.doClick(0));
    Gui.await(WAIT, "the like confirmed", () -> gui.window().status.message.getText().equals("Liked: Cumulus"));
    assertTrue(dj.flush(WAIT));
    List<Preference> prefs = Caller.callAs(JukeboxPrincipal.user("alice", "test"),
        () -> jukebox.dj().local().profile("alice", 10)).preferences();
    assertTrue(prefs.stream().anyMatch(p -> client.song(p.song()).map(Song::title).orElse("").equals("Cumulus")), prefs::toString);
    Path main = shot("main-window");

    // DJ: publish alice's taste, then DJ mode fills the queue with the DJ's picks.
    Gui.edt(() -> gui.window().side.setSelectedIndex(1));
    Gui.edt(() -> gui.window().djPanel.published.doClick(0));
    Gui.await(WAIT, "alice listed as published", () -> gui.window().djPanel.profiles.contains("alice"));
    Gui.edt(() -> gui.window().djPanel.djMode.doClick(0));
    Gui.await(WAIT, "the DJ's picks queued", () -> gui.window().status.message.getText().startsWith("DJ picked"));
    assertEquals("DJ mode: on", Gui.read(() -> gui.window().djPanel.djMode.getText()));
    shot("dj-panel");

    // Sessions: host one and add the selected songs to it.
    Gui.edt(() -> gui.window().side.setSelectedIndex(2));
    Gui.edt(() -> gui.window().sessionPanel.acl.setText("bob, carol"));
    Gui.edt(() -> gui.window().sessionPanel.host.doClick(0));
    Gui.await(WAIT, "hosting", () -> gui.window().sessionPanel.role.getText().equals("You host this session"));
    Gui.edt(() -> gui.window().sessionPanel.addSelected.doClick(0));
    Gui.await(WAIT, "two songs in the session", () -> gui.window().sessionPanel.songs.size() == 2);
    Gui.await(WAIT, "the session listed", () -> gui.window().sessionPanel.listings.size() == 1);
    assertFalse(Gui.read(() -> gui.window().playerBar.playPause.isEnabled() ? null : "locked") != null,
        "the host's own transport stays free");
    shot("session-panel");

    shot(null);
    Duration scripted = worst;
    long probes = watchdog.samples();
    String scriptedStack = worstStack;

    // The dark look, with the queue showing.
    Gui.edt(() -> gui.window().side.setSelectedIndex(0));
    watchdog.reset();
    Gui.edt(() -> gui.window().darkTheme.doClick(0));
    assertTrue(Gui.read(Theme::isDark));
    Gui.screenshot(gui.window().getRootPane(), "main-window-dark");
    Gui.edt(() -> gui.window().darkTheme.doClick(0));

    Duration themeSwitch = watchdog.worstStall();
    Files.writeString(Path.of("target", "edt-stall.txt"), String.format(
        "worst EDT stall %d ms over %d probes (one every 20 ms) during the scripted session: browse (tree, search),"
            + " queue (menu, paste), play, cover, seek, like, DJ publish + DJ mode, host a session + add songs%n"
            + "worst EDT stall %d ms while switching light -> dark -> light (FlatLaf.updateUI, user-initiated)%n"
            + "window visible %d ms after SwingClient.open() was called%n",
        scripted.toMillis(), probes, themeSwitch.toMillis(), startup.toMillis())
        + (scriptedStack.isEmpty() ? "" : "the Event Dispatch Thread 50 ms into the longest scripted stall:\n" + scriptedStack),
        StandardCharsets.UTF_8);
    assertTrue(Files.size(main) > 10_000, "a real picture of the window");

    // Closing the window remembers its size and splits for next time.
    Gui.edt(() -> gui.window().dispatchEvent(new java.awt.event.WindowEvent(gui.window(),
        java.awt.event.WindowEvent.WINDOW_CLOSING)));
    assertTrue(gui.awaitClosed(WAIT));
    java.util.Properties saved = new java.util.Properties();
    try (var in = Files.newInputStream(home.resolve("window.properties"))) {
      saved.load(in);
    }
    assertEquals("1280", saved.getProperty("width"));
    assertEquals("light", saved.getProperty("theme"));
    assertTrue(Integer.parseInt(saved.getProperty("split.main")) > 0, saved::toString);
  }
}
