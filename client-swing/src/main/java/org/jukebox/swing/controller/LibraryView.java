package org.jukebox.swing.controller;

/** Shows the library; called on the UI executor only. */
public interface LibraryView {
  /** Shows a new state of the library (a new catalog, search, scope or sort). */
  void showLibrary(LibraryModel model);
}
