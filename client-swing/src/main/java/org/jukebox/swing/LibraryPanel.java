package org.jukebox.swing;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.List;
import java.util.Map;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DropMode;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.JTree;
import javax.swing.KeyStroke;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.TransferHandler;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.DefaultTableCellRenderer;
import javax.swing.table.TableColumn;
import javax.swing.tree.DefaultMutableTreeNode;
import javax.swing.tree.DefaultTreeCellRenderer;
import javax.swing.tree.DefaultTreeModel;
import javax.swing.tree.TreePath;
import org.jukebox.api.Song;
import org.jukebox.swing.controller.Column;
import org.jukebox.swing.controller.Format;
import org.jukebox.swing.controller.LibraryController;
import org.jukebox.swing.controller.LibraryModel;
import org.jukebox.swing.controller.LibraryView;

/** The library: artist → album tree beside the search field and the song table. */
final class LibraryPanel extends JPanel implements LibraryView {
  private static final String ALL = "All music";

  private final LibraryController controller;
  private final SongActions actions;
  final JTextField search = new JTextField();
  final SongTableModel tableModel = new SongTableModel();
  final JTable table = new JTable(tableModel);
  final JTree tree;
  final JSplitPane split;
  private final DefaultMutableTreeNode root = new DefaultMutableTreeNode(ALL);
  private final DefaultTreeModel treeModel = new DefaultTreeModel(root);
  private final JLabel count = new JLabel(" ");
  private Map<String, List<String>> shownTree;
  private boolean updatingTree;

