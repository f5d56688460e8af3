package org.jukebox.client.internal;

import java.io.IOException;

/**
 * Turns an audio byte stream into blocks of PCM for the player: MP3 through JLayer
 * ({@link Mp3FrameReader}) or uncompressed PCM in {@code .au} or WAV ({@link PcmStreamReader}).
 * Not thread-safe: one player thread reads it; {@link #close()} may come from any thread.
 */
public interface AudioReader extends AutoCloseable {
  /**
   * The next block of PCM, or null at the end of the stream.
   *
   * @throws IOException if the stream failed
   * @throws CorruptAudioException if the audio cannot be decoded
   */
  Mp3FrameReader.Pcm next() throws IOException, CorruptAudioException;

  /** Byte offset in the song where audio starts (after any header or tag). */
  long audioStart();

  /** Byte offset in the song of the first byte of audio this reader decodes. */
  long firstFrameOffset();

  /** Bit rate of the audio in kbit/s as far as known; 0 if unknown. */
  int firstBitrateKbps();

  @Override
  void close();
}
