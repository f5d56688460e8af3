package org.jukebox.swing;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.ButtonGroup;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JRadioButton;
import javax.swing.JScrollPane;
import javax.swing.JToggleButton;
import javax.swing.ListSelectionModel;
import javax.swing.UIManager;
import org.jukebox.api.Taste;
import org.jukebox.swing.controller.DjController;
import org.jukebox.swing.controller.DjView;

/** The DJ: DJ mode, whose taste it picks by (own, one user's, a blend), publishing one's profile. */
final class DjPanel extends JPanel implements DjView {
  private final DjController dj;
  final JToggleButton djMode = new JToggleButton("DJ mode");
  final JLabel tasteLabel = new JLabel(" ");
  final JLabel unavailable = new JLabel(" ");
  final JCheckBox published = new JCheckBox("Publish my taste");
  final DefaultListModel<String> profiles = new DefaultListModel<>();
  final JList<String> profileList = new JList<>(profiles);
  final JRadioButton allLike = new JRadioButton("Songs all of them like");
  final JRadioButton leastMisery = new JRadioButton("Nobody minds (least misery)");
  final JRadioButton average = new JRadioButton("On average");
  final JButton listenWith = new JButton("Listen with selected");
  final JButton own = new JButton("My own taste");
  private boolean updating;

  DjPanel(DjController dj) {
    super(new BorderLayout());
    this.dj = dj;
    setName("djPanel");
    JPanel body = new JPanel();
    body.setLayout(new BoxLayout(body, BoxLayout.Y_AXIS));
    int pad = UIScale.scale(12);
    body.setBorder(BorderFactory.createEmptyBorder(pad, pad, pad, pad));

    JLabel heading = new JLabel("DJ");
    heading.putClientProperty(FlatClientProperties.STYLE_CLASS, "h3");
    unavailable.setName("djUnavailable");
    unavailable.setForeground(UIManager.getColor("Label.disabledForeground"));
    djMode.setName("djMode");
    djMode.setToolTipText("Let the DJ pick what plays next (Ctrl+Shift+D)");
    djMode.putClientProperty(FlatClientProperties.STYLE, "arc: 999; margin: 4,14,4,14");
    djMode.addActionListener(e -> {
      if (!updating) {
        dj.setDjMode(djMode.isSelected());
      }
    });
    tasteLabel.setName("djTaste");
    tasteLabel.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
    published.setName("publish");
    published.setToolTipText("Others may listen with your taste; they can never change it");
    published.addActionListener(e -> {
      if (!updating) {
        dj.publish(published.isSelected());
      }
    });

    JLabel who = new JLabel("Listen with");
    who.putClientProperty(FlatClientProperties.STYLE_CLASS, "h4");
    JLabel hint = new JLabel("<html>Pick one published profile, or several to blend them (the shared office).</html>");
    hint.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
    hint.setForeground(UIManager.getColor("Label.disabledForeground"));
    profileList.setName("profiles");
    profileList.setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
    profileList.setVisibleRowCount(6);
    ButtonGroup g = new ButtonGroup();
    for (JRadioButton b : new JRadioButton[] {allLike, leastMisery, average}) {
      g.add(b);
    }
    allLike.setSelected(true);
    allLike.setName("blendAllLike");
    leastMisery.setName("blendLeastMisery");
    average.setName("blendAverage");
    listenWith.setName("listenWith");
    listenWith.addActionListener(e -> {
      List<String> users = profileList.getSelectedValuesList();
      if (users.size() == 1) {
        dj.setTaste(Taste.of(users.get(0)));
      } else if (users.size() > 1) {
        dj.setTaste(Taste.blend(allLike.isSelected() ? Taste.Blend.ALL_LIKE
            : leastMisery.isSelected() ? Taste.Blend.LEAST_MISERY : Taste.Blend.AVERAGE, users));
      }
    });
    own.setName("ownTaste");
    own.addActionListener(e -> dj.setTaste(Taste.own()));
    JButton refresh = new JButton("Refresh");
    refresh.addActionListener(e -> dj.refreshProfiles());

    JPanel modeRow = row(djMode, Box.createHorizontalStrut(UIScale.scale(10)), tasteLabel);
    JScrollPane scroll = new JScrollPane(profileList);
    scroll.setAlignmentX(0);
    for (JComponent c : new JComponent[] {heading, unavailable, modeRow, published, who, hint}) {
      c.setAlignmentX(0);
    }
    body.add(heading);
    body.add(unavailable);
    body.add(Box.createVerticalStrut(UIScale.scale(8)));
    body.add(modeRow);
    body.add(Box.createVerticalStrut(UIScale.scale(12)));
    body.add(published);
    body.add(Box.createVerticalStrut(UIScale.scale(16)));
    body.add(who);
    body.add(hint);
    body.add(Box.createVerticalStrut(UIScale.scale(6)));
    body.add(scroll);
    body.add(Box.createVerticalStrut(UIScale.scale(6)));
    JPanel blends = new JPanel();
    blends.setLayout(new BoxLayout(blends, BoxLayout.Y_AXIS));
    blends.setAlignmentX(0);
    blends.add(allLike);
    blends.add(leastMisery);
    blends.add(average);
    body.add(blends);
    body.add(Box.createVerticalStrut(UIScale.scale(6)));
    body.add(row(listenWith));
    body.add(row(own, refresh));
    body.add(Box.createVerticalGlue());
    add(body, BorderLayout.CENTER);
  }

  private static JPanel row(java.awt.Component... cs) {
    JPanel p = new JPanel(new FlowLayout(FlowLayout.LEFT, UIScale.scale(4), 0));
    p.setAlignmentX(0);
    for (java.awt.Component c : cs) {
      p.add(c);
    }
    p.setMaximumSize(new java.awt.Dimension(Integer.MAX_VALUE, p.getPreferredSize().height));
    return p;
  }

  @Override
  public void showDjAvailable(boolean available, String whyNot) {
    for (JComponent c : new JComponent[] {djMode, published, profileList, allLike, leastMisery, average, listenWith, own}) {
      c.setEnabled(available);
    }
    unavailable.setText("<html>" + (available ? "Picks from everything live, learning from what you play, skip and like"
        : whyNot) + "</html>");
  }

  @Override
  public void showDjMode(boolean on, String taste) {
    updating = true;
    djMode.setSelected(on);
    djMode.setText(on ? "DJ mode: on" : "DJ mode: off");
    tasteLabel.setText("Picking by " + taste);
    updating = false;
  }

  @Override
  public void showProfiles(List<String> users) {
    List<String> sel = profileList.getSelectedValuesList();
    profiles.clear();
    profiles.addAll(users);
    for (String s : sel) {
      int i = users.indexOf(s);
      if (i >= 0) {
        profileList.addSelectionInterval(i, i);
      }
    }
  }

  @Override
  public void showPublished(Boolean isPublished) {
    updating = true;
    published.setSelected(Boolean.TRUE.equals(isPublished));
    updating = false;
  }
}
