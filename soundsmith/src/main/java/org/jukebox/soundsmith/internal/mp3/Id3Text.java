package org.jukebox.soundsmith.internal.mp3;

import com.mpatric.mp3agic.ID3v1Genres;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Decoding of ID3 text: the four ID3v2 encodings, multi-value lists, genres, numbers, years. */
final class Id3Text {
  /** Longest text we keep for one field: longer values are tag junk, not titles. */
  static final int MAX_CHARS = 1024;

  private Id3Text() {}

  /**
   * Decodes the values of a text frame body (encoding byte first). ID3v2.4 separates multiple
   * values with a terminator of the encoding's width; each UTF-16 value may carry its own BOM.
   */
  static List<String> values(byte[] body) {
    List<String> out = new ArrayList<>(1);
    if (body.length < 1) {
      return out;
    }
    int encoding = body[0] & 0xFF;
    int width = encoding == 1 || encoding == 2 ? 2 : 1;
    boolean bigEndian = true;
    int start = 1;
    int i = 1;
    while (i <= body.length) {
      boolean end = i + width > body.length;
      boolean terminator = !end && body[i] == 0 && (width == 1 || body[i + 1] == 0);
      if (end || terminator) {
        int stop = end ? body.length : i;
        if (stop > start) {
          int s = start;
          if ((encoding == 1 || encoding == 2) && stop - s >= 2) {
            // Some writers (mp3agic among them) put a BOM in UTF-16BE text too: honour it.
            int b0 = body[s] & 0xFF;
            int b1 = body[s + 1] & 0xFF;
            if (b0 == 0xFF && b1 == 0xFE) {
              bigEndian = false;
              s += 2;
            } else if (b0 == 0xFE && b1 == 0xFF) {
              bigEndian = true;
              s += 2;
            }
          }
          String value = decode(body, s, stop - s, encoding, bigEndian);
          value = clean(value);
          if (!value.isEmpty()) {
            out.add(value);
          }
        }
        if (end) {
          break;
        }
        i += width;
        start = i;
      } else {
        i += width;
      }
    }
    return out;
  }

  static String decode(byte[] b, int offset, int length, int encoding, boolean bigEndian) {
    if (length <= 0) {
      return "";
    }
    switch (encoding) {
      case 1:
        if ((length & 1) == 1) {
          length--; // a stray odd byte cannot be a UTF-16 unit
        }
        return new String(b, offset, length, bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
      case 2:
        return new String(b, offset, length & ~1, bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
      case 3:
        return new String(b, offset, length, StandardCharsets.UTF_8);
      default:
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }
  }

  /** Drops NULs and surrounding white space and caps the length. */
  static String clean(String s) {
    int nul = s.indexOf('\0');
    if (nul >= 0) {
      s = s.substring(0, nul);
    }
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1); // a stray byte order mark, e.g. UTF-8 with BOM
    }
    s = s.strip();
    if (s.length() > MAX_CHARS) {
      s = s.substring(0, MAX_CHARS);
    }
    return s;
  }

  /** The ID3v1 genre name for a number, or "" when the number names none. */
  static String genreName(int number) {
    return number >= 0 && number < ID3v1Genres.GENRES.length ? ID3v1Genres.GENRES[number] : "";
  }

  /**
   * Resolves one genre value to text: ID3v2.3 writes "(13)" or "(13)Refinement", ID3v2.4 and
   * sloppy taggers write "13"; "RX" and "CR" are the standard's Remix and Cover.
   */
  static String genre(String value) {
    String s = value.strip();
    List<String> codes = new ArrayList<>(1);
    while (s.startsWith("(") && !s.startsWith("((")) {
      int close = s.indexOf(')');
      if (close < 0) {
        break;
      }
      codes.add(s.substring(1, close));
      s = s.substring(close + 1).strip();
    }
    if (s.startsWith("((")) {
      s = s.substring(1); // "((" escapes a literal parenthesis
    }
    if (!s.isEmpty() && codes.isEmpty()) {
      String code = code(s);
      return code == null ? s : code;
    }
    if (!s.isEmpty()) {
      return s; // the refinement is more specific than the numbered genre
    }
    List<String> names = new ArrayList<>(codes.size());
    for (String c : codes) {
      String name = code(c);
      if (name != null && !name.isEmpty()) {
        names.add(name);
      }
    }
    return String.join(", ", names);
  }

  private static String code(String s) {
    if (s.equals("RX")) {
      return "Remix";
    }
    if (s.equals("CR")) {
      return "Cover";
    }
    if (!s.isEmpty() && s.length() <= 3 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return genreName(Integer.parseInt(s));
    }
    return null;
  }

  /** The leading number of "3/12", "03" or "3 of 12"; 0 when there is none. */
  static int leadingNumber(String s) {
    long n = 0;
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    int digits = 0;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && digits < 9) {
      n = n * 10 + (s.charAt(i) - '0');
      i++;
      digits++;
    }
    return (int) n;
  }

  /** The first run of four digits ("2004", "2004-05-01T12:00"), or 0. */
  static int year(String s) {
    for (int i = 0; i + 4 <= s.length(); i++) {
      boolean four = true;
      for (int j = i; j < i + 4; j++) {
        char c = s.charAt(j);
        if (c < '0' || c > '9') {
          four = false;
          break;
        }
      }
      if (four) {
        return Integer.parseInt(s.substring(i, i + 4));
      }
    }
    return 0;
  }
}
