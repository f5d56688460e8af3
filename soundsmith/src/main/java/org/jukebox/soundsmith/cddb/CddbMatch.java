package org.jukebox.soundsmith.cddb;

import java.util.Objects;

/**
 * One line of a CDDB {@code cddb query} answer: an entry the server holds for the disc.
 *
 * @param category the freedb category (rock, jazz, misc…), a folder name in the dump layout
 * @param discId eight lower-case hex digits, the file name of the entry
 * @param title the entry's DTITLE, "Artist / Album"
 */
public record CddbMatch(String category, String discId, String title) {
  public CddbMatch {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(discId, "discId");
    Objects.requireNonNull(title, "title");
  }

  /** {@code category/discid}, as the dump stores it and as messages name it. */
  @Override
  public String toString() {
    return category + "/" + discId;
  }
}
