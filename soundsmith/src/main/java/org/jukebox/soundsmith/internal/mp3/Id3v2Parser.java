package org.jukebox.soundsmith.internal.mp3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jukebox.api.CoverArt;

/**
 * Walks the frames of an ID3v2.2, 2.3 or 2.4 tag body and keeps the few we index. It reads
 * frame headers and the bodies of interesting frames only, so a tag holding a large picture
 * costs a handful of small reads. A malformed frame ends the walk: what was read so far is kept.
 */
final class Id3v2Parser {
  /** Text frames bigger than this are junk; we do not read them. */
  private static final int MAX_TEXT_FRAME = 256 * 1024;
  /** Pictures bigger than this are refused rather than loaded into memory. */
  static final int MAX_PICTURE = 32 * 1024 * 1024;

  private static final Map<String, String> V22_IDS = Map.of(
      "TT2", "TIT2", "TP1", "TPE1", "TP2", "TPE2", "TAL", "TALB", "TRK", "TRCK",
      "TPA", "TPOS", "TYE", "TYER", "TCO", "TCON");
  private static final java.util.Set<String> WANTED = java.util.Set.of(
      "TIT2", "TPE1", "TPE2", "TALB", "TRCK", "TPOS", "TYER", "TDRC", "TCON");

  /** The tag body, after the 10-byte header, possibly without reading it all into memory. */
  interface Body {
    int length();

    byte[] read(int offset, int length) throws IOException;
  }

  /** A body held in memory. */
  static Body of(byte[] bytes) {
    return new Body() {
      @Override
      public int length() {
        return bytes.length;
      }

      @Override
      public byte[] read(int offset, int length) {
        return java.util.Arrays.copyOfRange(bytes, offset, offset + length);
      }
    };
  }

  /** What the walk found. */
  static final class Result {
    final Map<String, List<String>> text = new HashMap<>();
    boolean hasPicture;
    CoverArt picture;
    int pictureType = -1;

    String first(String id) {
      List<String> v = text.get(id);
      return v == null || v.isEmpty() ? "" : v.get(0);
    }

    String joined(String id) {
      List<String> v = text.get(id);
      return v == null ? "" : String.join(" / ", v);
    }
  }

  private Id3v2Parser() {}

  /**
   * Parses the frames of a tag body.
   *
   * @param major 2, 3 or 4
   * @param tagFlags the header's flag byte
   * @param body the tag after its header; already resynchronised for 2.2/2.3 tag-level unsync
   * @param wantPicture whether to load the front cover (or the first picture)
   */
  static Result parse(int major, int tagFlags, Body body, boolean wantPicture) throws IOException {
    Result result = new Result();
    int pos = 0;
    int end = body.length();
    if (major >= 3 && (tagFlags & 0x40) != 0 && end >= 4) {
      byte[] b = body.read(0, 4);
      int extended = major == 4 ? syncsafe(b, 0) : int32(b, 0) + 4;
      if (extended < 4 || extended > end) {
        return result;
      }
      pos = extended;
    }
    boolean tagUnsync = (tagFlags & 0x80) != 0;
    int headerLength = major == 2 ? 6 : 10;
    while (pos + headerLength <= end) {
      byte[] h = body.read(pos, headerLength);
      if (h[0] == 0) {
        break; // padding
      }
      String id;
      int size;
      int flags = 0;
      if (major == 2) {
        id = new String(h, 0, 3, StandardCharsets.ISO_8859_1);
        size = ((h[3] & 0xFF) << 16) | ((h[4] & 0xFF) << 8) | (h[5] & 0xFF);
      } else {
        id = new String(h, 0, 4, StandardCharsets.ISO_8859_1);
        size = major == 4 ? v24FrameSize(body, pos, h, end) : int32(h, 4);
        flags = ((h[8] & 0xFF) << 8) | (h[9] & 0xFF);
      }
      if (!validId(id) || size < 0 || size > end - pos - headerLength) {
        break;
      }
      int bodyStart = pos + headerLength;
      pos = bodyStart + size;
      if (major == 2) {
        String mapped = V22_IDS.get(id);
        if (mapped != null) {
          text(result, mapped, body, bodyStart, size, 2, 0, false);
        } else if (id.equals("PIC")) {
          picture(result, body, bodyStart, size, 2, 0, false, wantPicture);
        }
      } else if (WANTED.contains(id)) {
        text(result, id, body, bodyStart, size, major, flags, tagUnsync);
      } else if (id.equals("APIC")) {
        picture(result, body, bodyStart, size, major, flags, tagUnsync, wantPicture);
      }
    }
    return result;
  }

  private static void text(Result r, String id, Body body, int start, int size, int major, int flags,
      boolean tagUnsync) throws IOException {
    if (size > MAX_TEXT_FRAME || r.text.containsKey(id)) {
      return;
    }
    byte[] data = frameData(body.read(start, size), major, flags, tagUnsync);
    if (data != null) {
      List<String> values = Id3Text.values(data);
      if (!values.isEmpty()) {
        r.text.put(id, values);
      }
    }
  }

