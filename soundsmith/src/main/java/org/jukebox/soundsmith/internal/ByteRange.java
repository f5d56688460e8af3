package org.jukebox.soundsmith.internal;

/**
 * A parsed HTTP {@code Range} header (RFC 9110 §14) against a representation of known length.
 * Only single byte ranges are honoured: {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}.
 * A header that is absent, not about bytes, syntactically invalid, or asks for several ranges
 * is ignored, which the RFC allows and which means a full {@code 200}: serving
 * {@code multipart/byteranges} is not worth it for audio players, which ask for one range.
 *
 * @param kind what to answer
 * @param first first byte served (inclusive), for {@code PARTIAL}
 * @param last last byte served (inclusive), for {@code PARTIAL}
 */
public record ByteRange(Kind kind, long first, long last) {
  /** What the answer is. */
  public enum Kind {
    /** 200 with the whole representation. */
    FULL,
    /** 206 with bytes {@code first..last}. */
    PARTIAL,
    /** 416: no byte of the range exists. */
    UNSATISFIABLE
  }

  private static final ByteRange FULL = new ByteRange(Kind.FULL, 0, -1);
  private static final ByteRange UNSATISFIABLE = new ByteRange(Kind.UNSATISFIABLE, 0, -1);

  /** How many bytes a {@code PARTIAL} range covers. */
  public long count() {
    return last - first + 1;
  }

  /** Parses {@code header} (null when absent) for a representation of {@code length} bytes. */
  public static ByteRange parse(String header, long length) {
    if (header == null) {
      return FULL;
    }
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return FULL;
    }
    String spec = h.substring(6).trim();
    if (spec.indexOf(',') >= 0) {
      return FULL;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return FULL;
    }
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (a.isEmpty()) {
      long n = number(b);
      if (n < 0) {
        return FULL;
      }
      if (n == 0 || length == 0) {
        return UNSATISFIABLE;
      }
      return new ByteRange(Kind.PARTIAL, Math.max(0, length - n), length - 1);
    }
    long first = number(a);
    if (first < 0) {
      return FULL;
    }
    long last;
    if (b.isEmpty()) {
      last = Long.MAX_VALUE;
    } else {
      last = number(b);
      if (last < 0 || last < first) {
        return FULL;
      }
    }
    if (first >= length) {
      return UNSATISFIABLE;
    }
    return new ByteRange(Kind.PARTIAL, first, Math.min(last, length - 1));
  }

  // -1 for anything but a plain decimal that fits a long; a huge last-byte-pos is still valid
  // and means "to the end", so it saturates instead of failing.
  private static long number(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (v > (Long.MAX_VALUE - 9) / 10) {
        v = Long.MAX_VALUE;
      } else {
        v = v * 10 + (c - '0');
      }
    }
    return v;
  }
}
