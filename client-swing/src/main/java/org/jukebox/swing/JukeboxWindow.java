package org.jukebox.swing;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.KeyEventDispatcher;
import java.awt.KeyboardFocusManager;
import java.awt.Rectangle;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.util.List;
import javax.swing.AbstractButton;
import javax.swing.JCheckBoxMenuItem;
import javax.swing.JFrame;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.KeyStroke;
import javax.swing.text.JTextComponent;
import org.jukebox.api.Song;
import org.jukebox.client.Repeat;
import org.jukebox.swing.controller.DjController;
import org.jukebox.swing.controller.LibraryController;
import org.jukebox.swing.controller.PlayerController;
import org.jukebox.swing.controller.PlaylistController;
import org.jukebox.swing.controller.SessionController;

/**
 * The Jukebox main window: library (tree, search, table) in the middle, play queue, DJ and
 * sessions in tabs on the right, the player bar and the status line along the bottom, and every
 * command in the menus with a keyboard shortcut.
 */
public final class JukeboxWindow extends JFrame {
  final LibraryPanel library;
  final PlaylistPanel playlist;
  final PlayerBar playerBar;
  final DjPanel djPanel;
  final SessionPanel sessionPanel;
  final StatusBar status;
  final JTabbedPane side = new JTabbedPane();
  final JSplitPane split;
  final JCheckBoxMenuItem darkTheme = new JCheckBoxMenuItem("Dark theme");
  private final PlayerController player;
  private final PlaylistController playlists;
  private final DjController dj;
  private final KeyEventDispatcher spaceKey;

  JukeboxWindow(String title, LibraryController libraryController, PlayerController player,
      PlaylistController playlists, DjController dj, SessionController sessions, StatusBar status,
      java.util.concurrent.ExecutorService decoder) {
    super(title);
    this.player = player;
    this.playlists = playlists;
    this.dj = dj;
    this.status = status;
    setName("jukeboxWindow");
    SongActions actions = new SongActions() {
      @Override
      public void playNow(List<Song> songs) {
        if (songs.isEmpty()) {
          return;
        }
        int at = playlists.songs().size();
        playlists.add(songs);
        player.playAt(at);
      }

      @Override
      public void addToPlaylist(List<Song> songs) {
        playlists.add(songs);
      }

      @Override
      public void like(List<Song> songs, boolean like) {
        dj.rate(songs, like);
      }

      @Override
      public void addToSession(List<Song> songs) {
        sessions.add(songs);
      }
    };
    library = new LibraryPanel(libraryController, actions);
    playlist = new PlaylistPanel(playlists, player);
    playerBar = new PlayerBar(player, dj, decoder);
    djPanel = new DjPanel(dj);
    sessionPanel = new SessionPanel(sessions, library::selectedSongs);

    side.setName("sideTabs");
    side.putClientProperty(FlatClientProperties.TABBED_PANE_TAB_AREA_INSETS, new java.awt.Insets(0, UIScale.scale(6), 0, 0));
    side.addTab("Queue", playlist);
    side.addTab("DJ", djPanel);
    side.addTab("Sessions", sessionPanel);
    side.setToolTipTextAt(0, "Play queue (Ctrl+1)");
    side.setToolTipTextAt(1, "DJ (Ctrl+2)");
    side.setToolTipTextAt(2, "Listen together (Ctrl+3)");

    // The tabs' long labels would otherwise make the split keep the side pane wide.
    side.setMinimumSize(new Dimension(UIScale.scale(300), 0));
    library.setMinimumSize(new Dimension(UIScale.scale(360), 0));
    split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, library, side);
    split.setName("mainSplit");
    split.setResizeWeight(1.0);
    split.setBorder(null);

    JPanel bottom = new JPanel(new BorderLayout());
    bottom.add(playerBar, BorderLayout.CENTER);
    bottom.add(status, BorderLayout.SOUTH);
    getContentPane().add(split, BorderLayout.CENTER);
    getContentPane().add(bottom, BorderLayout.SOUTH);
    setJMenuBar(menus());
    setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
    setMinimumSize(new Dimension(UIScale.scale(760), UIScale.scale(480)));

