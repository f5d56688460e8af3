package org.jukebox.bench;

import com.mpatric.mp3agic.ID3v23Tag;
import com.mpatric.mp3agic.NotSupportedException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.jukebox.api.CoverArt;
import org.jukebox.soundsmith.SampleLibrary;
import org.jukebox.soundsmith.SampleLibrary.Tags;

/**
 * A large MP3 library made cheaply for the indexing benchmark: a handful of short clips are
 * encoded once (jump3r, through {@link SampleLibrary#encodeMelody}, CBR and VBR), then every file
 * is one of them behind its own tag — two in three ID3v2.4 written by {@link SampleLibrary#writeTagged},
 * one in three ID3v2.3 built here with mp3agic — with varied artists, albums, titles, track and disc
 * numbers, years and genres, text in Latin accents, CJK, Hangul and symbols, and a small cover on
 * one album in ten. Files sit in {@code NNNN Artist/NN Album (Year)/NN Title.mp3}; folder and file
 * names are ASCII (the JVM's file-name encoding may not be UTF-8), tags are not.
 *
 * <p>Deterministic: file {@code i} always gets the same path and tags, so an interrupted
 * generation is completed, not redone; a marker file records a finished library.
 */
final class BenchLibrary {
  static final int SONGS_PER_ALBUM = 12;
  static final int ALBUMS_PER_ARTIST = 4;
  private static final String MARKER = ".jukebox-bench-library";
  private static final int CLIPS = 8;

  private static final String[] FIRST = {"Ana", "Björn", "Chloé", "Dmitri", "Émile", "Fatima", "Giulia", "Hiro",
      "Ingrid", "José", "Kenji", "Léa", "Mateo", "Noor", "Øyvind", "Priya", "Quentin", "Rosa", "Søren", "Tomás",
      "Uma", "Văn", "Wei", "Xóchitl", "Yuki", "Zoë"};
  private static final String[] LAST = {"Abara", "Berg", "Castillo", "Dubois", "Eriksen", "Fujita", "Gómez",
      "Haddad", "Ivanova", "Jäger", "Kowalski", "Lindqvist", "Müller", "Nakamura", "O'Brien", "Pérez", "Quiroga",
      "Rossi", "Šimek", "Tanaka", "Ueda", "Vasquez", "Wójcik", "Yılmaz", "Zhang"};
  private static final String[] BANDS = {"The Square Waves", "夜の電車", "Hoshino Collective", "Los Relámpagos",
      "검은 고양이", "Nordlys", "The Velvet Static", "Café Ünter", "Moonlight ★ Radio", "Северный Ветер"};
  private static final String[] ADJECTIVES = {"Blue", "Quiet", "Electric", "Golden", "Broken", "Última", "Slow",
      "Midnight", "Frozen", "Wild", "Hidden", "Café", "青い", "Silver", "Lonely", "Burning"};
  private static final String[] NOUNS = {"Hours", "Rain", "Harbour", "Trains", "Mañana", "Static", "Rivers",
      "Lights", "夜明け", "Gardens", "Weather", "Dreams", "Streets", "Señales", "Echoes", "Skies"};
  private static final String[] GENRES = {"Rock", "Jazz", "Electronic", "Ambient", "Latin", "Folk", "Classical",
      "Hip-Hop", "Pop", "Blues", "Reggae", "Metal", "Soul", "Country", "Techno", "Trance"};

  private BenchLibrary() {}

  /** One file of the library: where it goes and what its tag says. */
  record Entry(String relativePath, Tags tags, int clip, boolean id3v23) {}

  /** File {@code i} of any library made by this class. */
  static Entry entry(int i) {
    int album = i / SONGS_PER_ALBUM;
    int track = i % SONGS_PER_ALBUM + 1;
    int artist = album / ALBUMS_PER_ARTIST;
    String artistName = artist % 7 == 3 ? BANDS[artist % BANDS.length] + " " + roman(artist / BANDS.length + 1)
        : FIRST[artist % FIRST.length] + " " + LAST[(artist / FIRST.length) % LAST.length]
            + (artist >= FIRST.length * LAST.length ? " " + (artist / (FIRST.length * LAST.length) + 1) : "");
    String albumTitle = ADJECTIVES[(album * 7) % ADJECTIVES.length] + " " + NOUNS[(album * 3 + artist) % NOUNS.length];
    int year = 1960 + (album * 13) % 66;
    int disc = track <= 8 ? 1 : 2;
    String title = ADJECTIVES[(i * 5 + 3) % ADJECTIVES.length] + " " + NOUNS[(i * 11 + 1) % NOUNS.length]
        + (i % 9 == 0 ? " (Live)" : "") + " " + (i % 1000);
    String genre = GENRES[(artist * 5 + album) % GENRES.length];
    Tags tags = Tags.titled(title).withArtist(artistName).withAlbum(albumTitle).withTrack(track, SONGS_PER_ALBUM)
        .withDisc(disc).withYear(year).withGenre(genre);
    if (album % 10 == 0) {
      tags = tags.withCover(cover());
    }
    String path = String.format(Locale.ROOT, "%04d %s/%02d %s (%d)/%02d %s.mp3", artist, ascii(artistName),
        album % ALBUMS_PER_ARTIST + 1, ascii(albumTitle), year, track, ascii(title));
    return new Entry(path, tags, i % CLIPS, i % 3 == 2);
  }

