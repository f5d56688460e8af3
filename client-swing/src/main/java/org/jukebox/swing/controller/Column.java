package org.jukebox.swing.controller;

import java.util.Comparator;

/** The library table's columns, in display order, with how each sorts. */
public enum Column {
  TITLE("Title", Comparator.comparing(r -> r.song().title(), String.CASE_INSENSITIVE_ORDER)),
  ARTIST("Artist", Comparator.comparing(r -> r.song().artist(), String.CASE_INSENSITIVE_ORDER)),
  ALBUM("Album", Comparator.comparing(r -> r.song().album(), String.CASE_INSENSITIVE_ORDER)),
  TRACK("#", Comparator.comparingInt((SongRow r) -> r.song().disc()).thenComparingInt(r -> r.song().track())),
  LENGTH("Time", Comparator.comparing(r -> r.song().duration())),
  SOURCE("Source", Comparator.comparing(SongRow::source, String.CASE_INSENSITIVE_ORDER)),
  KIND("Kind", Comparator.comparing(SongRow::kind));

  private final String label;
  private final Comparator<SongRow> order;

  Column(String label, Comparator<SongRow> order) {
    this.label = label;
    this.order = order;
  }

  /** The header text. */
  public String label() {
    return label;
  }

  /** Ascending order by this column, ties broken by the catalog order. */
  public Comparator<SongRow> order() {
    return order.thenComparing(r -> r.song(), org.jukebox.api.Song.ORDER);
  }

  /** The cell value shown for a row (formatted text, or the track number). */
  public Object value(SongRow r) {
    return switch (this) {
      case TITLE -> r.song().title();
      case ARTIST -> r.song().artist();
      case ALBUM -> r.song().album();
      case TRACK -> r.song().track() == 0 ? "" : Integer.toString(r.song().track());
      case LENGTH -> Format.duration(r.song().duration());
      case SOURCE -> r.source();
      case KIND -> r.kind().toUpperCase(java.util.Locale.ROOT);
    };
  }

}