    // Space plays or pauses anywhere in the window except where it types or presses a button.
    spaceKey = e -> {
      if (e.getID() != KeyEvent.KEY_PRESSED || e.getKeyCode() != KeyEvent.VK_SPACE || e.getModifiersEx() != 0
          || !isActive()) {
        return false;
      }
      java.awt.Component focus = e.getComponent();
      if (focus instanceof JTextComponent || focus instanceof AbstractButton
          || focus instanceof javax.swing.JComboBox) {
        return false;
      }
      player.playPause();
      e.consume();
      return true;
    };
    KeyboardFocusManager.getCurrentKeyboardFocusManager().addKeyEventDispatcher(spaceKey);
  }

  private JMenuBar menus() {
    int ctrl = InputEvent.CTRL_DOWN_MASK;
    int shift = InputEvent.SHIFT_DOWN_MASK;
    JMenuBar bar = new JMenuBar();
    JMenu file = new JMenu("File");
    file.setMnemonic('F');
    file.add(item("Save playlist…", KeyStroke.getKeyStroke(KeyEvent.VK_S, ctrl), playlist::askAndSave));
    file.add(item("Load playlist", KeyStroke.getKeyStroke(KeyEvent.VK_O, ctrl), playlist::loadSelected));
    file.addSeparator();
    file.add(item("Quit", KeyStroke.getKeyStroke(KeyEvent.VK_Q, ctrl),
        () -> dispatchEvent(new java.awt.event.WindowEvent(this, java.awt.event.WindowEvent.WINDOW_CLOSING))));

    JMenu play = new JMenu("Playback");
    play.setMnemonic('P');
    JMenuItem pp = item("Play / Pause", null, player::playPause);
    pp.setText("Play / Pause        Space");
    play.add(pp);
    play.add(item("Stop", KeyStroke.getKeyStroke(KeyEvent.VK_PERIOD, ctrl), player::stop));
    play.add(item("Next", KeyStroke.getKeyStroke(KeyEvent.VK_RIGHT, ctrl), player::next));
    play.add(item("Previous", KeyStroke.getKeyStroke(KeyEvent.VK_LEFT, ctrl), player::previous));
    play.add(item("Fast-forward 5 s", KeyStroke.getKeyStroke(KeyEvent.VK_RIGHT, shift),
        () -> player.seekBy(PlayerController.SCAN_STEP)));
    play.add(item("Rewind 5 s", KeyStroke.getKeyStroke(KeyEvent.VK_LEFT, shift),
        () -> player.seekBy(PlayerController.SCAN_STEP.negated())));
    play.addSeparator();
    play.add(item("Volume up", KeyStroke.getKeyStroke(KeyEvent.VK_UP, ctrl),
        () -> playerBar.volume.setValue(Math.min(100, playerBar.volume.getValue() + 10))));
    play.add(item("Volume down", KeyStroke.getKeyStroke(KeyEvent.VK_DOWN, ctrl),
        () -> playerBar.volume.setValue(Math.max(0, playerBar.volume.getValue() - 10))));
    play.addSeparator();
    play.add(item("Shuffle", KeyStroke.getKeyStroke(KeyEvent.VK_H, ctrl),
        () -> playlists.setShuffle(!playlist.shuffle.isSelected())));
    play.add(item("Repeat", KeyStroke.getKeyStroke(KeyEvent.VK_R, ctrl),
        () -> playlists.setRepeat(playlist.repeat.isSelected() ? Repeat.OFF : Repeat.ALL)));

    JMenu lib = new JMenu("Library");
    lib.setMnemonic('L');
    lib.add(item("Search", KeyStroke.getKeyStroke(KeyEvent.VK_F, ctrl), library::focusSearch));
    lib.add(item("Add selected to queue", KeyStroke.getKeyStroke(KeyEvent.VK_E, ctrl),
        () -> playlists.add(library.selectedSongs())));
    lib.add(item("Play selected now", KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, ctrl),
        () -> {
          List<Song> s = library.selectedSongs();
          if (!s.isEmpty()) {
            int at = playlists.songs().size();
            playlists.add(s);
            player.playAt(at);
          }
        }));

    JMenu djMenu = new JMenu("DJ");
    djMenu.setMnemonic('D');
    djMenu.add(item("Like the song playing", KeyStroke.getKeyStroke(KeyEvent.VK_L, ctrl), () -> dj.like(null)));
    djMenu.add(item("Dislike the song playing", KeyStroke.getKeyStroke(KeyEvent.VK_D, ctrl), () -> dj.dislike(null)));
    djMenu.add(item("DJ mode on/off", KeyStroke.getKeyStroke(KeyEvent.VK_D, ctrl | shift),
        () -> dj.setDjMode(!dj.djMode())));

    JMenu view = new JMenu("View");
    view.setMnemonic('V');
    view.add(item("Queue", KeyStroke.getKeyStroke(KeyEvent.VK_1, ctrl), () -> side.setSelectedIndex(0)));
    view.add(item("DJ", KeyStroke.getKeyStroke(KeyEvent.VK_2, ctrl), () -> side.setSelectedIndex(1)));
    view.add(item("Sessions", KeyStroke.getKeyStroke(KeyEvent.VK_3, ctrl), () -> side.setSelectedIndex(2)));
    view.addSeparator();
    darkTheme.setName("darkTheme");
    darkTheme.setAccelerator(KeyStroke.getKeyStroke(KeyEvent.VK_T, ctrl | shift));
    darkTheme.setSelected(Theme.isDark());
    darkTheme.addActionListener(e -> Theme.switchTo(darkTheme.isSelected()));
    view.add(darkTheme);

    bar.add(file);
    bar.add(play);
    bar.add(lib);
    bar.add(djMenu);
    bar.add(view);
    return bar;
  }

  private static JMenuItem item(String text, KeyStroke key, Runnable r) {
    JMenuItem i = new JMenuItem(text);
    if (key != null) {
      i.setAccelerator(key);
    }
    i.addActionListener(e -> r.run());
    return i;
  }

  /** Places the window where it was last time (if that is still on a screen), else centres it. */
  void restore(WindowPrefs prefs) {
    int em = getFontMetrics(javax.swing.UIManager.getFont("Label.font")).charWidth('m');
    Rectangle saved = prefs.bounds();
    Rectangle screen = GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds();
    if (saved != null && screen.intersects(saved)) {
      setBounds(saved.intersection(screen));
    } else {
      setSize(Math.min(screen.width, 110 * em), Math.min(screen.height, 62 * em));
      setLocationRelativeTo(null);
    }
    if (prefs.maximized()) {
      setExtendedState(getExtendedState() | Frame.MAXIMIZED_BOTH);
    }
    int main = prefs.split("main");
    int lib = prefs.split("library");
    // Dividers are placed once the window is laid out (a location before then is overridden).
    split.addComponentListener(new java.awt.event.ComponentAdapter() {
      @Override
      public void componentResized(java.awt.event.ComponentEvent e) {
        if (split.getWidth() <= 0) {
          return;
        }
        split.removeComponentListener(this);
        split.setDividerLocation(main > 0 ? main : split.getWidth() - Math.max(UIScale.scale(340), 30 * em));
        if (lib > 0) {
          library.split.setDividerLocation(lib);
        }
      }
    });
  }

  /** Writes size, position, splits and theme into {@code prefs} (the caller saves it). */
  void remember(WindowPrefs prefs) {
    boolean max = (getExtendedState() & Frame.MAXIMIZED_BOTH) != 0;
    prefs.maximized(max);
    if (!max) {
      prefs.bounds(getBounds());
    }
    prefs.split("main", split.getDividerLocation());
    prefs.split("library", library.split.getDividerLocation());
    prefs.theme(Theme.isDark() ? "dark" : "light");
  }

  @Override
  public void dispose() {
    KeyboardFocusManager.getCurrentKeyboardFocusManager().removeKeyEventDispatcher(spaceKey);
    super.dispose();
  }
}
