package org.jukebox.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.security.RemoteExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uncompressed CD audio (.au and WAV, as a CD SoundSmith serves it) played over real RMI and HTTP. */
class PcmPlaybackTest {
  private static final int FRAMES = 44_100 * 2; // 2 s
  private RemoteExporter exporter;
  private StreamServer http;
  private FakeSoundSmith cd;
  private final Map<SongId, ServedSong> served = new ConcurrentHashMap<>();
  private final RecordingSink sink = new RecordingSink();
  private final RecordingListener events = new RecordingListener();
  private Player player;

  @BeforeEach
  void boot() throws Exception {
    exporter = RemoteExporter.anyPort();
    http = new StreamServer();
    cd = new FakeSoundSmith("cd", "CD", http).export(exporter);
    player = Player.builder(id -> Optional.ofNullable(served.get(id)))
        .playlist(Playlist.create(new Random(7))).audioSink(sink).build();
    player.addListener(events);
  }

  @AfterEach
  void shutDown() {
    player.close();
    exporter.close();
    http.close();
  }

  /** Interleaved stereo samples of seeded noise. */
  private static short[] samples(long seed) {
    short[] s = new short[FRAMES * 2];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) r.nextInt();
    }
    return s;
  }

  private static byte[] au(short[] samples) {
    ByteBuffer b = ByteBuffer.allocate(24 + samples.length * 2).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0x2e736e64).putInt(24).putInt(samples.length * 2).putInt(3).putInt(44_100).putInt(2);
    b.asShortBuffer().put(samples);
    return b.array();
  }

  private static byte[] wav(short[] samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157);
    b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 2).putInt(44_100).putInt(176_400)
        .putShort((short) 4).putShort((short) 16);
    b.putInt(0x61746164).putInt(samples.length * 2);
    b.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(samples);
    return b.array();
  }

  private Song serve(String id, String type, byte[] bytes) {
    Song s = new Song(new SongId("cd:" + id), "Track " + id, "", "Unknown disc", 1, 0, 0, "",
        Duration.ofMillis(FRAMES * 1000L / 44_100), 1411, 44_100, false, bytes.length, type);
    cd.put(s, bytes);
    served.put(s.id(), cd.served(s));
    return s;
  }

  private void awaitEvent(String event) {
    try {
      Await.until(event, () -> events.saw(event));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; events: " + events.events + "; errors: " + events.errors, e);
    }
  }

  @Test
  void auTrackReachesTheSinkSampleForSample() {
    short[] pcm = samples(1);
    Song s = serve("1", "audio/basic", au(pcm));
    player.playlist().add(s);
    player.play();
    awaitEvent("ended Track 1 COMPLETED");
    assertEquals(new PcmFormat(44_100, 2), sink.format());
    assertArrayEquals(pcm, sink.samples(0, sink.sampleCount()));
    assertTrue(events.errors.isEmpty(), events.errors.toString());
  }

  @Test
  void wavTrackReachesTheSinkSampleForSample() {
    short[] pcm = samples(2);
    Song s = serve("2", "audio/wav", wav(pcm));
    player.playlist().add(s);
    player.play();
    awaitEvent("ended Track 2 COMPLETED");
    assertArrayEquals(pcm, sink.samples(0, sink.sampleCount()));
  }

  @Test
  void seekAsksForTheFrameAlignedOffsetAndPlaysFromThatFrame() throws Exception {
    short[] pcm = samples(3);
    Song s = serve("3", "audio/basic", au(pcm));
    player.playlist().add(s);
    sink.holdAtWrite(2);
    player.play();
    sink.awaitHeld();
    player.seek(Duration.ofMillis(1500));
    sink.release();
    awaitEvent("ended Track 3 COMPLETED");

    List<StreamServer.Request> requests = http.requestsFor(s.id().value());
    assertEquals(2, requests.size(), requests.toString());
    assertEquals(206, requests.get(1).status());
    long frame = 66_150; // 1.5 s at 44.1 kHz
    assertEquals("bytes=" + (24 + frame * 4) + "-", requests.get(1).range());
    int flushedAt = sink.flushMarks().get(0);
    assertArrayEquals(Arrays.copyOfRange(pcm, (int) frame * 2, pcm.length), sink.samples(flushedAt, sink.sampleCount()));
    assertTrue(events.positions.contains(Duration.ofMillis(1500)), events.positions.toString());
  }

  @Test
  void streamThatIsNotPcmFailsWithTheReason() {
    Song s = serve("4", "audio/basic", "this is not audio at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    player.playlist().add(s);
    player.play();
    awaitEvent("ended Track 4 FAILED");
    Await.until("an error", () -> !events.errors.isEmpty());
    assertEquals("Cannot play \"Track 4\": it cannot be decoded (neither .au nor WAV: the stream starts with 74686973)."
        + " Stopping: no song in the playlist could be played.", events.errors.get(0));
  }
}
