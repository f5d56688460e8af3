package org.jukebox.soundsmith.cd;

import java.io.IOException;

/**
 * A disc image cannot be used; the message names the file and the problem, for example
 * {@code "/music/disc.cue line 3: FILE \"../x.wav\" points outside the image's folder"}.
 */
public final class CdImageException extends IOException {
  private static final long serialVersionUID = 1L;

  public CdImageException(String message) {
    super(message);
  }

  public CdImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
