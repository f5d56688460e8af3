package org.jukebox.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.client.AudioSink;
import org.jukebox.client.JukeboxClient;
import org.jukebox.client.PcmFormat;
import org.jukebox.client.PlayerListener;
import org.jukebox.client.SongEnd;
import org.jukebox.soundsmith.CdSoundSmith;
import org.jukebox.soundsmith.SoundSmithConfig;
import org.jukebox.soundsmith.cd.CdDrives;
import org.jukebox.soundsmith.cd.DiscImage;
import org.jukebox.soundsmith.cd.SampleDisc;
import org.jukebox.testkit.JukeboxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A CUE/WAV disc image served by two CD SoundSmiths (one streaming .au, one WAV) joined to a
 * real directory, found by a JukeboxClient over RMI, streamed over HTTP and played into a sink
 * that keeps every sample: what reaches it is exactly the image's PCM.
 */
class CdEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  final JukeboxExtension jukebox = JukeboxExtension.builder()
      .soundSmith("cd", (config, data) -> cd(config, data, false))
      .soundSmith("cdwav", (config, data) -> cd(config, data, true))
      .build();

  private final KeepingSink sink = new KeepingSink();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final List<String> ended = new CopyOnWriteArrayList<>();
  private JukeboxClient client;

  private static CdSoundSmith cd(SoundSmithConfig config, Path data, boolean wav) throws IOException {
    Path cue = SampleDisc.write(data.resolveSibling(data.getFileName() + "-image"));
    CdSoundSmith.Builder b = CdSoundSmith.builder(config, CdDrives.image(cue)).names(toc -> Optional.of(SampleDisc.info()));
    return (wav ? b.wav() : b).build();
  }

  @BeforeEach
  void connect() throws Exception {
    jukebox.awaitListed(WAIT, "cd", "cdwav");
    client = JukeboxClient.builder(jukebox.directory()).audioSink(sink).build();
    client.player().addListener(new PlayerListener() {
      @Override
      public void error(String message) {
        errors.add(message);
      }

      @Override
      public void songEnded(Song song, SongEnd how, Duration position) {
        ended.add(song.title() + " " + how);
      }
    });
    client.start();
    JukeboxExtension.await(WAIT, "8 named tracks in the catalog (has " + client.catalog() + ")",
        () -> client.catalog().size() == 8 && client.catalog().stream().allMatch(s -> !s.title().startsWith("Track ")));
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private short[] imagePcm(int track) throws IOException {
    Path cue = SampleDisc.write(jukebox.scratch("image"));
    try (InputStream in = DiscImage.open(cue).openTrack(track)) {
      byte[] le = in.readAllBytes();
      short[] s = new short[le.length / 2];
      ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
      return s;
    }
  }

  @Test
  void cdTrackIsListedWithItsNamesAndReachesTheSinkSampleForSampleAsAuAndAsWav() throws Exception {
    List<Song> frames = client.search("frame by frame");
    assertEquals(2, frames.size(), frames.toString());
    assertEquals(List.of("audio/basic", "audio/wav"), frames.stream().map(Song::contentType).sorted().toList());
    Song au = frames.stream().filter(s -> s.contentType().equals("audio/basic")).findFirst().orElseThrow();
    Song wav = frames.stream().filter(s -> s.contentType().equals("audio/wav")).findFirst().orElseThrow();
    assertEquals(SampleDisc.ARTIST, au.artist());
    assertEquals(SampleDisc.ALBUM, au.album());
    assertEquals(3, au.track());
    assertEquals(SoundSmithInfo.KIND_CD, jukebox.soundSmith("cd").kind());

    short[] expected = imagePcm(3);
    client.playlist().add(au);
    client.player().play(0);
    JukeboxExtension.await(WAIT, "the .au track to end; ended " + ended + ", errors " + errors, () -> ended.size() == 1);
    assertEquals(List.of("Frame by Frame COMPLETED"), ended);
    assertEquals(new PcmFormat(44_100, 2), sink.format);
    assertArrayEquals(expected, sink.take());

    client.playlist().clear();
    client.playlist().add(wav);
    client.player().play(0);
    JukeboxExtension.await(WAIT, "the WAV track to end; ended " + ended + ", errors " + errors, () -> ended.size() == 2);
    assertArrayEquals(expected, sink.take());
    assertEquals(List.of(), errors);
  }

  /** Keeps every sample written; never paces, so tracks play as fast as they arrive. */
  private static final class KeepingSink implements AudioSink {
    private short[] samples = new short[1 << 20];
    private int count;
    volatile PcmFormat format;

    @Override
    public void open(PcmFormat f) {
      format = f;
    }

    @Override
    public synchronized void write(short[] s, int offset, int length) {
      if (count + length > samples.length) {
        samples = java.util.Arrays.copyOf(samples, Math.max(samples.length * 2, count + length));
      }
      System.arraycopy(s, offset, samples, count, length);
      count += length;
    }

    synchronized short[] take() {
      short[] s = java.util.Arrays.copyOf(samples, count);
      count = 0;
      return s;
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void flush() {}

    @Override
    public void drain() {}

    @Override
    public void close() {}
  }
}
