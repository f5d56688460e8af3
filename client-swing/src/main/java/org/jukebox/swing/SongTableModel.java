package org.jukebox.swing;

import javax.swing.table.AbstractTableModel;
import org.jukebox.swing.controller.Column;
import org.jukebox.swing.controller.LibraryModel;
import org.jukebox.swing.controller.SongIndex;

/** The library table over the controller's latest {@link LibraryModel}; reads rows on demand (100,000 rows cost nothing until seen). */
final class SongTableModel extends AbstractTableModel {
  private static final Column[] COLUMNS = Column.values();

  private LibraryModel model = new LibraryModel(SongIndex.EMPTY, new int[0], "", null, true, java.util.Map.of());

  void setModel(LibraryModel m) {
    boolean sameShape = m.index() == model.index() && java.util.Arrays.equals(m.visible(), model.visible());
    model = m;
    if (!sameShape) {
      fireTableDataChanged();
    }
  }

  LibraryModel model() {
    return model;
  }

  static Column column(int index) {
    return COLUMNS[index];
  }

  @Override
  public int getRowCount() {
    return model.visibleCount();
  }

  @Override
  public int getColumnCount() {
    return COLUMNS.length;
  }

  @Override
  public String getColumnName(int column) {
    Column c = COLUMNS[column];
    if (c == model.sort()) {
      return c.label() + (model.ascending() ? "  ▲" : "  ▼");
    }
    return c.label();
  }

  @Override
  public Object getValueAt(int row, int column) {
    return COLUMNS[column].value(model.rowAt(row));
  }
}
