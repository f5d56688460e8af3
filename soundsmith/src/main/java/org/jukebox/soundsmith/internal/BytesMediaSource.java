package org.jukebox.soundsmith.internal;

import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.Objects;
import org.jukebox.soundsmith.MediaSource;

/** A {@link MediaSource} over bytes in memory; see {@link MediaSource#ofBytes}. Immutable. */
public final class BytesMediaSource implements MediaSource {
  private final byte[] data;
  private final String contentType;

  public BytesMediaSource(byte[] data, String contentType) {
    this.data = Objects.requireNonNull(data, "data").clone();
    this.contentType = MediaSources.checkContentType(contentType);
  }

  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public long length() {
    return data.length;
  }

  @Override
  public ReadableByteChannel open(long offset) {
    MediaSources.checkOffset(offset, data.length);
    return Channels.newChannel(new ByteArrayInputStream(data, (int) offset, data.length - (int) offset));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BytesMediaSource b && b.contentType.equals(contentType) && Arrays.equals(b.data, data);
  }

  @Override
  public int hashCode() {
    return contentType.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "BytesMediaSource[" + contentType + ", " + data.length + " bytes]";
  }
}
