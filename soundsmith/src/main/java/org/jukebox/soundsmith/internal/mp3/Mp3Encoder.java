package org.jukebox.soundsmith.internal.mp3;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.sound.sampled.AudioFormat;

/**
 * Encodes PCM to an MPEG-1/2 Layer III stream with jump3r (a Java port of LAME) and fills in
 * the Xing/Info header that LAME's command line writes but the library leaves blank, so players
 * and our reader know the frame count. Thread-safe: each call uses its own encoder.
 */
public final class Mp3Encoder {
  private Mp3Encoder() {}

  /**
   * Encodes signed 16-bit samples.
   *
   * @param pcm samples, interleaved left/right when {@code channels == 2}
   * @param sampleRate for example 44100
   * @param channels 1 or 2
   * @param bitrateKbps CBR bit rate, or the target for VBR
   * @param vbr whether to encode with variable bit rate
   * @return the MP3 stream, no tags
   * @throws IllegalArgumentException if channels is not 1 or 2, or the rate/bit rate is not positive
   */
  public static byte[] encode(short[] pcm, int sampleRate, int channels, int bitrateKbps, boolean vbr) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("channels not 1 or 2: " + channels);
    }
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate <= 0: " + sampleRate);
    }
    if (bitrateKbps <= 0) {
      throw new IllegalArgumentException("bitrateKbps <= 0: " + bitrateKbps);
    }
    byte[] bytes = new byte[pcm.length * 2];
    for (int i = 0; i < pcm.length; i++) {
      bytes[2 * i] = (byte) pcm[i];
      bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
    }
    AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
    LameEncoder encoder = new LameEncoder(format, bitrateKbps,
        channels == 1 ? LameEncoder.CHANNEL_MODE_MONO : LameEncoder.CHANNEL_MODE_JOINT_STEREO,
        LameEncoder.QUALITY_LOW, vbr);
    ByteArrayOutputStream out = new ByteArrayOutputStream(pcm.length / 4 + 4096);
    try {
      byte[] buffer = new byte[encoder.getMP3BufferSize()];
      int chunk = encoder.getPCMBufferSize();
      for (int p = 0; p < bytes.length; p += chunk) {
        int n = encoder.encodeBuffer(bytes, p, Math.min(chunk, bytes.length - p), buffer);
        out.write(buffer, 0, n);
      }
      out.write(buffer, 0, encoder.encodeFinish(buffer));
    } finally {
      encoder.close();
    }
    byte[] mp3 = out.toByteArray();
    writeInfoHeader(mp3, vbr);
    return mp3;
  }

  /** Writes "Xing"/"Info" with frame and byte counts into the blank first frame, if it is blank. */
  static void writeInfoHeader(byte[] mp3, boolean vbr) {
    MpegHeader first = MpegHeader.parse(mp3, 0);
    if (first == null) {
      return;
    }
    int x = first.xingOffset();
    if (x + 16 > first.frameLength() || x + 16 > mp3.length) {
      return;
    }
    for (int i = x; i < x + 16; i++) {
      if (mp3[i] != 0) {
        return; // not LAME's blank placeholder: leave the stream alone
      }
    }
    int frames = 0;
    int pos = first.frameLength();
    while (pos + 4 <= mp3.length) {
      MpegHeader h = MpegHeader.parse(mp3, pos);
      if (h == null) {
        break;
      }
      frames++;
      pos += h.frameLength();
    }
    System.arraycopy((vbr ? "Xing" : "Info").getBytes(StandardCharsets.ISO_8859_1), 0, mp3, x, 4);
    putInt(mp3, x + 4, 3);
    putInt(mp3, x + 8, frames);
    putInt(mp3, x + 12, mp3.length);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