  LibraryPanel(LibraryController controller, SongActions actions) {
    super(new BorderLayout());
    this.controller = controller;
    this.actions = actions;

    tree = new JTree(treeModel);
    tree.setName("libraryTree");
    tree.setRootVisible(true);
    tree.setShowsRootHandles(true);
    tree.getSelectionModel().setSelectionMode(javax.swing.tree.TreeSelectionModel.SINGLE_TREE_SELECTION);
    tree.setCellRenderer(new DefaultTreeCellRenderer() {
      @Override
      public Component getTreeCellRendererComponent(JTree t, Object value, boolean sel, boolean expanded, boolean leaf,
          int row, boolean focus) {
        super.getTreeCellRendererComponent(t, value, sel, expanded, leaf, row, focus);
        Object o = ((DefaultMutableTreeNode) value).getUserObject();
        if ("".equals(o)) {
          setText(((DefaultMutableTreeNode) value).getLevel() == 1 ? "Unknown artist" : "Unknown album");
        }
        setIcon(null);
        return this;
      }
    });
    tree.addTreeSelectionListener(e -> {
      if (updatingTree) {
        return;
      }
      TreePath p = tree.getSelectionPath();
      if (p == null || p.getPathCount() == 1) {
        controller.setScope(null, null);
      } else if (p.getPathCount() == 2) {
        controller.setScope(name(p, 1), null);
      } else {
        controller.setScope(name(p, 1), name(p, 2));
      }
    });
    tree.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(6), UIScale.scale(4), UIScale.scale(6), UIScale.scale(4)));
    tree.setRowHeight(Math.round(tree.getFontMetrics(tree.getFont()).getHeight() * 1.5f));
    JScrollPane treeScroll = new JScrollPane(tree);
    treeScroll.setBorder(BorderFactory.createEmptyBorder());

    search.setName("search");
    search.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "Search titles, artists, albums   (Ctrl+F)");
    search.putClientProperty(FlatClientProperties.TEXT_FIELD_SHOW_CLEAR_BUTTON, true);
    search.putClientProperty(FlatClientProperties.TEXT_FIELD_LEADING_ICON, Glyph.SEARCH.icon(16));
    search.getDocument().addDocumentListener(new DocumentListener() {
      @Override
      public void insertUpdate(DocumentEvent e) {
        controller.setQuery(search.getText());
      }

      @Override
      public void removeUpdate(DocumentEvent e) {
        controller.setQuery(search.getText());
      }

      @Override
      public void changedUpdate(DocumentEvent e) {}
    });
    search.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0), "clear");
    search.getActionMap().put("clear", action(() -> search.setText("")));
    search.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_DOWN, 0), "toTable");
    search.getActionMap().put("toTable", action(() -> {
      table.requestFocusInWindow();
      if (table.getRowCount() > 0 && table.getSelectedRow() < 0) {
        table.setRowSelectionInterval(0, 0);
      }
    }));
    search.addActionListener(e -> {
      if (table.getRowCount() > 0) {
        actions.playNow(LibraryController.songsAt(tableModel.model(), new int[] {0}));
      }
    });

    table.setName("libraryTable");
    table.setAutoCreateRowSorter(false);
    table.setFillsViewportHeight(true);
    table.setShowGrid(false);
    table.setRowHeight(Math.round(table.getFontMetrics(table.getFont()).getHeight() * 1.7f));
    table.setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
    table.putClientProperty("JTable.autoStartsEdit", Boolean.FALSE);
    table.setDefaultEditor(Object.class, null);
    table.setDragEnabled(true);
    table.setDropMode(DropMode.ON);
    table.setTransferHandler(new TransferHandler() {
      @Override
      public int getSourceActions(JComponent c) {
        return COPY;
      }

      @Override
      protected java.awt.datatransfer.Transferable createTransferable(JComponent c) {
        return new SongTransfer(selectedSongs(), null);
      }
    });
    DefaultTableCellRenderer right = new DefaultTableCellRenderer();
    right.setHorizontalAlignment(SwingConstants.RIGHT);
    DefaultTableCellRenderer muted = new DefaultTableCellRenderer() {
      @Override
      public Component getTableCellRendererComponent(JTable t, Object v, boolean sel, boolean focus, int r, int c) {
        super.getTableCellRendererComponent(t, v, sel, focus, r, c);
        if (!sel) {
          setForeground(javax.swing.UIManager.getColor("Label.disabledForeground"));
        }
        return this;
      }
    };
    int em = table.getFontMetrics(table.getFont()).charWidth('m');
    int[] widths = {22, 15, 15, 3, 4, 8, 4};
    for (int i = 0; i < tableModel.getColumnCount(); i++) {
      TableColumn col = table.getColumnModel().getColumn(i);
      col.setPreferredWidth(widths[i] * em);
      Column c = SongTableModel.column(i);
      if (c == Column.TRACK || c == Column.LENGTH || c == Column.KIND) {
        col.setCellRenderer(c == Column.KIND ? muted : right);
        col.setMinWidth(widths[i] * em);
        col.setMaxWidth(widths[i] * em * 2);
      } else if (c == Column.SOURCE || c == Column.KIND) {
        col.setCellRenderer(muted);
      }
    }
    table.getTableHeader().setReorderingAllowed(false);
    table.getTableHeader().addMouseListener(new MouseAdapter() {
      @Override
      public void mouseClicked(MouseEvent e) {
        int col = table.columnAtPoint(e.getPoint());
        if (col >= 0 && e.getButton() == MouseEvent.BUTTON1) {
          controller.sortBy(SongTableModel.column(table.convertColumnIndexToModel(col)));
        }
      }
    });
    table.addMouseListener(new MouseAdapter() {
      @Override
      public void mouseClicked(MouseEvent e) {
        if (e.getClickCount() == 2 && e.getButton() == MouseEvent.BUTTON1) {
          actions.playNow(selectedSongs());
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
    table.getInputMap(JComponent.WHEN_ANCESTOR_OF_FOCUSED_COMPONENT)
        .put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "playNow");
    table.getActionMap().put("playNow", action(() -> actions.playNow(selectedSongs())));
    table.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_INSERT, 0), "enqueue");
    table.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_Q, 0), "enqueue");
    table.getActionMap().put("enqueue", action(() -> actions.addToPlaylist(selectedSongs())));
    table.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_CONTEXT_MENU, 0), "menu");
    table.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_F10, KeyEvent.SHIFT_DOWN_MASK), "menu");
    table.getActionMap().put("menu", action(() -> {
      int r = Math.max(0, table.getSelectedRow());
      java.awt.Rectangle cell = table.getCellRect(r, 0, true);
      menu().show(table, cell.x + cell.width / 2, cell.y + cell.height);
    }));

    JScrollPane tableScroll = new JScrollPane(table);
    tableScroll.setBorder(BorderFactory.createEmptyBorder());

    JPanel top = new JPanel();
    top.setLayout(new BoxLayout(top, BoxLayout.X_AXIS));
    top.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(8), UIScale.scale(8), UIScale.scale(8), UIScale.scale(8)));
    top.add(search);
    top.add(Box.createHorizontalStrut(UIScale.scale(12)));
    count.setName("songCount");
    count.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
    top.add(count);

    JPanel center = new JPanel(new BorderLayout());
    center.add(top, BorderLayout.NORTH);
    center.add(tableScroll, BorderLayout.CENTER);

    split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, treeScroll, center);
    split.setName("librarySplit");
    split.setDividerLocation(UIScale.scale(200));
    split.setBorder(BorderFactory.createEmptyBorder());
    add(split, BorderLayout.CENTER);
  }

  private static String name(TreePath p, int i) {
    return (String) ((DefaultMutableTreeNode) p.getPathComponent(i)).getUserObject();
  }

  static AbstractAction action(Runnable r) {
    return new AbstractAction() {
      @Override
      public void actionPerformed(java.awt.event.ActionEvent e) {
        r.run();
      }
    };
  }

  List<Song> selectedSongs() {
    return LibraryController.songsAt(tableModel.model(), table.getSelectedRows());
  }

  JPopupMenu menu() {
    List<Song> songs = selectedSongs();
    JPopupMenu m = new JPopupMenu();
    m.setName("libraryMenu");
    m.add(item("Play now", "playNow", () -> actions.playNow(songs)));
    m.add(item("Add to playlist", "addToPlaylist", () -> actions.addToPlaylist(songs)));
    m.add(item("Add to session", "addToSession", () -> actions.addToSession(songs)));
    m.addSeparator();
    m.add(item("Like", "like", () -> actions.like(songs, true)));
    m.add(item("Dislike", "dislike", () -> actions.like(songs, false)));
    for (Component c : m.getComponents()) {
      c.setEnabled(!songs.isEmpty());
    }
    return m;
  }

  private static JMenuItem item(String text, String name, Runnable r) {
    JMenuItem i = new JMenuItem(text);
    i.setName(name);
    i.addActionListener(e -> r.run());
    return i;
  }

  private void popup(MouseEvent e) {
    if (!e.isPopupTrigger()) {
      return;
    }
    int row = table.rowAtPoint(e.getPoint());
    if (row >= 0 && !table.isRowSelected(row)) {
      table.setRowSelectionInterval(row, row);
    }
    menu().show(table, e.getX(), e.getY());
  }

  @Override
  public void showLibrary(LibraryModel model) {
    tableModel.setModel(model);
    for (int i = 0; i < tableModel.getColumnCount(); i++) {
      table.getColumnModel().getColumn(i).setHeaderValue(tableModel.getColumnName(i));
    }
    table.getTableHeader().repaint();
    count.setText(model.visibleCount() == model.index().size() ? Format.count(model.visibleCount(), "song")
        : String.format("%,d of %s", model.visibleCount(), Format.count(model.index().size(), "song")));
    if (model.tree() != shownTree) {
      shownTree = model.tree();
      rebuildTree(model.tree());
    }
  }

  private void rebuildTree(Map<String, List<String>> artists) {
    TreePath selected = tree.getSelectionPath();
    updatingTree = true;
    try {
      root.removeAllChildren();
      for (Map.Entry<String, List<String>> a : artists.entrySet()) {
        DefaultMutableTreeNode artist = new DefaultMutableTreeNode(a.getKey());
        for (String album : a.getValue()) {
          artist.add(new DefaultMutableTreeNode(album, false));
        }
        root.add(artist);
      }
      root.setUserObject(ALL + " (" + artists.size() + " artists)");
      treeModel.reload();
      tree.expandRow(0);
      if (selected != null) {
        // Keep the user's artist/album selected if it still exists.
        TreePath again = find(selected);
        if (again != null) {
          tree.setSelectionPath(again);
          tree.scrollPathToVisible(again);
        }
      }
    } finally {
      updatingTree = false;
    }
  }

  private TreePath find(TreePath old) {
    DefaultMutableTreeNode node = root;
    TreePath path = new TreePath(root);
    for (int i = 1; i < old.getPathCount(); i++) {
      Object want = ((DefaultMutableTreeNode) old.getPathComponent(i)).getUserObject();
      DefaultMutableTreeNode next = null;
      for (int c = 0; c < node.getChildCount(); c++) {
        DefaultMutableTreeNode child = (DefaultMutableTreeNode) node.getChildAt(c);
        if (child.getUserObject().equals(want)) {
          next = child;
          break;
        }
      }
      if (next == null) {
        return null;
      }
      node = next;
      path = path.pathByAddingChild(next);
    }
    return path;
  }

  /** Focuses the search field with its text selected (Ctrl+F). */
  void focusSearch() {
    search.requestFocusInWindow();
    search.selectAll();
  }
}
