package org.jukebox.soundsmith.internal;

import java.util.Objects;

/** Argument checks shared by the {@link org.jukebox.soundsmith.MediaSource} implementations. */
final class MediaSources {
  private MediaSources() {}

  static String checkContentType(String contentType) {
    Objects.requireNonNull(contentType, "contentType");
    if (contentType.isBlank()) {
      throw new IllegalArgumentException("contentType is blank");
    }
    return contentType;
  }

  static void checkOffset(long offset, long length) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (offset > length) {
      throw new IllegalArgumentException("offset > length: " + offset + " > " + length);
    }
  }
}
