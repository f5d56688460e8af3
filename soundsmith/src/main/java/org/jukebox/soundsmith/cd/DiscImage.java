package org.jukebox.soundsmith.cd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A disc held in files: a CUE sheet with its WAV or BIN files, or a folder of one WAV per track
 * ({@code track01.wav}, {@code 02 Title.wav}, …). The table of contents is frame-accurate: the
 * files are laid end to end after the 150-frame lead-in, and a track starts at its
 * {@code INDEX 01}; a pregap ({@code INDEX 00}, or {@code PREGAP} silence, which is generated)
 * belongs to the end of the track before, as on a disc read track by track.
 *
 * <p>What is refused, each with a {@link CdImageException} naming the file and the problem: a
 * missing file; a {@code FILE} outside the CUE sheet's folder ({@code ..}, an absolute path, or
 * a link leading out); a WAV that is not 44.1 kHz 16-bit stereo PCM; a truncated WAV (its data
 * chunk claims more bytes than the file holds) — refused rather than cut short, so that an image
 * still being copied is not served half; data tracks; and anything that is not a CUE sheet.
 * A file whose audio does not end on a whole frame is padded with silence to the next frame, as
 * a CD burner would.
 *
 * <p>Immutable and thread-safe. Reads go to the files each time: an image changed or deleted
 * after it was opened fails or reads the new bytes.
 */
public final class DiscImage implements Disc {
  /** The largest CUE sheet read: real ones are a few kilobytes. */
  static final long MAX_CUE_BYTES = 1 << 20;
  private static final Pattern TRACK_WAV = Pattern.compile("(?i)(?:track)?[ _-]*(\\d{1,2})(?:[^0-9].*)?\\.wav");
  private static final Pattern TIME = Pattern.compile("(\\d{1,3}):(\\d{1,2}):(\\d{1,2})");

  private final String origin;
  private final Toc toc;
  private final List<Segment> segments;
  private final List<Path> files;
  private final DiscInfo cueText;

  /**
   * A run of the disc's frames: from a file, or silence when {@code file} is null.
   *
   * @param startFrame disc frame of its first frame
   * @param frames how many frames
   * @param file the file, or null for silence
   * @param byteOffset file offset of its first byte
   * @param bytes bytes the file holds for it; the rest up to {@code frames * 2352} is silence
   */
  record Segment(int startFrame, int frames, Path file, long byteOffset, long bytes) {}

  private DiscImage(String origin, Toc toc, List<Segment> segments, List<Path> files, DiscInfo cueText) {
    this.origin = origin;
    this.toc = toc;
    this.segments = List.copyOf(segments);
    this.files = List.copyOf(files);
    this.cueText = cueText;
  }

