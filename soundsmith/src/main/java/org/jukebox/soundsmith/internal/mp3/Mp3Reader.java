package org.jukebox.soundsmith.internal.mp3;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.jukebox.api.CoverArt;

/**
 * Reads what the index needs from one MP3 file without decoding or walking its audio: the ID3v2
 * tag, the first MPEG frame with its Xing/Info or VBRI header, and the ID3v1 tag at the end.
 * Duration comes from the frame count of a Xing/VBRI header, or from size and bit rate for CBR.
 *
 * <p>Stateless and thread-safe. Every way a file can fail to be an MP3 ends in an
 * {@link Mp3FormatException} whose message says why; I/O failures are {@link IOException}s.
 */
public final class Mp3Reader {
  /** How far past the tag we look for the first frame (encoders pad; junk happens). */
  static final int SYNC_SEARCH = 64 * 1024;
  /** Tags up to this size are read in one go; bigger ones (large pictures) frame by frame. */
  private static final int TAG_IN_MEMORY = 1024 * 1024;

  private Mp3Reader() {}

  /**
   * Reads one file's metadata.
   *
   * @throws Mp3FormatException if the file is not a readable MP3 (the message says why)
   * @throws IOException if reading fails
   */
  public static Mp3Metadata read(Path file) throws Mp3FormatException, IOException {
    return parse(file, false).metadata;
  }

  /**
   * The picture stored in the file's ID3v2 tag: the front cover when there are several.
   *
   * @return empty when the file has no (usable) picture
   * @throws Mp3FormatException if the file is not a readable MP3
   * @throws IOException if reading fails
   */
  public static Optional<CoverArt> coverArt(Path file) throws Mp3FormatException, IOException {
    return Optional.ofNullable(parse(file, true).picture);
  }

  private record Parsed(Mp3Metadata metadata, CoverArt picture) {}

