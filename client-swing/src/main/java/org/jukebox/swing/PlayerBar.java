package org.jukebox.swing;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Image;
import java.awt.Insets;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import javax.imageio.ImageIO;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.UIManager;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.client.PlayerState;
import org.jukebox.swing.controller.DjController;
import org.jukebox.swing.controller.Format;
import org.jukebox.swing.controller.PlayerController;
import org.jukebox.swing.controller.PlayerView;

/** The bottom bar: cover and now playing, like/dislike, transport, seek bar, volume. */
final class PlayerBar extends JPanel implements PlayerView {
  private static final int SEEK_STEPS = 1000;

  private final PlayerController player;
  private final ExecutorService decoder;
  final CoverView cover = new CoverView();
  final JLabel title = new JLabel("Nothing playing");
  final JLabel subtitle = new JLabel(" ");
  final JButton like = iconButton(Glyph.HEART, "Like (Ctrl+L): the DJ plays more like it", "like");
  final JButton dislike = iconButton(Glyph.DISLIKE, "Dislike (Ctrl+D): the DJ plays less like it", "dislike");
  final JButton previous = iconButton(Glyph.PREVIOUS, "Previous (Ctrl+Left)", "previous");
  final JButton rewind = iconButton(Glyph.REWIND, "Rewind: hold to scan (Shift+Left)", "rewind");
  final JButton playPause = new JButton();
  final JButton forward = iconButton(Glyph.FORWARD, "Fast-forward: hold to scan (Shift+Right)", "forward");
  final JButton next = iconButton(Glyph.NEXT, "Next (Ctrl+Right)", "next");
  final JButton stop = iconButton(Glyph.STOP, "Stop (Ctrl+.)", "stop");
  final JSlider seek = new JSlider(0, SEEK_STEPS, 0);
  final JLabel elapsed = new JLabel("0:00");
  final JLabel remaining = new JLabel("-0:00");
  final JLabel lockNote = new JLabel(" ");
  final JSlider volume = new JSlider(0, 100, 100);
  final JLabel volumeIcon = new JLabel(Glyph.VOLUME.icon(18));
  private Duration length = Duration.ZERO;
  private boolean adjusting;
  private PlayerState state = PlayerState.STOPPED;
  private SongId coverOf;
  private SongId showing;

