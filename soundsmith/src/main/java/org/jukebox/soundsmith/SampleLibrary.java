package org.jukebox.soundsmith;

import com.mpatric.mp3agic.ID3v24Tag;
import com.mpatric.mp3agic.NotSupportedException;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.jukebox.api.CoverArt;
import org.jukebox.soundsmith.internal.mp3.Mp3Encoder;
import org.jukebox.soundsmith.internal.mp3.Synth;
import org.jukebox.soundsmith.internal.mp3.Synth.Envelope;
import org.jukebox.soundsmith.internal.mp3.Synth.Style;
import org.jukebox.soundsmith.internal.mp3.Synth.Waveform;

/**
 * Writes Jukebox's sample library: three albums of original music that this class composes and
 * synthesizes itself, encodes with jump3r and tags with mp3agic (ID3v2.4 with a generated cover
 * per album). One artist name has accents and one album is titled in Japanese, so the whole path
 * from tags to screen gets exercised. Also the building blocks tests and benchmarks use to make
 * many MP3 files cheaply: encode once, then write the same audio behind different tags.
 *
 * <p>Thread-safe: all methods are static and write each file atomically (a temporary sibling
 * moved into place), so a reader or folder watcher never sees half a file.
 */
public final class SampleLibrary {
  /** Sample rate of everything this class encodes. */
  public static final int SAMPLE_RATE = 44_100;
  /** Bit rate of everything this class encodes, CBR. */
  public static final int BITRATE_KBPS = 128;

  private static final double SONG_SECONDS = 16;

  private SampleLibrary() {}

  /**
   * The tags written in front of the audio. Text is null or "" when absent; numbers are 0 when
   * absent. Build one with {@link #titled(String)} and the {@code with…} methods.
   *
   * @param track track number, written as "track/trackCount" when both are positive
   * @param cover the picture, or null
   */
  public record Tags(String title, String artist, String album, int track, int trackCount, int disc, int year,
      String genre, CoverArt cover) {
    /** Tags with only a title. */
    public static Tags titled(String title) {
      return new Tags(title, null, null, 0, 0, 0, 0, null, null);
    }

    public Tags withArtist(String value) {
      return new Tags(title, value, album, track, trackCount, disc, year, genre, cover);
    }

    public Tags withAlbum(String value) {
      return new Tags(title, artist, value, track, trackCount, disc, year, genre, cover);
    }

    public Tags withTrack(int number, int count) {
      return new Tags(title, artist, album, number, count, disc, year, genre, cover);
    }

    public Tags withDisc(int value) {
      return new Tags(title, artist, album, track, trackCount, value, year, genre, cover);
    }

    public Tags withYear(int value) {
      return new Tags(title, artist, album, track, trackCount, disc, value, genre, cover);
    }

    public Tags withGenre(String value) {
      return new Tags(title, artist, album, track, trackCount, disc, year, value, cover);
    }

    public Tags withCover(CoverArt value) {
      return new Tags(title, artist, album, track, trackCount, disc, year, genre, value);
    }
  }

  private record Album(String artist, String title, int year, String genre, long seed, String[] songs,
      Color from, Color to) {}

  private static final List<Album> ALBUMS = List.of(
      new Album("Ana Lucía Peñalver", "Mañanas de Café", 2021, "Latin", 11,
          new String[] {"Despertar", "Calle del Sol", "Pequeña Canción", "Último Tranvía"},
          new Color(0xE0, 0x8E, 0x3C), new Color(0x6B, 0x2E, 0x1A)),
      new Album("Hoshino Collective", "夜の電車 (Night Train)", 2019, "Ambient", 23,
          new String[] {"青い街灯", "Platform 7", "雨上がり"},
          new Color(0x1D, 0x2B, 0x5C), new Color(0x7A, 0x4F, 0xA8)),
      new Album("The Square Waves", "Chiptune Weather", 2023, "Electronic", 37,
          new String[] {"Low Pressure", "Cumulus", "Heat Index", "Clear Night ★"},
          new Color(0x2F, 0xA3, 0x6B), new Color(0xF2, 0xE2, 0x4B)));

