package org.jukebox.soundsmith.cddb;

/** An xmcd entry (a CDDB database file or {@code cddb read} reply) that cannot be read; the message says where and why. */
public final class XmcdFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public XmcdFormatException(String message) {
    super(message);
  }
}
