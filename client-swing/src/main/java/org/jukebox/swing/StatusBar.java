package org.jukebox.swing;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import java.awt.BorderLayout;
import java.util.List;
import java.util.stream.Collectors;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.Timer;
import javax.swing.UIManager;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.swing.controller.Format;
import org.jukebox.swing.controller.StatusView;

/** The status line: connection and library size on the left, work in progress and messages on the right. */
final class StatusBar extends JPanel implements StatusView {
  final JLabel library = new JLabel("Connecting to the directory…");
  final JLabel message = new JLabel(" ");
  final JProgressBar busy = new JProgressBar();
  private final Timer fade = new Timer(8000, e -> message.setText(" "));
  private String activity;

  StatusBar() {
    super(new BorderLayout(UIScale.scale(10), 0));
    setName("statusBar");
    setBorder(BorderFactory.createCompoundBorder(
        BorderFactory.createMatteBorder(1, 0, 0, 0, UIManager.getColor("Component.borderColor")),
        BorderFactory.createEmptyBorder(UIScale.scale(3), UIScale.scale(10), UIScale.scale(3), UIScale.scale(10))));
    library.setName("libraryStatus");
    message.setName("statusMessage");
    for (JLabel l : new JLabel[] {library, message}) {
      l.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
    }
    busy.setIndeterminate(true);
    busy.setVisible(false);
    busy.setPreferredSize(new java.awt.Dimension(UIScale.scale(80), UIScale.scale(6)));
    fade.setRepeats(false);
    JPanel right = new JPanel(new BorderLayout(UIScale.scale(8), 0));
    right.setOpaque(false);
    right.add(message, BorderLayout.CENTER);
    right.add(busy, BorderLayout.EAST);
    add(library, BorderLayout.WEST);
    add(right, BorderLayout.EAST);
  }

  @Override
  public void showLibraryStatus(boolean connecting, int songs, List<SoundSmithInfo> soundSmiths) {
    if (connecting) {
      library.setText("Connecting to the directory…");
      return;
    }
    String smiths = soundSmiths.isEmpty() ? "no SoundSmith online"
        : Format.count(soundSmiths.size(), "SoundSmith") + ": " + soundSmiths.stream()
            .map(s -> s.name() + " (" + s.kind() + ")").collect(Collectors.joining(", "));
    library.setText("● " + Format.count(songs, "song") + " · " + smiths);
  }

  @Override
  public void showActivity(String what) {
    activity = what;
    busy.setVisible(what != null);
    if (what != null) {
      message.setText(what);
      fade.stop();
    } else if (message.getText().endsWith("…")) {
      message.setText(" ");
    }
  }

  @Override
  public void showMessage(String text) {
    message.setText(text);
    message.setToolTipText(text);
    fade.restart();
  }

  String activity() {
    return activity;
  }
}