  /**
   * Writes the sample library into {@code folder} (created if needed) as
   * {@code Artist/Album/NN Title.mp3}. A song whose file already exists is not made again, so a
   * second call on a complete library only looks at eleven files.
   *
   * @return every song file of the library, in album and track order
   * @throws IOException if a file cannot be written
   */
  public static List<Path> write(Path folder) throws IOException {
    Objects.requireNonNull(folder, "folder");
    List<Path> files = new ArrayList<>();
    List<Runnable> work = new ArrayList<>();
    for (Album album : ALBUMS) {
      Path dir = folder.resolve(safeName(album.artist)).resolve(safeName(album.title));
      CoverArt[] cover = new CoverArt[1];
      for (int i = 0; i < album.songs.length; i++) {
        int track = i + 1;
        String title = album.songs[i];
        Path file = dir.resolve(String.format("%02d %s.mp3", track, safeName(title)));
        files.add(file);
        if (Files.isRegularFile(file)) {
          continue;
        }
        work.add(() -> {
          CoverArt art;
          synchronized (cover) {
            if (cover[0] == null) {
              cover[0] = cover(album);
            }
            art = cover[0];
          }
          Style style = style(album, track);
          byte[] audio = Mp3Encoder.encode(Synth.song(style, SONG_SECONDS, SAMPLE_RATE), SAMPLE_RATE, 1, BITRATE_KBPS,
              false);
          Tags tags = Tags.titled(title).withArtist(album.artist).withAlbum(album.title)
              .withTrack(track, album.songs.length).withDisc(1).withYear(album.year).withGenre(album.genre)
              .withCover(art);
          try {
            writeTagged(file, audio, tags);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    runAll(work);
    return List.copyOf(files);
  }

  /**
   * Encodes {@code seconds} of a sine tone as an untagged MP3 stream: MPEG-1 Layer III, 44.1 kHz
   * mono, {@value #BITRATE_KBPS} kbps CBR, with an Info header carrying the frame count.
   *
   * @throws IllegalArgumentException if the frequency is not positive or seconds not in (0, 3600]
   */
  public static byte[] encodeTone(double frequencyHz, double seconds) {
    if (!(frequencyHz > 0)) {
      throw new IllegalArgumentException("frequencyHz <= 0: " + frequencyHz);
    }
    return Mp3Encoder.encode(Synth.tone(frequencyHz, seconds, SAMPLE_RATE), SAMPLE_RATE, 1, BITRATE_KBPS, false);
  }

  /**
   * Encodes signed 16-bit PCM at {@value #SAMPLE_RATE} Hz as an untagged MP3 stream, CBR at
   * {@code bitrateKbps}, with an Info header: for callers that synthesize their own signal (the
   * benchmarks' stereo streams).
   *
   * @param pcm samples, interleaved left/right when {@code channels == 2}
   * @throws IllegalArgumentException if channels is not 1 or 2, or the bit rate is not positive
   */
  public static byte[] encodePcm(short[] pcm, int channels, int bitrateKbps) {
    Objects.requireNonNull(pcm, "pcm");
    return Mp3Encoder.encode(pcm, SAMPLE_RATE, channels, bitrateKbps, false);
  }

  /**
   * Encodes {@code seconds} of a generated melody (a different one per seed) like
   * {@link #encodeTone}; with {@code vbr} the stream has variable bit rate and a Xing header.
   *
   * @throws IllegalArgumentException if seconds is not in (0, 3600]
   */
  public static byte[] encodeMelody(long seed, double seconds, boolean vbr) {
    SplittableRandom r = new SplittableRandom(seed);
    Waveform[] waves = Waveform.values();
    Style style = new Style(seed, 80 + r.nextInt(70), 50 + r.nextInt(14), r.nextBoolean(),
        waves[r.nextInt(waves.length)], r.nextBoolean() ? Envelope.LEAD : Envelope.PLUCK, Waveform.SINE, r.nextBoolean());
    return Mp3Encoder.encode(Synth.song(style, seconds, SAMPLE_RATE), SAMPLE_RATE, 1, BITRATE_KBPS, vbr);
  }

  /**
   * Writes {@code mpegAudio} to {@code file} behind an ID3v2.4 tag that mp3agic builds from
   * {@code tags} (TIT2, TPE1, TALB, TRCK, TPOS, TDRC, TCON, APIC), atomically, creating parent
   * folders. Cheap: no audio is decoded or re-encoded, so it suits making thousands of files.
   *
   * @throws IOException if the file cannot be written
   */
  public static void writeTagged(Path file, byte[] mpegAudio, Tags tags) throws IOException {
    Objects.requireNonNull(mpegAudio, "mpegAudio");
    Objects.requireNonNull(tags, "tags");
    writeAtomically(file, tagBytes(tags), mpegAudio);
  }

  /**
   * Writes {@code seconds} of a tone to {@code file} with {@code tags}: {@link #encodeTone} then
   * {@link #writeTagged}.
   *
   * @return {@code file}
   * @throws IOException if the file cannot be written
   */
  public static Path writeTone(Path file, double frequencyHz, double seconds, Tags tags) throws IOException {
    writeTagged(file, encodeTone(frequencyHz, seconds), tags);
    return file;
  }

  /** An ID3v2.4 tag made by mp3agic. */
  static byte[] tagBytes(Tags tags) {
    ID3v24Tag tag = new ID3v24Tag();
    tag.setPadding(false);
    if (notEmpty(tags.title())) {
      tag.setTitle(tags.title());
    }
    if (notEmpty(tags.artist())) {
      tag.setArtist(tags.artist());
    }
    if (notEmpty(tags.album())) {
      tag.setAlbum(tags.album());
    }
    if (tags.track() > 0) {
      tag.setTrack(tags.trackCount() > 0 ? tags.track() + "/" + tags.trackCount() : Integer.toString(tags.track()));
    }
    if (tags.disc() > 0) {
      tag.setPartOfSet(Integer.toString(tags.disc()));
    }
    if (tags.year() > 0) {
      tag.setRecordingTime(Integer.toString(tags.year()));
    }
    if (notEmpty(tags.genre())) {
      tag.setGenreDescription(tags.genre());
    }
    if (tags.cover() != null) {
      tag.setAlbumImage(tags.cover().data(), tags.cover().mimeType());
    }
    try {
      return tag.toBytes();
    } catch (NotSupportedException e) {
      throw new IllegalStateException("mp3agic cannot write this tag: " + e.getMessage(), e);
    }
  }

  /** Writes the parts to a temporary sibling and moves it over {@code file}. */
  static void writeAtomically(Path file, byte[]... parts) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, ".sample-", ".part");
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
        for (byte[] part : parts) {
          out.write(part);
        }
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Style style(Album album, int track) {
    SplittableRandom r = new SplittableRandom(album.seed * 1000 + track);
    Waveform[] leads = {Waveform.SQUARE, Waveform.TRIANGLE, Waveform.SAW, Waveform.SINE};
    return switch (album.genre) {
      case "Latin" -> new Style(r.nextLong(), 96 + r.nextInt(30), 55 + r.nextInt(7), track % 2 == 0,
          Waveform.TRIANGLE, Envelope.PLUCK, Waveform.SINE, true);
      case "Ambient" -> new Style(r.nextLong(), 64 + r.nextInt(16), 50 + r.nextInt(7), true, Waveform.SINE,
          Envelope.PAD, Waveform.TRIANGLE, false);
      default -> new Style(r.nextLong(), 120 + r.nextInt(30), 57 + r.nextInt(7), track % 2 == 1,
          leads[track % leads.length], Envelope.LEAD, Waveform.SQUARE, true);
    };
  }

  /** A 256×256 JPEG: a gradient with a few circles and stripes, seeded per album. */
  private static CoverArt cover(Album album) {
    int size = 256;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, album.from, size, size, album.to));
      g.fillRect(0, 0, size, size);
      SplittableRandom r = new SplittableRandom(album.seed);
      for (int i = 0; i < 7; i++) {
        int d = 20 + r.nextInt(120);
        g.setColor(new Color(255, 255, 255, 40 + r.nextInt(80)));
        g.fillOval(r.nextInt(size) - d / 2, r.nextInt(size) - d / 2, d, d);
      }
      g.setColor(new Color(0, 0, 0, 70));
      for (int y = 180; y < 240; y += 12) {
        g.fillRect(16, y, size - 32, 5);
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "jpg", out)) {
        throw new IllegalStateException("no JPEG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CoverArt("image/jpeg", out.toByteArray());
  }

  private static void runAll(List<Runnable> work) throws IOException {
    if (work.isEmpty()) {
      return;
    }
    int threads = Math.max(1, Math.min(work.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sample-library");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable w : work) {
        futures.add(pool.submit(w));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the sample library", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IOException("could not write the sample library: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Keeps a tag value usable as a file name on every common file system. */
  private static String safeName(String s) {
    return s.replaceAll("[\\\\/:*?\"<>|]", "_");
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
