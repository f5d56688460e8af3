package org.jukebox.swing;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.datatransfer.Transferable;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.DropMode;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JScrollPane;
import javax.swing.JToggleButton;
import javax.swing.KeyStroke;
import javax.swing.ListCellRenderer;
import javax.swing.ListSelectionModel;
import javax.swing.TransferHandler;
import javax.swing.UIManager;
import org.jukebox.api.Song;
import org.jukebox.client.Repeat;
import org.jukebox.swing.controller.Format;
import org.jukebox.swing.controller.PlayerController;
import org.jukebox.swing.controller.PlaylistController;
import org.jukebox.swing.controller.PlaylistEntry;
import org.jukebox.swing.controller.PlaylistView;

/** The play queue: reorder by dragging, drop songs from the library, remove, shuffle, repeat, save and load. */
final class PlaylistPanel extends JPanel implements PlaylistView {
  private final PlaylistController controller;
  private final PlayerController player;
  final DefaultListModel<PlaylistEntry> model = new DefaultListModel<>();
  final JList<PlaylistEntry> list = new JList<>(model);
  final JToggleButton shuffle = new JToggleButton(Glyph.SHUFFLE.icon(16));
  final JToggleButton repeat = new JToggleButton(Glyph.REPEAT.icon(16));
  final JComboBox<String> saved = new JComboBox<>();
  final JLabel summary = new JLabel(" ");
  private int current = -1;
  private boolean updating;

