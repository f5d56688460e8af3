package org.jukebox.swing.controller;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the library view shows at one moment: the index, which of its rows are visible and in
 * what order, and the artist → album tree.
 *
 * @param index the whole library
 * @param visible indices into {@code index}, in display order; never modified after publishing
 * @param query the search text these rows match
 * @param sort the column sorted by, or null for the catalog order
 * @param ascending the sort direction
 * @param tree artists and their albums (changes only with the catalog)
 */
public record LibraryModel(SongIndex index, int[] visible, String query, Column sort, boolean ascending,
    Map<String, List<String>> tree) {
  public LibraryModel {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(visible, "visible");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(tree, "tree");
  }

  /** The row shown at {@code viewRow}. */
  public SongRow rowAt(int viewRow) {
    return index.row(visible[viewRow]);
  }

  /** How many rows are shown. */
  public int visibleCount() {
    return visible.length;
  }
}