  PlayerBar(PlayerController player, DjController dj, ExecutorService decoder) {
    super(new BorderLayout(UIScale.scale(16), 0));
    this.player = player;
    this.decoder = decoder;
    setName("playerBar");
    setBorder(BorderFactory.createCompoundBorder(
        BorderFactory.createMatteBorder(1, 0, 0, 0, UIManager.getColor("Component.borderColor")),
        BorderFactory.createEmptyBorder(UIScale.scale(10), UIScale.scale(12), UIScale.scale(10), UIScale.scale(16))));

    // Left: cover, title, artist — album, like/dislike.
    JPanel left = new JPanel(new BorderLayout(UIScale.scale(12), 0));
    left.setOpaque(false);
    left.add(cover, BorderLayout.WEST);
    JPanel text = new JPanel();
    text.setOpaque(false);
    text.setLayout(new BoxLayout(text, BoxLayout.Y_AXIS));
    title.setName("nowPlayingTitle");
    title.putClientProperty(FlatClientProperties.STYLE_CLASS, "h3");
    subtitle.setName("nowPlayingSubtitle");
    subtitle.setForeground(UIManager.getColor("Label.disabledForeground"));
    text.add(Box.createVerticalGlue());
    text.add(title);
    text.add(Box.createVerticalStrut(UIScale.scale(3)));
    text.add(subtitle);
    JPanel rate = new JPanel(new FlowLayout(FlowLayout.LEFT, UIScale.scale(2), 0));
    rate.setOpaque(false);
    rate.add(like);
    rate.add(dislike);
    text.add(Box.createVerticalStrut(UIScale.scale(2)));
    rate.setAlignmentX(0);
    title.setAlignmentX(0);
    subtitle.setAlignmentX(0);
    text.add(rate);
    text.add(Box.createVerticalGlue());
    left.add(text, BorderLayout.CENTER);
    int em = getFontMetrics(getFont()).charWidth('m');
    left.setPreferredSize(new Dimension(26 * em, cover.getPreferredSize().height));
    like.addActionListener(e -> {
      dj.like(null);
      rated(true);
    });
    dislike.addActionListener(e -> {
      dj.dislike(null);
      rated(false);
    });

    // Centre: transport over the seek bar.
    JPanel center = new JPanel(new GridBagLayout());
    center.setOpaque(false);
    JPanel buttons = new JPanel(new FlowLayout(FlowLayout.CENTER, UIScale.scale(6), 0));
    buttons.setOpaque(false);
    playPause.setName("playPause");
    playPause.setIcon(Glyph.PLAY.icon(22, Color.WHITE));
    playPause.setToolTipText("Play / pause (Space)");
    playPause.putClientProperty(FlatClientProperties.BUTTON_TYPE, FlatClientProperties.BUTTON_TYPE_ROUND_RECT);
    playPause.putClientProperty(FlatClientProperties.STYLE,
        "arc: 999; background: " + Theme.ACCENT + "; borderWidth: 0; focusWidth: 0; margin: 8,8,8,8");
    playPause.addActionListener(e -> player.playPause());
    previous.addActionListener(e -> player.previous());
    next.addActionListener(e -> player.next());
    stop.addActionListener(e -> player.stop());
    holdToScan(rewind, Duration.ofSeconds(-5));
    holdToScan(forward, Duration.ofSeconds(5));
    for (JComponent c : new JComponent[] {stop, previous, rewind, playPause, forward, next}) {
      buttons.add(c);
    }
    seek.setName("seek");
    seek.setFocusable(false);
    seek.addChangeListener(e -> {
      if (seek.getValueIsAdjusting()) {
        adjusting = true;
        elapsed.setText(Format.duration(length.multipliedBy(seek.getValue()).dividedBy(SEEK_STEPS)));
      } else if (adjusting) {
        adjusting = false;
        player.seekFraction(seek.getValue() / (double) SEEK_STEPS);
      }
    });
    elapsed.setName("elapsed");
    remaining.setName("remaining");
    for (JLabel l : new JLabel[] {elapsed, remaining}) {
      l.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
      l.setForeground(UIManager.getColor("Label.disabledForeground"));
    }
    lockNote.setName("lockNote");
    lockNote.putClientProperty(FlatClientProperties.STYLE_CLASS, "small");
    GridBagConstraints g = new GridBagConstraints();
    g.gridx = 0;
    g.gridy = 0;
    g.gridwidth = 3;
    center.add(buttons, g);
    g.gridy = 1;
    g.gridwidth = 1;
    g.insets = new Insets(UIScale.scale(4), 0, 0, UIScale.scale(6));
    center.add(elapsed, g);
    g.gridx = 1;
    g.weightx = 1;
    g.fill = GridBagConstraints.HORIZONTAL;
    center.add(seek, g);
    g.gridx = 2;
    g.weightx = 0;
    g.fill = GridBagConstraints.NONE;
    g.insets = new Insets(UIScale.scale(4), UIScale.scale(6), 0, 0);
    center.add(remaining, g);
    g.gridx = 0;
    g.gridy = 2;
    g.gridwidth = 3;
    g.insets = new Insets(0, 0, 0, 0);
    center.add(lockNote, g);

    // Right: volume.
    JPanel right = new JPanel(new FlowLayout(FlowLayout.RIGHT, UIScale.scale(6), 0));
    right.setOpaque(false);
    volume.setName("volume");
    volume.setPreferredSize(new Dimension(9 * em, volume.getPreferredSize().height));
    volume.addChangeListener(e -> player.setVolume(volume.getValue() / 100.0));
    right.add(volumeIcon);
    right.add(volume);
    JPanel rightWrap = new JPanel(new GridBagLayout());
    rightWrap.setOpaque(false);
    rightWrap.add(right);
    rightWrap.setPreferredSize(new Dimension(14 * em, 1));

    add(left, BorderLayout.WEST);
    add(center, BorderLayout.CENTER);
    add(rightWrap, BorderLayout.EAST);
    showState(PlayerState.STOPPED);
  }

  /** Shows the verdict just given on the song playing (until the song changes). */
  private void rated(boolean liked) {
    Color accent = UIManager.getColor("Component.accentColor");
    like.setIcon(liked ? Glyph.HEART.icon(18, accent) : Glyph.HEART.icon(18));
    dislike.setIcon(liked ? Glyph.DISLIKE.icon(18) : Glyph.DISLIKE.icon(18, accent));
  }

  private static JButton iconButton(Glyph glyph, String tip, String name) {
    JButton b = new JButton(glyph.icon(18));
    b.setName(name);
    b.setToolTipText(tip);
    b.putClientProperty(FlatClientProperties.BUTTON_TYPE, FlatClientProperties.BUTTON_TYPE_TOOLBAR_BUTTON);
    b.setFocusable(false);
    return b;
  }

  /** Scans while the button is held: one step at once, then one every 250 ms. */
  private void holdToScan(JButton b, Duration step) {
    Timer repeat = new Timer(250, e -> player.seekBy(step));
    repeat.setInitialDelay(400);
    b.getModel().addChangeListener(e -> {
      boolean held = b.getModel().isArmed() && b.getModel().isPressed();
      if (held && !repeat.isRunning()) {
        player.seekBy(step);
        repeat.start();
      } else if (!held && repeat.isRunning()) {
        repeat.stop();
      }
    });
  }

