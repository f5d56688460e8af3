package org.jukebox.soundsmith;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import org.jukebox.soundsmith.internal.BytesMediaSource;
import org.jukebox.soundsmith.internal.FileMediaSource;

/**
 * Produces the bytes of one song's audio stream from any offset, so the HTTP server can answer
 * Range requests without reading what it skips. An MP3 SoundSmith serves a file
 * ({@link #ofFile}); a CD SoundSmith synthesizes WAV bytes from the disc.
 *
 * <p>Implementations are immutable and thread-safe: several streams of one song may be open at
 * once, each through its own channel.
 */
public interface MediaSource {
  /** The media type of the stream, for example {@code audio/mpeg}; never blank. */
  String contentType();

  /** How many bytes the stream has; never negative. */
  long length();

  /**
   * Opens the stream positioned at {@code offset}. The caller reads at most
   * {@code length() - offset} bytes and closes the channel; a channel that ends sooner means the
   * source changed underneath (the stream is then cut off).
   *
   * @param offset where to start, {@code 0 <= offset <= length()}
   * @throws IOException if the bytes cannot be read (file deleted, disc ejected)
   * @throws IllegalArgumentException if the offset is out of range
   */
  ReadableByteChannel open(long offset) throws IOException;

  /**
   * The same audio in another format, which a stream request asks for with
   * {@code ?format=NAME} on its ticket URL (a CD track is {@code audio/basic} by default and
   * {@code wav} on request). The ticket and the song describe the default format; a variant's
   * length and type come in the response headers. The default has none.
   *
   * @param format the name in the request, for example {@code wav} or {@code au}
   * @return the variant, or empty if this source has no such format
   */
  default java.util.Optional<MediaSource> variant(String format) {
    return java.util.Optional.empty();
  }

  /**
   * A source that serves the first {@code length} bytes of a file, through a
   * {@link java.nio.channels.FileChannel} so that an offset costs nothing. {@code length} is the
   * size the file had when it was indexed.
   *
   * @throws IllegalArgumentException if {@code contentType} is blank or {@code length < 0}
   */
  static MediaSource ofFile(Path file, String contentType, long length) {
    return new FileMediaSource(file, contentType, length);
  }

  /**
   * A source that serves bytes held in memory (synthesized audio, tests). The array is copied.
   *
   * @throws IllegalArgumentException if {@code contentType} is blank
   */
  static MediaSource ofBytes(byte[] data, String contentType) {
    return new BytesMediaSource(data, contentType);
  }
}
