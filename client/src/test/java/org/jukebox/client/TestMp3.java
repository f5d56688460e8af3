package org.jukebox.client;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sound.sampled.AudioFormat;

/** Real MP3s for tests, encoded by jump3r from a synthesized tone (cached per shape). */
final class TestMp3 {
  static final int RATE = 44_100;

  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private TestMp3() {}

  /** A CBR MP3 of a sine tone: {@code millis} long, {@code channels} channels, at {@code kbps}. */
  static byte[] tone(int millis, double hz, int channels, int kbps) {
    return CACHE.computeIfAbsent(millis + "/" + hz + "/" + channels + "/" + kbps,
        k -> encode(millis, hz, channels, kbps)).clone();
  }

  /** One second of 440 Hz stereo at 128 kbit/s. */
  static byte[] oneSecond() {
    return tone(1000, 440, 2, 128);
  }

  private static byte[] encode(int millis, double hz, int channels, int kbps) {
    AudioFormat pcmFormat = new AudioFormat(RATE, 16, channels, true, false);
    LameEncoder enc = new LameEncoder(pcmFormat, kbps,
        channels == 1 ? LameEncoder.CHANNEL_MODE_MONO : LameEncoder.CHANNEL_MODE_JOINT_STEREO,
        LameEncoder.QUALITY_LOW, false);
    int frames = (int) ((long) RATE * millis / 1000);
    byte[] pcm = new byte[frames * channels * 2];
    for (int i = 0; i < frames; i++) {
      short s = (short) (9000 * Math.sin(2 * Math.PI * hz * i / RATE));
      for (int c = 0; c < channels; c++) {
        int o = (i * channels + c) * 2;
        pcm[o] = (byte) s;
        pcm[o + 1] = (byte) (s >> 8);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[enc.getMP3BufferSize()];
    int chunk = enc.getPCMBufferSize();
    for (int off = 0; off < pcm.length; off += chunk) {
      int n = enc.encodeBuffer(pcm, off, Math.min(chunk, pcm.length - off), buf);
      out.write(buf, 0, n);
    }
    out.write(buf, 0, enc.encodeFinish(buf));
    enc.close();
    return out.toByteArray();
  }

  /** {@code mp3} behind a minimal ID3v2.3 tag holding a title and {@code padding} zero bytes. */
  static byte[] withId3v2(byte[] mp3, String title, int padding) {
    byte[] text = title.getBytes(StandardCharsets.ISO_8859_1);
    int frameSize = 1 + text.length;
    int tagSize = 10 + frameSize + padding;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'I', 'D', '3', 3, 0, 0,
        (byte) ((tagSize >> 21) & 0x7f), (byte) ((tagSize >> 14) & 0x7f), (byte) ((tagSize >> 7) & 0x7f),
        (byte) (tagSize & 0x7f)});
    out.writeBytes(new byte[] {'T', 'I', 'T', '2', (byte) (frameSize >> 24), (byte) (frameSize >> 16),
        (byte) (frameSize >> 8), (byte) frameSize, 0, 0, 0});
    out.writeBytes(text);
    out.writeBytes(new byte[padding]);
    out.writeBytes(mp3);
    return out.toByteArray();
  }
}
