package org.jukebox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jukebox.api.Song;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.soundsmith.MediaSource;
import org.jukebox.soundsmith.SoundSmithConfig;
import org.jukebox.soundsmith.SoundSmithServer;

/**
 * A SoundSmith serving one MP3 file, the smallest real subclass of {@link SoundSmithServer}:
 * the streaming benchmark measures the base class's tickets and HTTP, not indexing.
 * Thread-safe, as its base.
 */
final class FileSoundSmith extends SoundSmithServer {
  static final String KEY = "bench-song";

  private final Path file;
  private final Duration duration;
  private final int bitrateKbps;

  FileSoundSmith(SoundSmithConfig config, Path file, Duration duration, int bitrateKbps) {
    super(SoundSmithInfo.KIND_MP3, config);
    this.file = Objects.requireNonNull(file, "file");
    this.duration = Objects.requireNonNull(duration, "duration");
    this.bitrateKbps = bitrateKbps;
  }

  @Override
  protected void startIndexing() throws IOException {
    long size = Files.size(file);
    Song song = new Song(songId(KEY), "Bench Chord " + bitrateKbps + "k", "Jukebox Bench", "Benchmarks", 1, 1, 2025,
        "Electronic", duration, bitrateKbps, Mp3Making.SAMPLE_RATE, false, size, "audio/mpeg");
    put(song, MediaSource.ofFile(file, "audio/mpeg", size));
  }
}