  PlaylistPanel(PlaylistController controller, PlayerController player) {
    super(new BorderLayout());
    this.controller = controller;
    this.player = player;
    setName("playlistPanel");

    list.setName("playlist");
    list.setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
    list.setCellRenderer(new EntryRenderer());
    list.setDragEnabled(true);
    list.setDropMode(DropMode.INSERT);
    list.setTransferHandler(new Transfer());
    list.addMouseListener(new MouseAdapter() {
      @Override
      public void mouseClicked(MouseEvent e) {
        if (e.getClickCount() == 2 && e.getButton() == MouseEvent.BUTTON1) {
          int i = list.locationToIndex(e.getPoint());
          if (i >= 0) {
            player.playAt(i);
          }
        }
      }

      @Override
      public void mousePressed(MouseEvent e) {
        popup(e);
      }

      @Override
      public void mouseReleased(MouseEvent e) {
        popup(e);
      }
    });
    list.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_DELETE, 0), "remove");
    list.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_BACK_SPACE, 0), "remove");
    list.getActionMap().put("remove", LibraryPanel.action(() -> controller.remove(list.getSelectedIndices())));
    list.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "play");
    list.getActionMap().put("play", LibraryPanel.action(() -> {
      if (list.getSelectedIndex() >= 0) {
        player.playAt(list.getSelectedIndex());
      }
    }));
    list.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_UP, KeyEvent.ALT_DOWN_MASK), "up");
    list.getActionMap().put("up", LibraryPanel.action(() -> nudge(-1)));
    list.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_DOWN, KeyEvent.ALT_DOWN_MASK), "down");
    list.getActionMap().put("down", LibraryPanel.action(() -> nudge(1)));

    shuffle.setName("shuffle");
    shuffle.setToolTipText("Shuffle (Ctrl+H)");
    repeat.setName("repeat");
    repeat.setToolTipText("Repeat the playlist (Ctrl+R)");
    for (JToggleButton b : new JToggleButton[] {shuffle, repeat}) {
      b.putClientProperty(FlatClientProperties.BUTTON_TYPE, FlatClientProperties.BUTTON_TYPE_TOOLBAR_BUTTON);
      b.setFocusable(false);
    }
    shuffle.addActionListener(e -> {
      if (!updating) {
        controller.setShuffle(shuffle.isSelected());
      }
    });
    repeat.addActionListener(e -> {
      if (!updating) {
        controller.setRepeat(repeat.isSelected() ? Repeat.ALL : Repeat.OFF);
      }
    });
    JButton clear = new JButton("Clear");
    clear.setName("clearPlaylist");
    clear.putClientProperty(FlatClientProperties.BUTTON_TYPE, FlatClientProperties.BUTTON_TYPE_TOOLBAR_BUTTON);
    clear.addActionListener(e -> controller.clear());

    JLabel heading = new JLabel("Play queue");
    heading.putClientProperty(FlatClientProperties.STYLE_CLASS, "h4");
    JPanel head = new JPanel(new BorderLayout());
    head.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(8), UIScale.scale(10), UIScale.scale(4), UIScale.scale(6)));
    JPanel titleRow = new JPanel(new BorderLayout());
    titleRow.add(heading, BorderLayout.WEST);
    JPanel toggles = new JPanel(new FlowLayout(FlowLayout.RIGHT, UIScale.scale(2), 0));
    toggles.add(shuffle);
    toggles.add(repeat);
    toggles.add(clear);
    titleRow.add(toggles, BorderLayout.EAST);
    head.add(titleRow, BorderLayout.NORTH);
    summary.setName("playlistSummary");
    summary.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
    summary.setForeground(UIManager.getColor("Label.disabledForeground"));
    head.add(summary, BorderLayout.SOUTH);

    saved.setName("savedPlaylists");
    saved.setToolTipText("Saved playlists");
    saved.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "Saved playlists");
    JButton load = new JButton("Load");
    load.setName("loadPlaylist");
    load.setToolTipText("Replace the queue with the chosen saved playlist (Ctrl+O)");
    load.addActionListener(e -> loadSelected());
    JButton save = new JButton("Save…");
    save.setName("savePlaylist");
    save.setToolTipText("Save the queue as a named playlist (Ctrl+S)");
    save.addActionListener(e -> askAndSave());
    JPanel foot = new JPanel(new BorderLayout(UIScale.scale(6), 0));
    foot.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(6), UIScale.scale(8), UIScale.scale(8), UIScale.scale(8)));
    foot.add(saved, BorderLayout.CENTER);
    JPanel fb = new JPanel(new FlowLayout(FlowLayout.RIGHT, UIScale.scale(4), 0));
    fb.add(load);
    fb.add(save);
    foot.add(fb, BorderLayout.EAST);

    JScrollPane scroll = new JScrollPane(list);
    scroll.setBorder(BorderFactory.createEmptyBorder());
    add(head, BorderLayout.NORTH);
    add(scroll, BorderLayout.CENTER);
    add(foot, BorderLayout.SOUTH);
  }

  private void nudge(int by) {
    int i = list.getSelectedIndex();
    int to = i + by;
    if (i >= 0 && to >= 0 && to < model.size()) {
      controller.move(new int[] {i}, by > 0 ? to + 1 : to);
      list.setSelectedIndex(to);
    }
  }

  private void popup(MouseEvent e) {
    if (!e.isPopupTrigger()) {
      return;
    }
    int i = list.locationToIndex(e.getPoint());
    if (i >= 0 && !list.isSelectedIndex(i)) {
      list.setSelectedIndex(i);
    }
    JPopupMenu m = new JPopupMenu();
    JMenuItem play = new JMenuItem("Play");
    play.addActionListener(a -> player.playAt(list.getSelectedIndex()));
    JMenuItem remove = new JMenuItem("Remove from queue");
    remove.addActionListener(a -> controller.remove(list.getSelectedIndices()));
    m.add(play);
    m.add(remove);
    m.show(list, e.getX(), e.getY());
  }

  void askAndSave() {
    Object name = JOptionPane.showInputDialog(this, "Save the queue as:", "Save playlist", JOptionPane.PLAIN_MESSAGE,
        null, null, saved.getSelectedItem() == null ? "My playlist" : saved.getSelectedItem());
    if (name != null && !name.toString().isBlank()) {
      controller.save(name.toString());
    }
  }

  void loadSelected() {
    Object name = saved.getSelectedItem();
    if (name != null) {
      controller.load(name.toString());
    }
  }

  @Override
  public void showPlaylist(List<PlaylistEntry> entries, int currentIndex, boolean shuffleOn, Repeat repeatMode) {
    updating = true;
    try {
      int[] sel = list.getSelectedIndices();
      current = currentIndex;
      model.clear();
      model.addAll(entries);
      list.setSelectedIndices(sel);
      shuffle.setSelected(shuffleOn);
      repeat.setSelected(repeatMode == Repeat.ALL);
      long seconds = entries.stream().mapToLong(e -> e.song().duration().getSeconds()).sum();
      long missing = entries.stream().filter(e -> !e.available()).count();
      summary.setText(entries.isEmpty() ? "Drag songs here, or right-click a song → Add to playlist"
          : Format.count(entries.size(), "song") + " · " + Format.duration(java.time.Duration.ofSeconds(seconds))
              + (missing > 0 ? " · " + missing + " offline" : ""));
    } finally {
      updating = false;
    }
  }

  @Override
  public void showSavedPlaylists(List<String> names) {
    Object was = saved.getSelectedItem();
    saved.removeAllItems();
    names.forEach(saved::addItem);
    if (was != null && names.contains(was.toString())) {
      saved.setSelectedItem(was);
    }
  }

  /** Entries: "▶" on the current one, artist and length beneath the title, greyed when offline. */
  private final class EntryRenderer implements ListCellRenderer<PlaylistEntry> {
    private final JPanel panel = new JPanel(new BorderLayout(UIScale.scale(8), 0));
    private final JLabel marker = new JLabel();
    private final JLabel title = new JLabel();
    private final JLabel artist = new JLabel();
    private final JLabel time = new JLabel();

    EntryRenderer() {
      panel.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(5), UIScale.scale(10), UIScale.scale(5), UIScale.scale(10)));
      JPanel text = new JPanel(new BorderLayout());
      text.setOpaque(false);
      text.add(title, BorderLayout.NORTH);
      text.add(artist, BorderLayout.SOUTH);
      artist.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
      time.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
      marker.setPreferredSize(new java.awt.Dimension(UIScale.scale(14), 1));
      panel.add(marker, BorderLayout.WEST);
      panel.add(text, BorderLayout.CENTER);
      panel.add(time, BorderLayout.EAST);
    }

    @Override
    public Component getListCellRendererComponent(JList<? extends PlaylistEntry> l, PlaylistEntry e, int index,
        boolean selected, boolean focus) {
      Song s = e.song();
      boolean isCurrent = index == current;
      marker.setIcon(isCurrent ? Glyph.PLAY.icon(12, UIManager.getColor("Component.accentColor")) : null);
      title.setText(s.title());
      title.putClientProperty(FlatClientProperties.STYLE, isCurrent ? "font: bold" : null);
      artist.setText((s.artist().isEmpty() ? "Unknown artist" : s.artist()) + (e.available() ? "" : "  ·  offline"));
      time.setText(Format.duration(s.duration()));
      panel.setBackground(selected ? l.getSelectionBackground() : l.getBackground());
      java.awt.Color fg = selected ? l.getSelectionForeground() : l.getForeground();
      java.awt.Color muted = UIManager.getColor("Label.disabledForeground");
      title.setForeground(e.available() ? fg : muted);
      artist.setForeground(selected ? fg : muted);
      time.setForeground(selected ? fg : muted);
      panel.setToolTipText(e.available() ? null : "Its SoundSmith is offline; it plays again when it is back");
      return panel;
    }
  }

  /** Drag within the list reorders; songs dropped from the library are inserted where they land. */
  private final class Transfer extends TransferHandler {
    @Override
    public int getSourceActions(JComponent c) {
      return MOVE;
    }

    @Override
    protected Transferable createTransferable(JComponent c) {
      List<Song> songs = list.getSelectedValuesList().stream().map(PlaylistEntry::song).toList();
      return new SongTransfer(songs, list.getSelectedIndices());
    }

    @Override
    public boolean canImport(TransferSupport support) {
      // A drop lands where it points; a paste (no drop location) appends.
      return support.isDataFlavorSupported(SongTransfer.ROWS) && support.isDrop()
          || support.isDataFlavorSupported(SongTransfer.SONGS);
    }

    @Override
    public boolean importData(TransferSupport support) {
      if (!canImport(support)) {
        return false;
      }
      int at = support.isDrop() ? ((JList.DropLocation) support.getDropLocation()).getIndex() : -1;
      try {
        if (support.isDrop() && support.isDataFlavorSupported(SongTransfer.ROWS)) {
          controller.move((int[]) support.getTransferable().getTransferData(SongTransfer.ROWS), at);
        } else {
          SongTransfer t = (SongTransfer) support.getTransferable().getTransferData(SongTransfer.SONGS);
          controller.insert(at < 0 ? model.size() : at, t.songs());
        }
        return true;
      } catch (java.awt.datatransfer.UnsupportedFlavorException | java.io.IOException e) {
        return false;
      }
    }
  }
}
