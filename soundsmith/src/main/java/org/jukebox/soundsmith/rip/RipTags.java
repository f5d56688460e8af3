package org.jukebox.soundsmith.rip;

import com.mpatric.mp3agic.ID3v24Tag;
import com.mpatric.mp3agic.ID3v2;
import com.mpatric.mp3agic.ID3v2Frame;
import com.mpatric.mp3agic.ID3v2FrameSet;
import com.mpatric.mp3agic.ID3v2TagFactory;
import com.mpatric.mp3agic.NotSupportedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ID3v2.4 tag of a ripped track, made and read with mp3agic: title, artist, album, track
 * "n/N", year, genre, album artist on compilations, and the disc's identity in user text frames
 * ({@value #MUSICBRAINZ_DISC_ID} as MusicBrainz Picard writes it, and {@value #CDDB_DISC_ID}),
 * by which a ripped file is recognised again after a crash.
 */
final class RipTags {
  /** TXXX description of the MusicBrainz disc id. */
  static final String MUSICBRAINZ_DISC_ID = "MusicBrainz Disc Id";
  /** TXXX description of the freedb/CDDB disc id. */
  static final String CDDB_DISC_ID = "CDDB DiscID";
  private static final int MAX_TAG = 1 << 20;

  private RipTags() {}

  /** Which disc and track a ripped file came from. */
  record Identity(String musicBrainzId, int track) {}

  /** mp3agic's tag with the one thing it keeps protected: adding a frame without replacing others of its id. */
  private static final class Tag extends ID3v24Tag {
    Tag() {
      setPadding(false);
    }

    void userText(String description, String value) {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      data.write(3); // UTF-8
      data.writeBytes(description.getBytes(StandardCharsets.UTF_8));
      data.write(0);
      data.writeBytes(value.getBytes(StandardCharsets.UTF_8));
      addFrame(createFrame("TXXX", data.toByteArray()), false);
    }
  }

  static byte[] tagBytes(TrackNames n, String musicBrainzId) {
    Tag tag = new Tag();
    tag.setTitle(n.title());
    if (!n.artist().isEmpty()) {
      tag.setArtist(n.artist());
    }
    if (!n.discArtist().isEmpty() && !n.discArtist().equals(n.artist())) {
      tag.setAlbumArtist(n.discArtist());
    }
    tag.setAlbum(n.album());
    tag.setTrack(n.track() + "/" + n.trackCount());
    if (n.year() > 0) {
      tag.setRecordingTime(Integer.toString(n.year()));
    }
    if (!n.genre().isEmpty()) {
      tag.setGenreDescription(n.genre());
    }
    tag.userText(MUSICBRAINZ_DISC_ID, musicBrainzId);
    tag.userText(CDDB_DISC_ID, n.freedbId());
    try {
      return tag.toBytes();
    } catch (NotSupportedException e) {
      throw new IllegalStateException("mp3agic cannot write this tag: " + e.getMessage(), e);
    }
  }

  /** The TXXX frames of an ID3v2 tag, description to value (the first of each description). */
  static Map<String, String> userTexts(ID3v2 tag) {
    Map<String, String> texts = new LinkedHashMap<>();
    ID3v2FrameSet set = tag.getFrameSets().get("TXXX");
    if (set == null) {
      return texts;
    }
    for (ID3v2Frame f : set.getFrames()) {
      byte[] d = f.getData();
      if (d.length < 2) {
        continue;
      }
      boolean wide = d[0] == 1 || d[0] == 2;
      Charset cs = switch (d[0]) {
        case 1 -> StandardCharsets.UTF_16;
        case 2 -> StandardCharsets.UTF_16BE;
        case 3 -> StandardCharsets.UTF_8;
        default -> StandardCharsets.ISO_8859_1;
      };
      int end = -1;
      for (int i = 1; i + (wide ? 1 : 0) < d.length; i += wide ? 2 : 1) {
        if (d[i] == 0 && (!wide || d[i + 1] == 0)) {
          end = i;
          break;
        }
      }
      if (end < 0) {
        continue;
      }
      String description = new String(d, 1, end - 1, cs);
      int valueStart = end + (wide ? 2 : 1);
      String value = new String(d, valueStart, d.length - valueStart, cs).replace("\0", "");
      texts.putIfAbsent(description, value);
    }
    return texts;
  }

  /**
   * The disc and track an MP3 file was ripped from, read from its tag; empty if it has no such
   * tag or cannot be read.
   */
  static Optional<Identity> identity(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] header = in.readNBytes(10);
      if (header.length < 10 || header[0] != 'I' || header[1] != 'D' || header[2] != '3') {
        return Optional.empty();
      }
      int size = (header[6] & 0x7f) << 21 | (header[7] & 0x7f) << 14 | (header[8] & 0x7f) << 7 | (header[9] & 0x7f);
      if (size > MAX_TAG) {
        return Optional.empty();
      }
      byte[] body = in.readNBytes(size);
      byte[] whole = new byte[10 + body.length];
      System.arraycopy(header, 0, whole, 0, 10);
      System.arraycopy(body, 0, whole, 10, body.length);
      ID3v2 tag = ID3v2TagFactory.createTag(whole);
      String id = userTexts(tag).get(MUSICBRAINZ_DISC_ID);
      String track = tag.getTrack();
      if (id == null || track == null) {
        return Optional.empty();
      }
      int slash = track.indexOf('/');
      return Optional.of(new Identity(id, Integer.parseInt((slash < 0 ? track : track.substring(0, slash)).trim())));
    } catch (IOException | RuntimeException | com.mpatric.mp3agic.NoSuchTagException
        | com.mpatric.mp3agic.UnsupportedTagException | com.mpatric.mp3agic.InvalidDataException e) {
      // mp3agic throws unchecked and checked exceptions on odd files: then it is not ours
      return Optional.empty();
    }
  }
}
