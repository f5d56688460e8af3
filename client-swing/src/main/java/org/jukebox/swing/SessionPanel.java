package org.jukebox.swing;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.FlowLayout;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.UIManager;
import org.jukebox.api.SessionListing;
import org.jukebox.api.SessionSong;
import org.jukebox.api.Song;
import org.jukebox.swing.controller.SessionController;
import org.jukebox.swing.controller.SessionState;
import org.jukebox.swing.controller.SessionView;

/** Shared sessions: the ones the user may join, hosting one, who listens, and the session's songs. */
final class SessionPanel extends JPanel implements SessionView {
  private final SessionController sessions;
  final JLabel unavailable = new JLabel(" ");
  final DefaultListModel<SessionListing> listings = new DefaultListModel<>();
  final JList<SessionListing> listingList = new JList<>(listings);
  final JButton join = new JButton("Join");
  final JButton refresh = new JButton("Refresh");
  final JTextField acl = new JTextField();
  final JButton host = new JButton("Host a session");
  final JButton addSelected = new JButton("Add selected songs");
  final JButton leave = new JButton("Leave");
  final JButton play = new JButton("Play");
  final JButton pause = new JButton("Pause");
  final JButton skip = new JButton("Next");
  final JLabel role = new JLabel("You are not in a session");
  final JLabel hostNotice = new JLabel(" ");
  final DefaultListModel<String> listeners = new DefaultListModel<>();
  final DefaultListModel<String> songs = new DefaultListModel<>();
  private boolean available;
  private SessionState state = SessionState.NONE;

  SessionPanel(SessionController sessions, Supplier<List<Song>> selectedInLibrary) {
    super(new BorderLayout());
    this.sessions = sessions;
    setName("sessionPanel");
    JPanel body = new JPanel();
    body.setLayout(new BoxLayout(body, BoxLayout.Y_AXIS));
    int pad = UIScale.scale(12);
    body.setBorder(BorderFactory.createEmptyBorder(pad, pad, pad, pad));

    JLabel heading = new JLabel("Listen together");
    heading.putClientProperty(FlatClientProperties.STYLE_CLASS, "h3");
    unavailable.setName("sessionsUnavailable");
    unavailable.setForeground(UIManager.getColor("Label.disabledForeground"));

    JLabel joinable = new JLabel("Sessions you may join");
    joinable.putClientProperty(FlatClientProperties.STYLE_CLASS, "h4");
    listingList.setName("sessions");
    listingList.setVisibleRowCount(4);
    listingList.setCellRenderer(new DefaultListCellRenderer() {
      @Override
      public Component getListCellRendererComponent(JList<?> l, Object v, int i, boolean s, boolean f) {
        super.getListCellRendererComponent(l, v, i, s, f);
        SessionListing x = (SessionListing) v;
        String now = x.current() == null ? "nothing queued" : (x.playing() ? "▶ " : "❚❚ ") + x.current().song().title();
        setText("<html><b>" + esc(x.host()) + "</b>" + (x.hostPresent() ? "" : " (away)") + "<br><small>" + esc(now)
            + " · " + x.listenerCount() + (x.listenerCount() == 1 ? " listener" : " listeners") + "</small></html>");
        setBorder(BorderFactory.createEmptyBorder(UIScale.scale(4), UIScale.scale(8), UIScale.scale(4), UIScale.scale(8)));
        return this;
      }
    });
    join.setName("joinSession");
    join.addActionListener(e -> {
      SessionListing l = listingList.getSelectedValue();
      if (l != null) {
        sessions.join(l);
      }
    });
    refresh.addActionListener(e -> sessions.refresh());

    JLabel hostHeading = new JLabel("Host");
    hostHeading.putClientProperty(FlatClientProperties.STYLE_CLASS, "h4");
    acl.setName("sessionAcl");
    acl.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, "Who may join: bob, carol");
    host.setName("hostSession");
    host.addActionListener(e -> sessions.host(parseAcl(acl.getText())));
    addSelected.setName("addToSession");
    addSelected.setToolTipText("Add the songs selected in the library to the session");
    addSelected.addActionListener(e -> sessions.add(selectedInLibrary.get()));
    leave.setName("leaveSession");
    leave.addActionListener(e -> sessions.leave());
    play.addActionListener(e -> sessions.play());
    pause.addActionListener(e -> sessions.pause());
    skip.addActionListener(e -> sessions.next());
    play.setName("sessionPlay");

    role.setName("sessionRole");
    role.putClientProperty(FlatClientProperties.STYLE, "font: bold");
    hostNotice.setName("hostNotice");
    hostNotice.setForeground(UIManager.getColor("Component.warning.focusedBorderColor"));

