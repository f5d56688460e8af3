package org.jukebox.soundsmith.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.jukebox.soundsmith.MediaSource;

/** A {@link MediaSource} over a file; see {@link MediaSource#ofFile}. Immutable. */
public final class FileMediaSource implements MediaSource {
  private final Path file;
  private final String contentType;
  private final long length;

  public FileMediaSource(Path file, String contentType, long length) {
    this.file = Objects.requireNonNull(file, "file");
    this.contentType = MediaSources.checkContentType(contentType);
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
    this.length = length;
  }

  /** The file it reads. */
  public Path file() {
    return file;
  }

  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public ReadableByteChannel open(long offset) throws IOException {
    MediaSources.checkOffset(offset, length);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      channel.position(offset);
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileMediaSource f
        && f.file.equals(file) && f.contentType.equals(contentType) && f.length == length;
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, contentType, length);
  }

  @Override
  public String toString() {
    return "FileMediaSource[" + file + ", " + contentType + ", " + length + " bytes]";
  }
}
