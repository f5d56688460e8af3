package org.jukebox.client.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the first {@link IOException} of the stream beneath, because JLayer wraps (and in
 * places swallows) I/O errors: after every call into JLayer the reader asks this stream whether
 * the network failed, so a dropped connection is never mistaken for corrupt audio.
 */
final class FailureRecordingInputStream extends FilterInputStream {
  private volatile IOException failure;

  FailureRecordingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    try {
      int r = super.read();
      return r;
    } catch (IOException e) {
      throw record(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int r = super.read(b, off, len);
      return r;
    } catch (IOException e) {
      throw record(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (IOException e) {
      throw record(e);
    }
  }

  private IOException record(IOException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  /** Throws the first I/O failure seen, if any. */
  void rethrowFailure() throws IOException {
    IOException f = failure;
    if (f != null) {
      throw new IOException(f.getMessage(), f);
    }
  }
}