    JList<String> listenerList = new JList<>(listeners);
    listenerList.setName("listeners");
    listenerList.setVisibleRowCount(3);
    JList<String> songList = new JList<>(songs);
    songList.setName("sessionSongs");
    songList.setVisibleRowCount(5);

    JScrollPane ls = new JScrollPane(listingList);
    JPanel listenersBox = titled("Listening now", new JScrollPane(listenerList));
    JPanel songsBox = titled("Session queue", new JScrollPane(songList));
    for (JComponent c : new JComponent[] {heading, unavailable, joinable, ls, hostHeading, role, hostNotice,
        listenersBox, songsBox}) {
      c.setAlignmentX(0);
    }
    body.add(heading);
    body.add(unavailable);
    body.add(Box.createVerticalStrut(UIScale.scale(10)));
    body.add(joinable);
    body.add(Box.createVerticalStrut(UIScale.scale(4)));
    body.add(ls);
    body.add(row(join, refresh));
    body.add(Box.createVerticalStrut(UIScale.scale(12)));
    body.add(hostHeading);
    JPanel aclRow = new JPanel(new BorderLayout(UIScale.scale(6), 0));
    aclRow.setAlignmentX(0);
    aclRow.add(acl, BorderLayout.CENTER);
    aclRow.add(host, BorderLayout.EAST);
    aclRow.setMaximumSize(new java.awt.Dimension(Integer.MAX_VALUE, aclRow.getPreferredSize().height));
    body.add(aclRow);
    body.add(Box.createVerticalStrut(UIScale.scale(12)));
    body.add(role);
    body.add(hostNotice);
    body.add(row(play, pause, skip));
    body.add(row(addSelected, leave));
    body.add(listenersBox);
    body.add(songsBox);
    add(body, BorderLayout.CENTER);
    showSession(SessionState.NONE);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;");
  }

  private static JPanel titled(String title, JComponent content) {
    JPanel p = new JPanel(new BorderLayout(0, UIScale.scale(2)));
    JLabel l = new JLabel(title);
    l.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
    l.setForeground(UIManager.getColor("Label.disabledForeground"));
    p.add(l, BorderLayout.NORTH);
    p.add(content, BorderLayout.CENTER);
    p.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(6), 0, 0, 0));
    return p;
  }

  private static JPanel row(Component... cs) {
    JPanel p = new JPanel(new FlowLayout(FlowLayout.LEFT, UIScale.scale(4), UIScale.scale(4)));
    p.setAlignmentX(0);
    for (Component c : cs) {
      p.add(c);
    }
    p.setMaximumSize(new java.awt.Dimension(Integer.MAX_VALUE, p.getPreferredSize().height));
    return p;
  }

  static Set<String> parseAcl(String text) {
    Set<String> users = new LinkedHashSet<>();
    Arrays.stream(text.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).forEach(users::add);
    return users;
  }

  @Override
  public void showSessionsAvailable(boolean ok, String whyNot) {
    available = ok;
    unavailable.setText("<html>" + (ok ? "Everyone in a session hears the same song at the same moment" : whyNot)
        + "</html>");
    update();
  }

  @Override
  public void showSessions(List<SessionListing> list) {
    SessionListing sel = listingList.getSelectedValue();
    listings.clear();
    listings.addAll(list);
    if (sel != null) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).id().equals(sel.id())) {
          listingList.setSelectedIndex(i);
        }
      }
    }
  }

  @Override
  public void showSession(SessionState s) {
    state = s;
    role.setText(switch (s.role()) {
      case NONE -> "You are not in a session";
      case HOST -> "You host this session";
      case LISTENER -> s.lockReason();
    });
    String notice = s.hostNotice();
    hostNotice.setText(notice == null ? " " : notice);
    listeners.clear();
    listeners.addAll(s.listeners());
    songs.clear();
    for (int i = 0; i < s.playlist().size(); i++) {
      SessionSong e = s.playlist().get(i);
      songs.addElement((i == s.current() ? (s.playing() ? "▶ " : "❚❚ ") : "    ") + e.song().title()
          + (e.song().artist().isEmpty() ? "" : " — " + e.song().artist()) + "   (added by " + e.addedBy() + ")");
    }
    update();
  }

  private void update() {
    boolean in = state.role() != SessionState.Role.NONE;
    boolean isHost = state.role() == SessionState.Role.HOST;
    for (JComponent c : new JComponent[] {listingList, join, refresh, acl, host}) {
      c.setEnabled(available);
    }
    host.setEnabled(available && !isHost);
    leave.setEnabled(available && in);
    addSelected.setEnabled(available && in);
    for (JButton b : new JButton[] {play, pause, skip}) {
      b.setEnabled(available && isHost);
      b.setToolTipText(isHost || !in ? null : state.lockReason() + " — only the host controls playback");
    }
  }
}