  @Override
  public void showState(PlayerState s) {
    state = s;
    boolean playing = s == PlayerState.PLAYING || s == PlayerState.BUFFERING;
    playPause.setIcon((playing ? Glyph.PAUSE : Glyph.PLAY).icon(22, Color.WHITE));
    playPause.setToolTipText((playing ? "Pause" : "Play") + " (Space)");
  }

  PlayerState state() {
    return state;
  }

  @Override
  public void showSong(Song song, String source) {
    if (song == null) {
      title.setText("Nothing playing");
      subtitle.setText("Pick a song in the library and press Enter");
      cover.setImage(null);
      coverOf = null;
      showing = null;
      like.setEnabled(false);
      dislike.setEnabled(false);
      return;
    }
    title.setText(song.title());
    String by = song.artist().isEmpty() ? "Unknown artist" : song.artist();
    subtitle.setText(by + (song.album().isEmpty() ? "" : " — " + song.album()) + (source.isEmpty() ? "" : "  ·  " + source));
    like.setEnabled(true);
    dislike.setEnabled(true);
    if (!song.id().equals(showing)) {
      showing = song.id();
      like.setIcon(Glyph.HEART.icon(18));
      dislike.setIcon(Glyph.DISLIKE.icon(18));
    }
    if (coverOf == null || !coverOf.equals(song.id())) {
      cover.setImage(null);
    }
  }

  @Override
  public void showPosition(Duration position, Duration songLength) {
    length = songLength;
    if (adjusting) {
      return;
    }
    long total = songLength.toMillis();
    seek.setEnabled(total > 0 && player.locked() == null);
    seek.setValue(total <= 0 ? 0 : (int) Math.min(SEEK_STEPS, position.toMillis() * SEEK_STEPS / total));
    elapsed.setText(Format.duration(position));
    remaining.setText("-" + Format.duration(songLength.minus(position)));
  }

  @Override
  public void showCover(SongId song, byte[] image) {
    coverOf = song;
    if (image == null) {
      cover.setImage(null);
      return;
    }
    // Decoding a JPEG takes milliseconds: do it off the Event Dispatch Thread.
    decoder.execute(() -> {
      BufferedImage img = null;
      try {
        img = ImageIO.read(new ByteArrayInputStream(image));
      } catch (IOException | RuntimeException e) {
        // A picture we cannot read is shown as no picture.
      }
      BufferedImage decoded = img;
      SwingUtilities.invokeLater(() -> {
        if (song.equals(coverOf)) {
          cover.setImage(decoded);
        }
      });
    });
  }

  @Override
  public void showVolume(boolean supported, double level, String whyNot) {
    volume.setEnabled(supported);
    volumeIcon.setEnabled(supported);
    volume.setValue((int) Math.round(level * 100));
    volume.setToolTipText(supported ? "Volume (Ctrl+Up / Ctrl+Down)" : whyNot);
    volumeIcon.setToolTipText(volume.getToolTipText());
  }

  @Override
  public void showLocked(String reason) {
    boolean free = reason == null;
    for (JComponent c : new JComponent[] {playPause, previous, next, stop, rewind, forward, seek}) {
      if (c.getClientProperty("jukebox.tip") == null) {
        c.putClientProperty("jukebox.tip", String.valueOf(c.getToolTipText()));
      }
      c.setEnabled(free);
      c.setToolTipText(free ? (String) c.getClientProperty("jukebox.tip") : reason + " — the host controls playback");
    }
    lockNote.setText(free ? " " : reason + " — the host controls playback");
  }

  /** The album cover, or a music-note placeholder, in a rounded square. */
  static final class CoverView extends JComponent {
    private Image image;

    CoverView() {
      setName("cover");
      int s = UIScale.scale(64);
      setPreferredSize(new Dimension(s, s));
    }

    void setImage(Image img) {
      image = img;
      repaint();
    }

    boolean hasImage() {
      return image != null;
    }

    @Override
    protected void paintComponent(Graphics g0) {
      Graphics2D g = (Graphics2D) g0.create();
      try {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        int s = Math.min(getWidth(), getHeight());
        int arc = UIScale.scale(10);
        java.awt.Shape clip = new java.awt.geom.RoundRectangle2D.Float(0, 0, s, s, arc, arc);
        g.setClip(clip);
        if (image != null) {
          g.drawImage(image, 0, 0, s, s, null);
        } else {
          Color base = UIManager.getColor("Component.borderColor");
          g.setColor(base == null ? Color.LIGHT_GRAY : base);
          g.fillRect(0, 0, s, s);
          Glyph.MUSIC.icon(24, UIManager.getColor("Label.disabledForeground"))
              .paintIcon(this, g, (s - UIScale.scale(24)) / 2, (s - UIScale.scale(24)) / 2);
        }
      } finally {
        g.dispose();
      }
    }
  }
}