  /**
   * Opens an image: a {@code .cue} file, or a folder holding one CUE sheet or track WAVs.
   *
   * @throws CdImageException if it is not a usable image, naming the file and the problem
   * @throws IOException if it cannot be read
   */
  public static DiscImage open(Path path) throws IOException {
    Path p = path.toAbsolutePath().normalize();
    if (Files.isDirectory(p)) {
      List<Path> cues;
      try (Stream<Path> s = Files.list(p)) {
        cues = s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".cue") && Files.isRegularFile(f))
            .sorted().toList();
      }
      if (cues.size() > 1) {
        throw new CdImageException(p + ": holds " + cues.size() + " CUE sheets; name the one to use");
      }
      return cues.size() == 1 ? openCue(cues.get(0)) : openTrackFolder(p);
    }
    if (!Files.exists(p)) {
      throw new CdImageException(p + ": no such file or folder");
    }
    if (!p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".cue")) {
      throw new CdImageException(p + ": not a disc image (a .cue file or a folder of track WAVs)");
    }
    return openCue(p);
  }

  /**
   * The names the CUE sheet itself gives ({@code PERFORMER} and {@code TITLE} of the disc and
   * its tracks, {@code REM DATE}, {@code REM GENRE}), as many rippers write them; empty if it
   * names nothing (and for folders of track WAVs). Its disc ID is the freedb ID.
   */
  public java.util.Optional<DiscInfo> cueText() {
    return java.util.Optional.ofNullable(cueText);
  }

  /** Every file the image reads, CUE sheet first; for watching it for changes. */
  public List<Path> files() {
    return files;
  }

  @Override
  public Toc toc() {
    return toc;
  }

  @Override
  public String origin() {
    return origin;
  }

  @Override
  public InputStream openPcm(int firstFrame, int frameCount) throws IOException {
    Disc.checkRange(toc, firstFrame, frameCount);
    return new SegmentStream(firstFrame, frameCount);
  }

  List<Segment> segments() {
    return segments;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DiscImage d && d.origin.equals(origin) && d.toc.equals(toc);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + toc.hashCode();
  }

  @Override
  public String toString() {
    return "DiscImage[" + origin + ", " + toc.trackCount() + " tracks, " + toc.freedbId() + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Folder of track WAVs

  private static DiscImage openTrackFolder(Path dir) throws IOException {
    TreeMap<Integer, Path> tracks = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.sorted().toList()) {
        Matcher m = TRACK_WAV.matcher(f.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(f)) {
          continue;
        }
        int n = Integer.parseInt(m.group(1));
        Path other = tracks.put(n, f);
        if (other != null) {
          throw new CdImageException(dir + ": two files for track " + n + ": " + other.getFileName() + " and "
              + f.getFileName());
        }
      }
    }
    if (tracks.isEmpty()) {
      throw new CdImageException(dir + ": no CUE sheet and no track WAVs (track01.wav, ...)");
    }
    int first = tracks.firstKey();
    if (first < 1) {
      throw new CdImageException(dir + ": track numbers start at 1, found " + tracks.get(first).getFileName());
    }
    int expected = first;
    for (int n : tracks.keySet()) {
      if (n != expected) {
        throw new CdImageException(dir + ": track " + expected + " is missing (found track " + n + ")");
      }
      expected++;
    }
    List<Segment> segments = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    int at = Toc.LEAD_IN_FRAMES;
    for (Path f : tracks.values()) {
      Wav.Data d = Wav.read(f);
      int frames = frames(d.dataBytes(), f);
      if (frames == 0) {
        throw new CdImageException(f + ": no audio");
      }
      offsets.add(at);
      segments.add(new Segment(at, frames, f, d.dataOffset(), d.dataBytes()));
      files.add(f);
      at += frames;
    }
    return new DiscImage(dir.toString(), toc(dir, first, tracks.lastKey(), at, offsets), segments, files, null);
  }

  // ---------------------------------------------------------------------------------------------
  // CUE sheets

  /** One FILE of a CUE sheet with the track starts inside it. */
  private static final class CueFile {
    final Path path;
    final long byteOffset;
    final long bytes;
    final int frames;
    final List<int[]> starts = new ArrayList<>(); // {frame in file, track number, pregap frames}

    CueFile(Path path, long byteOffset, long bytes, int frames) {
      this.path = path;
      this.byteOffset = byteOffset;
      this.bytes = bytes;
      this.frames = frames;
    }
  }

  private static DiscImage openCue(Path cue) throws IOException {
    Path folder = cue.getParent();
    String text = readCue(cue);
    List<CueFile> cueFiles = new ArrayList<>();
    CueFile file = null;
    int track = 0;
    int firstTrack = 0;
    boolean trackHasStart = true;
    int pregap = 0;
    int lastIndexInFile = -1;
    String discTitle = "";
    String discPerformer = "";
    String genre = "";
    int year = 0;
    java.util.Map<Integer, String> trackTitles = new java.util.HashMap<>();
    java.util.Map<Integer, String> trackPerformers = new java.util.HashMap<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String where = cue + " line " + (i + 1) + ": ";
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] words = line.split("\\s+", 2);
      String command = words[0].toUpperCase(Locale.ROOT);
      String rest = words.length > 1 ? words[1].strip() : "";
      switch (command) {
        case "TITLE", "PERFORMER" -> {
          String value = unquote(rest);
          boolean title = command.equals("TITLE");
          if (track == 0) {
            if (title) {
              discTitle = value;
            } else {
              discPerformer = value;
            }
          } else {
            (title ? trackTitles : trackPerformers).put(track, value);
          }
        }
        case "REM" -> {
          String[] r = rest.split("\\s+", 2);
          if (track == 0 && r.length == 2 && r[0].equalsIgnoreCase("DATE") && r[1].strip().matches("\\d{4}.*")) {
            year = Integer.parseInt(r[1].strip().substring(0, 4));
          } else if (track == 0 && r.length == 2 && r[0].equalsIgnoreCase("GENRE")) {
            genre = unquote(r[1]);
          }
        }
        case "SONGWRITER", "CATALOG", "CDTEXTFILE", "FLAGS", "ISRC" -> {
          // Metadata Jukebox does not show: no bearing on the audio or the TOC.
        }
        case "FILE" -> {
          // A track's INDEX 01 may follow in the next file (its pregap in this one): allowed.
          String[] nameAndType = fileArgs(rest, where);
          file = cueFile(folder, nameAndType[0], nameAndType[1], where);
          cueFiles.add(file);
          lastIndexInFile = -1;
        }
        case "TRACK" -> {
          if (file == null) {
            throw new CdImageException(where + "TRACK before any FILE");
          }
          if (!trackHasStart) {
            throw new CdImageException(where + "track " + track + " has no INDEX 01");
          }
          String[] a = rest.split("\\s+");
          int n = number(a[0], where, "track number");
          String mode = a.length > 1 ? a[1].toUpperCase(Locale.ROOT) : "";
          if (!mode.equals("AUDIO")) {
            throw new CdImageException(where + "track " + n + " is " + (mode.isEmpty() ? "of no type" : mode)
                + ", not AUDIO: only audio tracks can be served");
          }
          if (track == 0) {
            if (n < 1 || n > Toc.MAX_TRACK) {
              throw new CdImageException(where + "track number not in 1..99: " + n);
            }
            firstTrack = n;
          } else if (n != track + 1) {
            throw new CdImageException(where + "track " + n + " follows track " + track + "; tracks must be numbered in order");
          }
          track = n;
          trackHasStart = false;
          pregap = 0;
        }
        case "PREGAP" -> {
          if (track == 0 || trackHasStart) {
            throw new CdImageException(where + "PREGAP outside a track, before its INDEX 01");
          }
          pregap = time(rest, where);
        }
        case "POSTGAP" -> throw new CdImageException(where + "POSTGAP is not supported");
        case "INDEX" -> {
          if (track == 0) {
            throw new CdImageException(where + "INDEX before any TRACK");
          }
          String[] a = rest.split("\\s+");
          if (a.length != 2) {
            throw new CdImageException(where + "INDEX needs a number and a time mm:ss:ff: \"" + rest + "\"");
          }
          int index = number(a[0], where, "index number");
          int at = time(a[1], where);
          if (at > file.frames || at == file.frames && index == 1) {
            throw new CdImageException(where + "INDEX " + a[0] + " " + a[1] + " of track " + track
                + " is beyond the end of " + file.path.getFileName() + " (" + clock(file.frames) + ")");
          }
          if (at < lastIndexInFile) {
            throw new CdImageException(where + "INDEX " + a[0] + " " + a[1] + " comes before the index above it");
          }
          lastIndexInFile = at;
          if (index == 1) {
            if (trackHasStart) {
              throw new CdImageException(where + "track " + track + " has two INDEX 01");
            }
            file.starts.add(new int[] {at, track, pregap});
            trackHasStart = true;
          }
        }
        default -> throw new CdImageException(where + "not a CUE sheet command: \"" + abbreviate(words[0]) + "\"");
      }
    }
    if (track == 0) {
      throw new CdImageException(cue + ": not a CUE sheet: no TRACK");
    }
    if (!trackHasStart) {
      throw new CdImageException(cue + ": track " + track + " has no INDEX 01");
    }
    // Lay the files end to end, cutting them where a PREGAP's silence goes.
    List<Segment> segments = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    files.add(cue);
    int disc = Toc.LEAD_IN_FRAMES;
    for (CueFile f : cueFiles) {
      if (!files.contains(f.path)) {
        files.add(f.path);
      }
      int pos = 0;
      for (int[] s : f.starts) {
        if (s[2] > 0) {
          disc = fileSegment(segments, f, pos, s[0], disc);
          segments.add(new Segment(disc, s[2], null, 0, 0));
          disc += s[2];
          pos = s[0];
        }
        offsets.add(disc + (s[0] - pos));
      }
      disc = fileSegment(segments, f, pos, f.frames, disc);
    }
    Toc toc = toc(cue, firstTrack, track, disc, offsets);
    DiscInfo names = null;
    if (!discTitle.isEmpty() || !discPerformer.isEmpty() || !trackTitles.isEmpty()) {
      List<String> titles = new ArrayList<>();
      List<String> artists = new ArrayList<>();
      for (int t = firstTrack; t <= track; t++) {
        titles.add(trackTitles.getOrDefault(t, ""));
        String performer = trackPerformers.getOrDefault(t, "");
        artists.add(performer.equals(discPerformer) ? "" : performer);
      }
      names = new DiscInfo(toc.freedbId(), discPerformer, discTitle, year, genre, titles, artists, "");
    }
    return new DiscImage(cue.toString(), toc, segments, files, names);
  }

  /** Adds file frames {@code from..to-1} at disc frame {@code disc}; returns the disc frame after. */
  private static int fileSegment(List<Segment> segments, CueFile f, int from, int to, int disc) {
    if (to <= from) {
      return disc;
    }
    long start = (long) from * Toc.BYTES_PER_FRAME;
    long bytes = Math.min((long) (to - from) * Toc.BYTES_PER_FRAME, f.bytes - start);
    segments.add(new Segment(disc, to - from, f.path, f.byteOffset + start, bytes));
    return disc + (to - from);
  }

  private static String readCue(Path cue) throws IOException {
    if (!Files.isRegularFile(cue)) {
      throw new CdImageException(cue + ": no such file");
    }
    long size = Files.size(cue);
    if (size > MAX_CUE_BYTES) {
      throw new CdImageException(cue + ": " + size + " bytes is too large for a CUE sheet");
    }
    byte[] raw = Files.readAllBytes(cue);
    for (byte b : raw) {
      if (b == 0) {
        throw new CdImageException(cue + ": not a CUE sheet (binary data)");
      }
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      // Older rippers write CUE sheets in a Windows code page; Latin-1 keeps file names readable.
      text = new String(raw, StandardCharsets.ISO_8859_1);
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Splits {@code "name with spaces.wav" WAVE} or {@code name.wav WAVE} into name and type. */
  private static String[] fileArgs(String rest, String where) throws CdImageException {
    String name;
    String type;
    if (rest.startsWith("\"")) {
      int close = rest.indexOf('"', 1);
      if (close < 0) {
        throw new CdImageException(where + "FILE name has no closing quote");
      }
      name = rest.substring(1, close);
      type = rest.substring(close + 1).strip();
    } else {
      int space = rest.lastIndexOf(' ');
      if (space < 0) {
        throw new CdImageException(where + "FILE needs a name and a type (WAVE or BINARY)");
      }
      name = rest.substring(0, space).strip();
      type = rest.substring(space + 1);
    }
    if (name.isEmpty()) {
      throw new CdImageException(where + "FILE has an empty name");
    }
    return new String[] {name, type.toUpperCase(Locale.ROOT)};
  }

  private static CueFile cueFile(Path folder, String name, String type, String where) throws IOException {
    String shown = "FILE \"" + name + "\"";
    Path rel;
    try {
      rel = Path.of(name.replace('\\', '/'));
    } catch (RuntimeException e) {
      throw new CdImageException(where + shown + " is not a file name");
    }
    Path resolved = folder.resolve(rel).normalize();
    if (rel.isAbsolute() || name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")
        || !resolved.startsWith(folder)) {
      throw new CdImageException(where + shown + " points outside the image's folder");
    }
    if (!Files.exists(resolved)) {
      throw new CdImageException(where + shown + " not found");
    }
    if (!resolved.toRealPath().startsWith(folder.toRealPath())) {
      throw new CdImageException(where + shown + " points outside the image's folder (through a link)");
    }
    if (!Files.isRegularFile(resolved)) {
      throw new CdImageException(where + shown + " is not a file");
    }
    switch (type) {
      case "WAVE" -> {
        Wav.Data d = Wav.read(resolved);
        return new CueFile(resolved, d.dataOffset(), d.dataBytes(), frames(d.dataBytes(), resolved));
      }
      case "BINARY" -> {
        long size = Files.size(resolved);
        if (size % 4 != 0) {
          throw new CdImageException(resolved + ": " + size + " bytes is not whole 16-bit stereo samples");
        }
        return new CueFile(resolved, 0, size, frames(size, resolved));
      }
      case "MOTOROLA" -> throw new CdImageException(where + shown + ": MOTOROLA (big-endian) files are not supported");
      default -> throw new CdImageException(where + shown + ": type " + (type.isEmpty() ? "missing" : type)
          + " is not supported (WAVE or BINARY)");
    }
  }

  private static int frames(long bytes, Path file) throws CdImageException {
    long frames = (bytes + Toc.BYTES_PER_FRAME - 1) / Toc.BYTES_PER_FRAME;
    if (frames > 100L * 60 * Toc.FRAMES_PER_SECOND) {
      throw new CdImageException(file + ": longer than 100 minutes, more than a CD holds");
    }
    return (int) frames;
  }

  private static Toc toc(Path image, int first, int last, int leadOut, List<Integer> offsets) throws CdImageException {
    if (leadOut - Toc.LEAD_IN_FRAMES > 100 * 60 * Toc.FRAMES_PER_SECOND) {
      throw new CdImageException(image + ": longer than 100 minutes, more than a CD holds");
    }
    try {
      return Toc.of(first, last, leadOut, offsets);
    } catch (IllegalArgumentException e) {
      throw new CdImageException(image + ": " + e.getMessage());
    }
  }

  private static int number(String word, String where, String what) throws CdImageException {
    try {
      return Integer.parseInt(word);
    } catch (NumberFormatException e) {
      throw new CdImageException(where + what + " is not a number: \"" + abbreviate(word) + "\"");
    }
  }

  /** {@code mm:ss:ff} in frames. */
  private static int time(String word, String where) throws CdImageException {
    Matcher m = TIME.matcher(word.strip());
    if (!m.matches()) {
      throw new CdImageException(where + "not a time mm:ss:ff: \"" + abbreviate(word) + "\"");
    }
    int sec = Integer.parseInt(m.group(2));
    int frame = Integer.parseInt(m.group(3));
    if (sec > 59 || frame > 74) {
      throw new CdImageException(where + "not a time mm:ss:ff (seconds < 60, frames < 75): \"" + word.strip() + "\"");
    }
    return (Integer.parseInt(m.group(1)) * 60 + sec) * Toc.FRAMES_PER_SECOND + frame;
  }

  /** A CUE value: quoted (quotes removed) or a bare word. */
  private static String unquote(String value) {
    String v = value.strip();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  static String clock(int frames) {
    return String.format("%02d:%02d:%02d", frames / 75 / 60, frames / 75 % 60, frames % 75);
  }

  private static String abbreviate(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 40; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 40 ? b + "..." : b.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** Reads frames across segments, opening each file as it is reached. */
  private final class SegmentStream extends InputStream {
    private int segment;
    private long left;        // bytes still to deliver overall
    private long segmentLeft; // bytes still to deliver from the current segment
    private long fileLeft;    // of those, bytes that come from the file; the rest is silence
    private FileChannel channel;
    private long filePos;

    SegmentStream(int firstFrame, int frameCount) throws IOException {
      left = (long) frameCount * Toc.BYTES_PER_FRAME;
      segment = 0;
      while (segment < segments.size() && segments.get(segment).startFrame() + segments.get(segment).frames() <= firstFrame) {
        segment++;
      }
      if (left > 0) {
        enter(firstFrame - segments.get(segment).startFrame());
      }
    }

    private void enter(int skipFrames) throws IOException {
      closeChannel();
      Segment s = segments.get(segment);
      long skip = (long) skipFrames * Toc.BYTES_PER_FRAME;
      segmentLeft = (long) s.frames() * Toc.BYTES_PER_FRAME - skip;
      fileLeft = Math.max(0, s.bytes() - skip);
      if (s.file() != null && fileLeft > 0) {
        try {
          channel = FileChannel.open(s.file(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
          throw new IOException(origin + ": " + s.file() + " is gone", e);
        }
        filePos = s.byteOffset() + skip;
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (left == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (segmentLeft == 0) {
        segment++;
        enter(0);
      }
      int want = (int) Math.min(len, Math.min(left, segmentLeft));
      int n;
      if (fileLeft > 0) {
        n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(want, fileLeft)), filePos);
        if (n < 0) {
          throw new IOException(origin + ": " + segments.get(segment).file() + " is shorter than when it was opened");
        }
        filePos += n;
        fileLeft -= n;
      } else {
        java.util.Arrays.fill(b, off, off + want, (byte) 0);
        n = want;
      }
      segmentLeft -= n;
      left -= n;
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, fileLeft > 0 ? 0 : segmentLeft);
    }

    @Override
    public void close() throws IOException {
      left = 0;
      closeChannel();
    }

    private void closeChannel() throws IOException {
      FileChannel c = channel;
      channel = null;
      if (c != null) {
        c.close();
      }
    }
  }
}
