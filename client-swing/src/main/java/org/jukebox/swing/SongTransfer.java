package org.jukebox.swing;

import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.util.List;
import java.util.stream.Collectors;
import org.jukebox.api.Song;

/**
 * Songs dragged within the window (from the library to the playlist, or within the playlist),
 * with a plain-text form ("Artist – Title" lines) for dropping elsewhere.
 */
final class SongTransfer implements Transferable {
  /** Songs from the library table. */
  static final DataFlavor SONGS = new DataFlavor(SongTransfer.class, "Jukebox songs");
  /** Playlist rows being reordered. */
  static final DataFlavor ROWS = new DataFlavor(int[].class, "Jukebox playlist rows");

  private final List<Song> songs;
  private final int[] rows;

  SongTransfer(List<Song> songs, int[] rows) {
    this.songs = List.copyOf(songs);
    this.rows = rows;
  }

  List<Song> songs() {
    return songs;
  }

  @Override
  public DataFlavor[] getTransferDataFlavors() {
    return rows == null ? new DataFlavor[] {SONGS, DataFlavor.stringFlavor}
        : new DataFlavor[] {ROWS, SONGS, DataFlavor.stringFlavor};
  }

  @Override
  public boolean isDataFlavorSupported(DataFlavor flavor) {
    for (DataFlavor f : getTransferDataFlavors()) {
      if (f.equals(flavor)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Object getTransferData(DataFlavor flavor) throws UnsupportedFlavorException {
    if (flavor.equals(SONGS)) {
      return this;
    }
    if (flavor.equals(ROWS) && rows != null) {
      return rows.clone();
    }
    if (flavor.equals(DataFlavor.stringFlavor)) {
      return songs.stream().map(s -> (s.artist().isEmpty() ? "" : s.artist() + " – ") + s.title())
          .collect(Collectors.joining("\n"));
    }
    throw new UnsupportedFlavorException(flavor);
  }
}
