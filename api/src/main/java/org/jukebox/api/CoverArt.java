package org.jukebox.api;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A picture that goes with a song, as stored in its tags.
 *
 * @param mimeType for example {@code image/jpeg}
 * @param data the image bytes; never empty. The record copies it in and out.
 */
public record CoverArt(String mimeType, byte[] data) implements Serializable {
  public CoverArt {
    Checks.notBlank(mimeType, "mimeType");
    Objects.requireNonNull(data, "data");
    if (data.length == 0) {
      throw new IllegalArgumentException("cover art data is empty");
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoverArt c && c.mimeType.equals(mimeType) && Arrays.equals(c.data, data);
  }

  @Override
  public int hashCode() {
    return mimeType.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "CoverArt[" + mimeType + ", " + data.length + " bytes]";
  }
}