  private static void picture(Result r, Body body, int start, int size, int major, int flags, boolean tagUnsync,
      boolean want) throws IOException {
    if (size < 4) {
      return;
    }
    r.hasPicture = true;
    if (!want || r.pictureType == 3 || size > MAX_PICTURE) {
      return;
    }
    byte[] data = frameData(body.read(start, size), major, flags, tagUnsync);
    if (data == null || data.length < 4) {
      return;
    }
    int encoding = data[0] & 0xFF;
    int i = 1;
    String mime;
    if (major == 2) {
      String format = new String(data, 1, 3, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
      mime = format.equals("PNG") ? "image/png" : format.equals("JPG") ? "image/jpeg" : "";
      i = 4;
    } else {
      int zero = i;
      while (zero < data.length && data[zero] != 0) {
        zero++;
      }
      mime = new String(data, i, zero - i, StandardCharsets.ISO_8859_1).strip();
      i = zero + 1;
    }
    if (i >= data.length) {
      return;
    }
    int type = data[i] & 0xFF;
    i++;
    int width = encoding == 1 || encoding == 2 ? 2 : 1;
    while (i + width <= data.length && !(data[i] == 0 && (width == 1 || data[i + 1] == 0))) {
      i += width;
    }
    i += width;
    if (i >= data.length || mime.equals("-->")) {
      return; // no image bytes, or only a link to one
    }
    byte[] image = java.util.Arrays.copyOfRange(data, i, data.length);
    if (mime.isEmpty() || !mime.contains("/")) {
      mime = sniffImage(image, mime);
    }
    if (r.picture == null || type == 3) {
      r.picture = new CoverArt(mime, image);
      r.pictureType = type;
    }
  }

  /** Undoes the per-frame extras: grouping, data length indicator, unsync, compression. */
  private static byte[] frameData(byte[] data, int major, int flags, boolean tagUnsync) {
    int skip = 0;
    boolean unsync = false;
    boolean compressed = false;
    if (major == 4) {
      if ((flags & 0x04) != 0) {
        return null; // encrypted
      }
      skip += (flags & 0x40) != 0 ? 1 : 0;
      skip += (flags & 0x01) != 0 ? 4 : 0;
      unsync = (flags & 0x02) != 0 || tagUnsync;
      compressed = (flags & 0x08) != 0;
    } else if (major == 3) {
      if ((flags & 0x40) != 0) {
        return null;
      }
      compressed = (flags & 0x80) != 0;
      skip += compressed ? 4 : 0;
      skip += (flags & 0x20) != 0 ? 1 : 0;
    }
    if (skip > data.length) {
      return null;
    }
    if (skip > 0) {
      data = java.util.Arrays.copyOfRange(data, skip, data.length);
    }
    if (unsync) {
      data = resync(data);
    }
    if (compressed) {
      data = inflate(data);
    }
    return data;
  }

  private static byte[] inflate(byte[] data) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 2);
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_PICTURE) {
          return null;
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  /** Removes the 0x00 that unsynchronisation inserts after every 0xFF. */
  static byte[] resync(byte[] data) {
    int n = 0;
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[n++] = data[i];
      if (data[i] == (byte) 0xFF && i + 1 < data.length && data[i + 1] == 0) {
        i++;
      }
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  /**
   * ID3v2.4 frame sizes are syncsafe, but iTunes and others wrote plain 32-bit sizes there; take
   * the plain reading when the syncsafe one cannot be right and the plain one lands on a frame.
   */
  private static int v24FrameSize(Body body, int pos, byte[] h, int end) throws IOException {
    int plain = int32(h, 4);
    if (((h[4] | h[5] | h[6] | h[7]) & 0x80) != 0) {
      return plain;
    }
    int safe = syncsafe(h, 4);
    if (plain == safe || safe < 0x80) {
      return safe;
    }
    if (!frameStartsAt(body, pos + 10 + safe, end) && frameStartsAt(body, pos + 10 + plain, end)) {
      return plain;
    }
    return safe;
  }

  private static boolean frameStartsAt(Body body, int pos, int end) throws IOException {
    if (pos == end) {
      return true;
    }
    if (pos < 0 || pos + 4 > end) {
      return false;
    }
    byte[] b = body.read(pos, 4);
    return b[0] == 0 || validId(new String(b, StandardCharsets.ISO_8859_1));
  }

  private static boolean validId(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  static String sniffImage(byte[] b, String fallback) {
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      return "image/jpeg";
    }
    if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length >= 3 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return "image/gif";
    }
    String lower = fallback.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("jpg") || lower.equals("jpeg")) {
      return "image/jpeg";
    }
    if (lower.equals("png")) {
      return "image/png";
    }
    return "application/octet-stream";
  }

  static int syncsafe(byte[] b, int off) {
    return ((b[off] & 0x7F) << 21) | ((b[off + 1] & 0x7F) << 14) | ((b[off + 2] & 0x7F) << 7) | (b[off + 3] & 0x7F);
  }

  static int int32(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
  }
}