  private static Parsed parse(Path file, boolean wantPicture) throws Mp3FormatException, IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        throw new Mp3FormatException("empty file");
      }
      FileWindow w = new FileWindow(channel, size);
      Id3v2Parser.Result tag = null;
      long audioStart = 0;
      if (size >= 10) {
        byte[] h = w.read(0, 10);
        if (h[0] == 'I' && h[1] == 'D' && h[2] == '3') {
          int major = h[3] & 0xFF;
          int flags = h[5] & 0xFF;
          if (((h[6] | h[7] | h[8] | h[9]) & 0x80) != 0 || major == 0xFF) {
            throw new Mp3FormatException("corrupt ID3v2 header (size is not syncsafe)");
          }
          long tagSize = Id3v2Parser.syncsafe(h, 6) & 0xFFFFFFFFL;
          long total = 10 + tagSize + (major == 4 && (flags & 0x10) != 0 ? 10 : 0);
          if (total > size) {
            throw new Mp3FormatException(
                "truncated or corrupt: ID3v2 tag claims " + tagSize + " bytes but the file has only " + size);
          }
          if (major >= 2 && major <= 4 && !(major == 2 && (flags & 0x40) != 0)) {
            tag = Id3v2Parser.parse(major, flags, body(w, (int) tagSize, major, flags), wantPicture);
          }
          audioStart = total;
        }
      }
      Tail tail = tail(w, audioStart);
      long audioEnd = size - tail.trailingBytes;
      Frame first = firstFrame(w, audioStart, audioEnd, tag != null);
      Mp3Metadata metadata = metadata(file, tag, tail, first, audioEnd);
      return new Parsed(metadata, tag == null ? null : tag.picture);
    }
  }

  private static Id3v2Parser.Body body(FileWindow w, int tagSize, int major, int flags) throws IOException {
    if (major < 4 && (flags & 0x80) != 0) {
      // Tag-level unsynchronisation (2.2/2.3) shifts every frame: resync the whole body first.
      return Id3v2Parser.of(Id3v2Parser.resync(w.read(10, tagSize)));
    }
    if (tagSize <= TAG_IN_MEMORY) {
      return Id3v2Parser.of(w.read(10, tagSize));
    }
    return new Id3v2Parser.Body() {
      @Override
      public int length() {
        return tagSize;
      }

      @Override
      public byte[] read(int offset, int length) throws IOException {
        return w.read(10L + offset, length);
      }
    };
  }

  /** The ID3v1 tag (if any) and how many bytes of tags follow the audio. */
  private record Tail(byte[] id3v1, long trailingBytes) {}

  private static Tail tail(FileWindow w, long audioStart) throws IOException {
    long size = w.size();
    byte[] id3v1 = null;
    long trailing = 0;
    if (size - audioStart >= 128) {
      byte[] t = w.read(size - 128, 128);
      if (t[0] == 'T' && t[1] == 'A' && t[2] == 'G') {
        id3v1 = t;
        trailing = 128;
      }
    }
    if (size - audioStart - trailing >= 32) {
      byte[] ape = w.read(size - trailing - 32, 32);
      if (new String(ape, 0, 8, StandardCharsets.ISO_8859_1).equals("APETAGEX")) {
        long apeSize = (ape[12] & 0xFFL) | (ape[13] & 0xFFL) << 8 | (ape[14] & 0xFFL) << 16 | (ape[15] & 0xFFL) << 24;
        boolean header = (ape[23] & 0x80) != 0;
        long total = apeSize + (header ? 32 : 0);
        if (total <= size - audioStart - trailing) {
          trailing += total;
        }
      }
    }
    return new Tail(id3v1, trailing);
  }

  /** The first real frame and what its Xing/Info/VBRI header says, if it has one. */
  private record Frame(MpegHeader header, long offset, long frames, long bytes, boolean vbr) {}

  private static Frame firstFrame(FileWindow w, long audioStart, long audioEnd, boolean tagged)
      throws Mp3FormatException, IOException {
    if (audioStart >= audioEnd) {
      throw new Mp3FormatException(tagged ? "truncated: no audio after the ID3v2 tag" : "no audio");
    }
    // Almost every file has its first frame right after the tag: look at a few KiB first and
    // only read the whole search window when that fails.
    long limit = Math.min(audioEnd, audioStart + SYNC_SEARCH + 4);
    long near = Math.min(limit, audioStart + 4096 + 4);
    byte[] b = w.read(audioStart, (int) (near - audioStart));
    Frame frame = search(w, b, audioStart, audioEnd, near);
    if ((frame == null || frame.header == null) && near < limit) {
      b = w.read(audioStart, (int) (limit - audioStart));
      frame = search(w, b, audioStart, audioEnd, limit);
    }
    if (frame != null && frame.header != null) {
      return frame;
    }
    if (frame != null) {
      throw new Mp3FormatException("truncated: the first MPEG frame runs past the end of the file");
    }
    if (tagged) {
      throw new Mp3FormatException("no MPEG audio frame within " + SYNC_SEARCH / 1024 + " KiB after the ID3v2 tag");
    }
    String kind = sniff(b);
    throw new Mp3FormatException(kind != null ? "not an MP3: looks like " + kind
        : "not an MP3: no MPEG audio frame in the first " + SYNC_SEARCH / 1024 + " KiB");
  }

  /** The first frame whose successor confirms it; a header-less Frame if only a cut-off one was seen. */
  private static Frame search(FileWindow w, byte[] b, long audioStart, long audioEnd, long limit)
      throws Mp3FormatException, IOException {
    boolean partialFrame = false;
    for (int i = 0; i + 4 <= b.length; i++) {
      if (b[i] != (byte) 0xFF || (b[i + 1] & 0xE0) != 0xE0) {
        continue;
      }
      MpegHeader h = MpegHeader.parse(b, i);
      if (h == null) {
        continue;
      }
      long at = audioStart + i;
      long next = at + h.frameLength();
      if (next > audioEnd) {
        partialFrame = true;
        continue;
      }
      if (next + 4 <= audioEnd) {
        byte[] nb = next + 4 <= limit
            ? java.util.Arrays.copyOfRange(b, (int) (next - audioStart), (int) (next - audioStart) + 4)
            : w.read(next, 4);
        if (!h.sameStream(MpegHeader.parse(nb, 0))) {
          continue; // a false sync inside junk or a picture
        }
      }
      return withVbrHeader(w, h, at, audioEnd);
    }
    return partialFrame ? new Frame(null, 0, 0, 0, false) : null;
  }

  private static Frame withVbrHeader(FileWindow w, MpegHeader h, long at, long audioEnd)
      throws Mp3FormatException, IOException {
    int probe = (int) Math.min(Math.min(h.frameLength(), 64), audioEnd - at);
    byte[] f = w.read(at, probe);
    int x = h.xingOffset();
    long frames = 0;
    long bytes = 0;
    boolean vbr = false;
    boolean found = false;
    if (x + 8 <= f.length) {
      String magic = new String(f, x, 4, StandardCharsets.ISO_8859_1);
      if (magic.equals("Xing") || magic.equals("Info")) {
        found = true;
        vbr = magic.equals("Xing");
        int flags = Id3v2Parser.int32(f, x + 4);
        int p = x + 8;
        if ((flags & 1) != 0 && p + 4 <= f.length) {
          frames = Id3v2Parser.int32(f, p) & 0xFFFFFFFFL;
          p += 4;
        }
        if ((flags & 2) != 0 && p + 4 <= f.length) {
          bytes = Id3v2Parser.int32(f, p) & 0xFFFFFFFFL;
        }
      }
    }
    if (!found && 36 + 18 <= f.length && new String(f, 36, 4, StandardCharsets.ISO_8859_1).equals("VBRI")) {
      found = true;
      vbr = true;
      bytes = Id3v2Parser.int32(f, 36 + 10) & 0xFFFFFFFFL;
      frames = Id3v2Parser.int32(f, 36 + 14) & 0xFFFFFFFFL;
    }
    long actual = audioEnd - at;
    if (found && bytes > 0 && bytes - actual > Math.max(4096, bytes / 50)) {
      throw new Mp3FormatException(
          "truncated: the " + (vbr ? "VBR" : "Info") + " header declares " + bytes + " bytes of audio but the file holds "
              + actual);
    }
    return new Frame(h, at, frames, bytes, vbr);
  }

  private static Mp3Metadata metadata(Path file, Id3v2Parser.Result tag, Tail tail, Frame first, long audioEnd) {
    String title = "";
    String artist = "";
    String album = "";
    int track = 0;
    int disc = 0;
    int year = 0;
    String genre = "";
    boolean picture = false;
    if (tag != null) {
      title = tag.joined("TIT2");
      artist = tag.joined("TPE1");
      if (artist.isEmpty()) {
        artist = tag.joined("TPE2");
      }
      album = tag.first("TALB");
      track = Id3Text.leadingNumber(tag.first("TRCK"));
      disc = Id3Text.leadingNumber(tag.first("TPOS"));
      year = Id3Text.year(tag.first("TDRC"));
      if (year == 0) {
        year = Id3Text.year(tag.first("TYER"));
      }
      java.util.List<String> genres = tag.text.getOrDefault("TCON", java.util.List.of());
      java.util.List<String> names = new java.util.ArrayList<>();
      for (String g : genres) {
        String name = Id3Text.genre(g);
        if (!name.isEmpty() && !names.contains(name)) {
          names.add(name);
        }
      }
      genre = String.join(", ", names);
      picture = tag.hasPicture;
    }
    byte[] v1 = tail.id3v1;
    if (v1 != null) {
      // ID3v1 only fills what ID3v2 left empty: it is 30 Latin-1 characters at most.
      title = title.isEmpty() ? v1Text(v1, 3) : title;
      artist = artist.isEmpty() ? v1Text(v1, 33) : artist;
      album = album.isEmpty() ? v1Text(v1, 63) : album;
      if (year == 0) {
        year = Id3Text.year(new String(v1, 93, 4, StandardCharsets.ISO_8859_1));
      }
      if (track == 0 && v1[125] == 0 && v1[126] != 0) {
        track = v1[126] & 0xFF;
      }
      if (genre.isEmpty()) {
        genre = Id3Text.genreName(v1[127] & 0xFF);
      }
    }
    if (title.isBlank()) {
      title = baseName(file);
    }
    MpegHeader h = first.header;
    long durationMillis;
    int bitrate;
    if (first.frames > 0) {
      long samples = first.frames * h.samplesPerFrame();
      durationMillis = samples * 1000 / h.sampleRateHz();
      long bytes = first.bytes > 0 ? first.bytes : audioEnd - first.offset;
      bitrate = first.vbr && durationMillis > 0 ? (int) Math.round(bytes * 8.0 / durationMillis) : h.bitrateKbps();
    } else {
      bitrate = h.bitrateKbps();
      durationMillis = (audioEnd - first.offset) * 8 / bitrate;
    }
    return new Mp3Metadata(title, artist, album, track, disc, year, genre, durationMillis, bitrate,
        h.sampleRateHz(), picture);
  }

  private static String v1Text(byte[] t, int offset) {
    return Id3Text.clean(new String(t, offset, 30, StandardCharsets.ISO_8859_1));
  }

  /** The file name without its extension: the title of an untagged file. */
  static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return base.isBlank() ? name : base.strip();
  }

  private static String sniff(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "a PNG image";
    }
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
      return "a JPEG image";
    }
    String start = new String(b, 0, Math.min(b.length, 12), StandardCharsets.ISO_8859_1);
    if (start.startsWith("GIF8")) {
      return "a GIF image";
    }
    if (start.startsWith("%PDF")) {
      return "a PDF document";
    }
    if (start.startsWith("PK\3\4")) {
      return "a ZIP archive";
    }
    if (start.startsWith("RIFF")) {
      return "a RIFF (WAV/AVI) file";
    }
    if (start.startsWith("fLaC")) {
      return "a FLAC file";
    }
    if (start.startsWith("OggS")) {
      return "an Ogg file";
    }
    if (start.length() >= 8 && start.substring(4, 8).equals("ftyp")) {
      return "an MP4/M4A file";
    }
    return null;
  }
}
