package org.jukebox.swing;

import com.formdev.flatlaf.util.UIScale;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.GeneralPath;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import javax.swing.Icon;
import javax.swing.UIManager;

/**
 * Transport and rating icons drawn as vector shapes, so they are crisp at any scale factor and
 * follow the theme's colours (no bitmaps to ship for HiDPI).
 */
enum Glyph {
  PLAY, PAUSE, STOP, PREVIOUS, NEXT, REWIND, FORWARD, HEART, DISLIKE, SHUFFLE, REPEAT, VOLUME, MUTE, SEARCH, MUSIC;

  /** An icon of this glyph, {@code size} unscaled pixels square, painted in the component's foreground. */
  Icon icon(int size) {
    return icon(size, null);
  }

  /** As {@link #icon(int)}, in {@code color} (null: the component's foreground). */
  Icon icon(int size, Color color) {
    Glyph g = this;
    return new Icon() {
      @Override
      public void paintIcon(Component c, Graphics graphics, int x, int y) {
        Graphics2D g2 = (Graphics2D) graphics.create();
        try {
          g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
          g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
          Color fg = color != null ? color : c.isEnabled() ? c.getForeground() : UIManager.getColor("Label.disabledForeground");
          g2.setColor(fg == null ? Color.GRAY : fg);
          g2.translate(x, y);
          double s = UIScale.scale(size);
          g2.scale(s / 24.0, s / 24.0);
          g.paint(g2);
        } finally {
          g2.dispose();
        }
      }

      @Override
      public int getIconWidth() {
        return UIScale.scale(size);
      }

      @Override
      public int getIconHeight() {
        return UIScale.scale(size);
      }
    };
  }

  /** Paints on a 24 x 24 grid. */
  private void paint(Graphics2D g) {
    switch (this) {
      case PLAY -> g.fill(poly(7, 4, 20, 12, 7, 20));
      case PAUSE -> {
        g.fill(new RoundRectangle2D.Double(6, 4, 4, 16, 1.5, 1.5));
        g.fill(new RoundRectangle2D.Double(14, 4, 4, 16, 1.5, 1.5));
      }
      case STOP -> g.fill(new RoundRectangle2D.Double(6, 6, 12, 12, 2, 2));
      case PREVIOUS -> {
        g.fill(new RoundRectangle2D.Double(5, 5, 2.5, 14, 1, 1));
        g.fill(poly(19, 5, 8.5, 12, 19, 19));
      }
      case NEXT -> {
        g.fill(new RoundRectangle2D.Double(16.5, 5, 2.5, 14, 1, 1));
        g.fill(poly(5, 5, 15.5, 12, 5, 19));
      }
      case REWIND -> {
        g.fill(poly(12, 6, 3, 12, 12, 18));
        g.fill(poly(21, 6, 12, 12, 21, 18));
      }
      case FORWARD -> {
        g.fill(poly(3, 6, 12, 12, 3, 18));
        g.fill(poly(12, 6, 21, 12, 12, 18));
      }
      case HEART -> {
        GeneralPath p = new GeneralPath();
        p.moveTo(12, 20.5);
        p.curveTo(5, 15, 2.5, 12, 2.5, 8.5);
        p.curveTo(2.5, 5.5, 5, 3.5, 7.5, 3.5);
        p.curveTo(9.5, 3.5, 11, 4.7, 12, 6.3);
        p.curveTo(13, 4.7, 14.5, 3.5, 16.5, 3.5);
        p.curveTo(19, 3.5, 21.5, 5.5, 21.5, 8.5);
        p.curveTo(21.5, 12, 19, 15, 12, 20.5);
        p.closePath();
        g.fill(p);
      }
      case DISLIKE -> {
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        GeneralPath p = new GeneralPath();
        p.moveTo(12, 20.5);
        p.curveTo(5, 15, 2.5, 12, 2.5, 8.5);
        p.curveTo(2.5, 5.5, 5, 3.5, 7.5, 3.5);
        p.curveTo(9.5, 3.5, 11, 4.7, 12, 6.3);
        p.curveTo(13, 4.7, 14.5, 3.5, 16.5, 3.5);
        p.curveTo(19, 3.5, 21.5, 5.5, 21.5, 8.5);
        p.curveTo(21.5, 12, 19, 15, 12, 20.5);
        p.closePath();
        g.draw(p);
        g.draw(new java.awt.geom.Line2D.Double(12, 6.3, 10, 11));
        g.draw(new java.awt.geom.Line2D.Double(10, 11, 14, 13));
        g.draw(new java.awt.geom.Line2D.Double(14, 13, 12, 19));
      }
      case SHUFFLE -> {
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        GeneralPath a = new GeneralPath();
        a.moveTo(3, 7);
        a.curveTo(10, 7, 12, 17, 19, 17);
        g.draw(a);
        GeneralPath b = new GeneralPath();
        b.moveTo(3, 17);
        b.curveTo(10, 17, 12, 7, 19, 7);
        g.draw(b);
        g.fill(poly(18, 3.5, 22, 7, 18, 10.5));
        g.fill(poly(18, 13.5, 22, 17, 18, 20.5));
      }
      case REPEAT -> {
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new RoundRectangle2D.Double(4, 7, 16, 10, 6, 6));
        g.fill(poly(13, 4, 17, 7, 13, 10));
      }
      case VOLUME, MUTE -> {
        g.fill(poly(3, 9, 7, 9, 12, 4.5, 12, 19.5, 7, 15, 3, 15));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        if (this == VOLUME) {
          g.draw(new java.awt.geom.Arc2D.Double(9, 8, 7, 8, -60, 120, java.awt.geom.Arc2D.OPEN));
          g.draw(new java.awt.geom.Arc2D.Double(8, 4.5, 12, 15, -60, 120, java.awt.geom.Arc2D.OPEN));
        } else {
          g.draw(new java.awt.geom.Line2D.Double(15, 9, 21, 15));
          g.draw(new java.awt.geom.Line2D.Double(21, 9, 15, 15));
        }
      }
      case SEARCH -> {
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new java.awt.geom.Ellipse2D.Double(4, 4, 12, 12));
        g.draw(new java.awt.geom.Line2D.Double(14.5, 14.5, 20, 20));
      }
      case MUSIC -> {
        g.fill(new java.awt.geom.Ellipse2D.Double(3, 15, 7, 5.5));
        g.fill(new java.awt.geom.Ellipse2D.Double(13, 13, 7, 5.5));
        g.fill(poly(8.5, 17, 8.5, 5, 20, 2.5, 20, 15, 18.5, 15, 18.5, 6, 10, 8, 10, 17));
      }
      default -> throw new IllegalStateException(name());
    }
  }

  private static Path2D poly(double... xy) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) {
      p.lineTo(xy[i], xy[i + 1]);
    }
    p.closePath();
    return p;
  }
}
