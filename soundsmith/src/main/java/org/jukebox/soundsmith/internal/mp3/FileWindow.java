package org.jukebox.soundsmith.internal.mp3;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positioned reads of a file with its head cached, so the common case (small tag, first frame
 * near the start) costs one read system call for the head and one for the tail.
 */
final class FileWindow {
  private static final int HEAD = 16 * 1024;

  private final FileChannel channel;
  private final long size;
  private final byte[] head;

  FileWindow(FileChannel channel, long size) throws IOException {
    this.channel = channel;
    this.size = size;
    this.head = readDirect(0, (int) Math.min(size, HEAD));
  }

  long size() {
    return size;
  }

  /** Exactly {@code length} bytes at {@code position}; the caller keeps within the file. */
  byte[] read(long position, int length) throws IOException {
    if (position < 0 || length < 0 || position + length > size) {
      throw new EOFException("read of " + length + " bytes at " + position + " past end " + size);
    }
    if (position + length <= head.length) {
      return java.util.Arrays.copyOfRange(head, (int) position, (int) position + length);
    }
    return readDirect(position, length);
  }

  private byte[] readDirect(long position, int length) throws IOException {
    byte[] out = new byte[length];
    ByteBuffer buf = ByteBuffer.wrap(out);
    while (buf.hasRemaining()) {
      int n = channel.read(buf, position + buf.position());
      if (n < 0) {
        throw new EOFException("file shrank while reading at " + (position + buf.position()));
      }
    }
    return out;
  }
}