  /**
   * Makes sure {@code folder} holds the {@code files}-file library, writing what is missing.
   *
   * @return whether anything had to be written
   * @throws IOException if a file cannot be written
   */
  static boolean ensure(Path folder, int files, int threads) throws IOException {
    Path marker = folder.resolve(MARKER);
    if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(Integer.toString(files))) {
      return false;
    }
    Files.createDirectories(folder);
    byte[][] clips = new byte[CLIPS][];
    for (int c = 0; c < CLIPS; c++) {
      clips[c] = SampleLibrary.encodeMelody(1000 + c, 0.4 + 0.1 * c, c % 4 == 3);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), DirectoryBench.daemon("bench-library-"));
    try {
      List<Future<?>> parts = new ArrayList<>();
      int slice = Math.max(1, (files + threads - 1) / threads);
      for (int from = 0; from < files; from += slice) {
        int lo = from;
        int hi = Math.min(files, from + slice);
        parts.add(pool.submit(() -> {
          for (int i = lo; i < hi; i++) {
            Entry e = entry(i);
            Path file = folder.resolve(e.relativePath());
            if (Files.isRegularFile(file)) {
              continue;
            }
            try {
              if (e.id3v23()) {
                writeV23(file, clips[e.clip()], e.tags());
              } else {
                SampleLibrary.writeTagged(file, clips[e.clip()], e.tags());
              }
            } catch (IOException x) {
              throw new UncheckedIOException(x);
            }
          }
          return null;
        }));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      throw cause instanceof IOException io ? io : new IOException("writing the library failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the library", e);
    } finally {
      pool.shutdownNow();
    }
    Files.writeString(marker, Integer.toString(files), StandardCharsets.UTF_8);
    return true;
  }

  /** An ID3v2.3 tag by mp3agic in front of the audio; written to a sibling and moved into place. */
  private static void writeV23(Path file, byte[] audio, Tags t) throws IOException {
    ID3v23Tag tag = new ID3v23Tag();
    tag.setPadding(false);
    tag.setTitle(t.title());
    tag.setArtist(t.artist());
    tag.setAlbum(t.album());
    tag.setTrack(t.track() + "/" + t.trackCount());
    tag.setPartOfSet(Integer.toString(t.disc()));
    tag.setYear(Integer.toString(t.year()));
    tag.setGenreDescription(t.genre());
    if (t.cover() != null) {
      tag.setAlbumImage(t.cover().data(), t.cover().mimeType());
    }
    byte[] head;
    try {
      head = tag.toBytes();
    } catch (NotSupportedException e) {
      throw new IOException("mp3agic cannot write this tag: " + e.getMessage(), e);
    }
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), ".bench-", ".part");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        out.write(head);
        out.write(audio);
      }
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static volatile CoverArt cover;

  /** A 64×64 JPEG, made once. */
  private static CoverArt cover() {
    CoverArt c = cover;
    if (c == null) {
      BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      try {
        g.setColor(new Color(0x2F, 0xA3, 0x6B));
        g.fillRect(0, 0, 64, 64);
        g.setColor(new Color(0xF2, 0xE2, 0x4B));
        g.fillOval(12, 12, 40, 40);
      } finally {
        g.dispose();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        ImageIO.write(image, "jpg", out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      c = new CoverArt("image/jpeg", out.toByteArray());
      cover = c;
    }
    return c;
  }

  private static String ascii(String text) {
    String plain = Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-'
          || c == '(' || c == ')') {
        b.append(c);
      }
    }
    String s = b.toString().trim().replaceAll(" +", " ");
    return s.isEmpty() ? "x" : s;
  }

  private static String roman(int n) {
    String[] r = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
    return n < r.length ? r[n] : Integer.toString(n);
  }
}
