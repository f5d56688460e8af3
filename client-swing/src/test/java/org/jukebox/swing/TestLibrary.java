package org.jukebox.swing;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jukebox.api.CoverArt;
import org.jukebox.soundsmith.SampleLibrary;

/**
 * A small library of real, tagged MP3 files with covers, cheap to make: one short tone is encoded
 * once per JVM and written behind different tags (the sample library's names, so screenshots look
 * like the demo).
 */
final class TestLibrary {
  private static byte[] audio;

  private TestLibrary() {}

  private static synchronized byte[] audio() {
    if (audio == null) {
      audio = SampleLibrary.encodeTone(440, 24);
    }
    return audio;
  }

  private record Album(String artist, String title, int year, String genre, String[] songs, Color from, Color to) {}

  private static final Album[] ALBUMS = {
      new Album("Ana Lucía Peñalver", "Mañanas de Café", 2021, "Latin",
          new String[] {"Despertar", "Calle del Sol", "Pequeña Canción", "Último Tranvía"},
          new Color(0xE0, 0x8E, 0x3C), new Color(0x6B, 0x2E, 0x1A)),
      new Album("Hoshino Collective", "夜の電車 (Night Train)", 2019, "Ambient",
          new String[] {"青い街灯", "Platform 7", "雨上がり"},
          new Color(0x1D, 0x2B, 0x5C), new Color(0x7A, 0x4F, 0xA8)),
      new Album("The Square Waves", "Chiptune Weather", 2023, "Electronic",
          new String[] {"Low Pressure", "Cumulus", "Heat Index", "Clear Night ★"},
          new Color(0x2F, 0xA3, 0x6B), new Color(0xF2, 0xE2, 0x4B))};

  /** Writes the eleven songs under {@code folder} (once; existing files are kept). */
  static Path write(Path folder) throws IOException {
    for (Album a : ALBUMS) {
      Path dir = Files.createDirectories(folder.resolve(a.artist.replaceAll("[^\\p{L}\\p{N} ]", "_")));
      CoverArt cover = cover(a);
      for (int i = 0; i < a.songs.length; i++) {
        Path f = dir.resolve(String.format("%02d.mp3", i + 1));
        if (!Files.exists(f)) {
          SampleLibrary.writeTagged(f, audio(), SampleLibrary.Tags.titled(a.songs[i]).withArtist(a.artist)
              .withAlbum(a.title).withTrack(i + 1, a.songs.length).withDisc(1).withYear(a.year).withGenre(a.genre)
              .withCover(cover));
        }
      }
    }
    return folder;
  }

  private static CoverArt cover(Album a) {
    BufferedImage img = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, a.from, 300, 300, a.to));
    g.fillRect(0, 0, 300, 300);
    g.setColor(new Color(255, 255, 255, 70));
    g.fillOval(60, 60, 180, 180);
    g.setColor(new Color(0, 0, 0, 60));
    g.fillOval(135, 135, 30, 30);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CoverArt("image/png", out.toByteArray());
  }
}
