package org.jukebox.swing;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.awt.Toolkit;
import java.util.Locale;
import java.util.Map;
import javax.swing.UIManager;

/** The look: FlatLaf light or dark, with Jukebox's accent and rounder controls. */
final class Theme {
  /** Jukebox's accent colour (buttons, selection, seek bar). */
  static final String ACCENT = "#1DB954";

  private Theme() {}

  /** Whether the desktop asks for dark applications, where that can be told (GTK theme name); else false. */
  static boolean systemPrefersDark() {
    String gtk = System.getenv("GTK_THEME");
    if (gtk != null && gtk.toLowerCase(Locale.ROOT).contains("dark")) {
      return true;
    }
    try {
      Object name = Toolkit.getDefaultToolkit().getDesktopProperty("gnome.Net/ThemeName");
      if (name != null && name.toString().toLowerCase(Locale.ROOT).contains("dark")) {
        return true;
      }
    } catch (RuntimeException e) {
      // No desktop to ask: light.
    }
    return "Dark".equalsIgnoreCase(System.getProperty("jukebox.theme.system", ""));
  }

  /** Installs the light or dark look; call on the Event Dispatch Thread (or before any window exists). */
  static void install(boolean dark) {
    FlatLaf.setGlobalExtraDefaults(Map.of(
        "@accentColor", ACCENT,
        "Component.arc", "10",
        "Button.arc", "10",
        "TextComponent.arc", "10",
        "ScrollBar.showButtons", "false",
        "ScrollBar.thumbArc", "999",
        "ScrollBar.thumbInsets", "2,2,2,2",
        "Table.showHorizontalLines", "false",
        "Table.showVerticalLines", "false",
        "TabbedPane.showTabSeparators", "false"));
    if (dark) {
      FlatDarkLaf.setup();
    } else {
      FlatLightLaf.setup();
    }
    UIManager.put("Table.intercellSpacing", new java.awt.Dimension(0, 0));
  }

  /** Switches the look of every open window. */
  static void switchTo(boolean dark) {
    install(dark);
    FlatLaf.updateUI();
  }

  /** Whether the dark look is installed. */
  static boolean isDark() {
    return FlatLaf.isLafDark();
  }
}
