package org.jukebox.soundsmith.cddb;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the xmcd format of CDDB entries (freedb database files and {@code cddb read} replies).
 *
 * <p>What it understands: the comment header's {@code # Track frame offsets:} list,
 * {@code # Disc length: N seconds} and {@code # Revision: N}; the keys {@code DISCID} (one id or
 * several separated by commas), {@code DTITLE} ("Artist / Album", split on the first
 * {@code " / "}; without one, artist and album are both the whole title), {@code DYEAR},
 * {@code DGENRE}, {@code TTITLEn}, {@code EXTD}, {@code EXTTn} and {@code PLAYORDER}. A key that
 * appears on several lines is one value split across them: the parts are joined, then the
 * escapes {@code \n}, {@code \t} and {@code \\} are resolved. On a compilation (disc artist
 * "Various" or "Various Artists", or every track titled "Artist / Title") each track title is
 * split into its own artist and title. Unknown keys are ignored; a year that is not a number
 * counts as none.
 *
 * <p>Bytes are read as UTF-8 (CDDB protocol level 6 and later freedb files) and, when they are
 * not valid UTF-8, as ISO-8859-1 (older freedb files).
 *
 * <p>Stateless and thread-safe.
 */
public final class XmcdParser {
  private static final Pattern KEY = Pattern.compile("([A-Z]+)(\\d*)");
  private static final Pattern OFFSET_LINE = Pattern.compile("#\\s*(\\d+)\\s*");
  private static final Pattern DISC_LENGTH = Pattern.compile("#\\s*Disc length:\\s*(\\d+)\\s*(?:s|sec|secs|seconds)?\\s*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern REVISION = Pattern.compile("#\\s*Revision:\\s*(\\d+)\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern DISC_ID = Pattern.compile("[0-9a-fA-F]{8}");

  private XmcdParser() {}

  /**
   * Decodes an entry's bytes: UTF-8 if they are valid UTF-8, else ISO-8859-1. A leading byte
   * order mark is dropped.
   */
  public static String decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, StandardCharsets.ISO_8859_1);
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * Parses an entry from its bytes ({@link #decode}).
   *
   * @param category the category it belongs to ("" if unknown)
   * @throws XmcdFormatException naming the line and the problem
   */
  public static CddbEntry parse(byte[] bytes, String category) throws XmcdFormatException {
    return parse(decode(bytes), category);
  }

  /**
   * Parses an entry from its text.
   *
   * @param category the category it belongs to ("" if unknown)
   * @throws XmcdFormatException naming the line and the problem, for example
   *     {@code "line 3: not KEY=value: \"garbage\""}, {@code "no DTITLE"}, {@code "missing TTITLE2"}
   */
  public static CddbEntry parse(String text, String category) throws XmcdFormatException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(category, "category");
    if (text.isBlank()) {
      throw new XmcdFormatException("empty entry");
    }
    Map<String, StringBuilder> disc = new LinkedHashMap<>();
    Map<Integer, StringBuilder> titles = new TreeMap<>();
    Map<Integer, StringBuilder> extended = new TreeMap<>();
    List<Integer> offsets = new ArrayList<>();
    int discLength = 0;
    int revision = 0;
    boolean inOffsets = false;
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (line.startsWith("#")) {
        Matcher m;
        if (line.toLowerCase(Locale.ROOT).contains("track frame offsets")) {
          inOffsets = true;
        } else if (inOffsets && (m = OFFSET_LINE.matcher(line)).matches()) {
          offsets.add(number(m.group(1), n));
        } else {
          inOffsets = false;
          if ((m = DISC_LENGTH.matcher(line)).matches()) {
            discLength = number(m.group(1), n);
          } else if ((m = REVISION.matcher(line)).matches()) {
            revision = number(m.group(1), n);
          }
        }
        continue;
      }
      inOffsets = false;
      if (line.isBlank()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new XmcdFormatException("line " + (n + 1) + ": not KEY=value: \"" + shorten(line) + "\"");
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1);
      Matcher k = KEY.matcher(key);
      if (!k.matches()) {
        throw new XmcdFormatException("line " + (n + 1) + ": not a key: \"" + shorten(key) + "\"");
      }
      String name = k.group(1);
      if (name.equals("TTITLE") || name.equals("EXTT")) {
        if (k.group(2).isEmpty() || k.group(2).length() > 2) {
          throw new XmcdFormatException("line " + (n + 1) + ": bad track number in \"" + shorten(key) + "\"");
        }
        int index = Integer.parseInt(k.group(2));
        (name.equals("TTITLE") ? titles : extended).computeIfAbsent(index, i -> new StringBuilder()).append(value);
      } else if (k.group(2).isEmpty()) {
        disc.computeIfAbsent(name, x -> new StringBuilder()).append(value);
      }
      // other numbered keys: not part of the format we know; ignored like unknown keys
    }
    if (!disc.containsKey("DISCID")) {
      throw new XmcdFormatException("no DISCID");
    }
    List<String> ids = new ArrayList<>();
    for (String id : disc.get("DISCID").toString().split(",")) {
      String t = id.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (!DISC_ID.matcher(t).matches()) {
        throw new XmcdFormatException("bad DISCID: \"" + shorten(disc.get("DISCID").toString()) + "\"");
      }
      ids.add(t.toLowerCase(Locale.ROOT));
    }
    if (ids.isEmpty()) {
      throw new XmcdFormatException("empty DISCID");
    }
    if (!disc.containsKey("DTITLE")) {
      throw new XmcdFormatException("no DTITLE");
    }
    if (titles.isEmpty()) {
      throw new XmcdFormatException("no TTITLE0");
    }
    int trackCount = ((TreeMap<Integer, StringBuilder>) titles).lastKey() + 1;
    for (int i = 0; i < trackCount; i++) {
      if (!titles.containsKey(i)) {
        throw new XmcdFormatException("missing TTITLE" + i);
      }
    }
    String dtitle = unescape(disc.get("DTITLE").toString()).trim();
    String artist = dtitle;
    String album = dtitle;
    int slash = dtitle.indexOf(" / ");
    if (slash >= 0) {
      artist = dtitle.substring(0, slash).trim();
      album = dtitle.substring(slash + 3).trim();
    }
    List<String> trackTitles = new ArrayList<>();
    for (int i = 0; i < trackCount; i++) {
      trackTitles.add(unescape(titles.get(i).toString()).trim());
    }
    boolean compilation = artist.equalsIgnoreCase("Various") || artist.equalsIgnoreCase("Various Artists")
        || (trackCount > 1 && trackTitles.stream().allMatch(t -> t.contains(" / ")));
    List<CddbEntry.Track> tracks = new ArrayList<>();
    for (int i = 0; i < trackCount; i++) {
      String title = trackTitles.get(i);
      String trackArtist = artist;
      int s = title.indexOf(" / ");
      if (compilation && s >= 0) {
        trackArtist = title.substring(0, s).trim();
        title = title.substring(s + 3).trim();
      }
      StringBuilder ext = extended.get(i);
      tracks.add(new CddbEntry.Track(i, trackArtist, title, ext == null ? "" : unescape(ext.toString()).trim()));
    }
    return new CddbEntry(category, ids, artist, album, year(value(disc, "DYEAR")), value(disc, "DGENRE"),
        value(disc, "EXTD"), tracks, playOrder(value(disc, "PLAYORDER")), offsets, discLength, revision);
  }

  /** Resolves {@code \n}, {@code \t} and {@code \\}; any other backslash stays as it is. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char e = s.charAt(i + 1);
        if (e == 'n' || e == 't' || e == '\\') {
          out.append(e == 'n' ? '\n' : e == 't' ? '\t' : '\\');
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String value(Map<String, StringBuilder> disc, String key) {
    StringBuilder v = disc.get(key);
    return v == null ? "" : unescape(v.toString()).trim();
  }

  private static int year(String text) {
    try {
      int y = Integer.parseInt(text.trim());
      return y > 0 && y < 10_000 ? y : 0;
    } catch (NumberFormatException e) {
      return 0; // DYEAR is free text in old entries; no year is better than a refusal
    }
  }

  private static List<Integer> playOrder(String text) {
    List<Integer> order = new ArrayList<>();
    for (String part : text.split("[,\\s]+")) {
      if (part.matches("\\d{1,2}")) {
        order.add(Integer.parseInt(part));
      }
    }
    return order;
  }

  private static int number(String digits, int line) throws XmcdFormatException {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new XmcdFormatException("line " + (line + 1) + ": number too large: " + shorten(digits));
    }
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
