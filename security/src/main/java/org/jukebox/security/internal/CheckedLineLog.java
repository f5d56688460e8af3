package org.jukebox.security.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A durable, append-only UTF-8 file of checksummed lines, locked while open: the machinery behind
 * {@code RoyaltyLedger} and {@code SpentCoins}, which keep their own meaning, state and wording.
 *
 * <p>Format: a header line, then one line per entry, {@code FIELD... CRC32}, a fixed number of
 * space-separated fields followed by the CRC32 (8 hex digits) of those fields joined by spaces.
 * {@link #append} forces each line to disk before it returns. On open, an incomplete or corrupt
 * last line (a write a crash interrupted, so never acknowledged) is cut off with a WARNING; a
 * corrupt line before the last is refused with an {@link IOException}, because dropping an
 * acknowledged entry silently would be worse than not starting. An empty file, or one holding
 * only the start of the header (a creation the crash interrupted), is given its header.
 *
 * <p>Thread-safe. Not an API: its users decide what a line means.
 */
public final class CheckedLineLog implements AutoCloseable {

  /** Applies one entry read on open. */
  @FunctionalInterface
  public interface Loader {
    /**
     * Applies the entry whose checksum has been verified, or says what is wrong with it.
     *
     * @param fields exactly {@link Format#fields()} fields, never null
     * @return null if applied; otherwise what is wrong, and nothing may have been applied
     */
    String load(String[] fields);
  }

  /** Writes a whole line where the channel stands and forces it; a test seam to fail part-way. */
  @FunctionalInterface
  interface LineWriter {
    void write(FileChannel channel, ByteBuffer line) throws IOException;
  }

  private static final LineWriter DURABLE = (channel, line) -> {
    while (line.hasRemaining()) {
      channel.write(line);
    }
    channel.force(false);
  };

  /**
   * What the file holds.
   *
   * @param header the first line (ASCII, no line break)
   * @param fields how many fields each line carries before its checksum, at least 1
   * @param anyLengthTornHeader whether an unterminated first line that starts with the header
   *     counts as a header cut short even when longer than the header (and so is rewritten);
   *     otherwise only a prefix of the header does, and anything else is refused as not this
   *     kind of file. True only to keep {@code RoyaltyLedger} behaving exactly as it always has.
   */
  public record Format(String header, int fields, boolean anyLengthTornHeader) {
    public Format {
      Objects.requireNonNull(header, "header");
      if (fields < 1) {
        throw new IllegalArgumentException("fields < 1: " + fields);
      }
    }
  }

  /**
   * How the file names itself in exceptions and log records, so that each user keeps its own.
   *
   * @param log where warnings go (the user's logger, so operators can configure it by that name)
   * @param what the file's kind as it reads after "a" ({@code "royalty ledger"}): it starts
   *     messages ({@code "royalty ledger FILE is in use by another process"},
   *     {@code "royalty ledger closed"}) and ends {@code "FILE is not a royalty ledger (...)"}
   * @param lockName names the lock in {@code "releasing LOCKNAME lock: ..."}
   * @param cutOffNote why cutting off a corrupt last line loses nothing, ending that warning
   */
  public record Wording(System.Logger log, String what, String lockName, String cutOffNote) {
    public Wording {
      Objects.requireNonNull(log, "log");
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(lockName, "lockName");
      Objects.requireNonNull(cutOffNote, "cutOffNote");
    }
  }

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Format format;
  private final Wording wording;
  private final LineWriter writer;
  private boolean closed;

  private CheckedLineLog(Path file, FileChannel channel, FileLock lock, Format format, Wording wording,
      LineWriter writer) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.format = format;
    this.wording = wording;
    this.writer = writer;
  }

  /**
   * Opens {@code file}, creating it (and its folder) if missing, locks it, and hands every entry
   * in it to {@code loader}, in order, before returning.
   *
   * @param file made absolute; {@link #file()} and the messages name it so
   * @throws IOException if it cannot be created or read, another process (or another open log
   *     in this one) holds it ({@code "WHAT FILE is in use by another process"}), it is not this
   *     kind of file ({@code "FILE is not a WHAT (first line is not HEADER)"}), or a line before
   *     the last is corrupt ({@code "WHAT FILE line 7 is corrupt: bad checksum"}); then nothing is
   *     left open or locked
   */
  public static CheckedLineLog open(Path file, Format format, Wording wording, Loader loader) throws IOException {
    return open(file, format, wording, loader, DURABLE);
  }

  static CheckedLineLog open(Path file, Format format, Wording wording, Loader loader, LineWriter writer)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(wording, "wording");
    Objects.requireNonNull(loader, "loader");
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    boolean created = !Files.exists(abs);
    FileChannel ch = FileChannel.open(abs, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException(wording.what() + " " + abs + " is in use by another process");
      }
      CheckedLineLog log = new CheckedLineLog(abs, ch, lock, format, wording, writer);
      log.load(loader);
      if (created && dir != null) {
        forceDirectory(dir, wording.log());
      }
      return log;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Appends one entry and forces it to disk: when this returns, the entry survives a crash.
   *
   * @param fields exactly {@link Format#fields()} fields joined by single spaces, with no line
   *     break (the users encode their values so that they hold neither)
   * @throws IOException if the line cannot be written and forced; then the file is cut back to
   *     where it was (a half-written line would make the next entry unreadable)
   * @throws IllegalArgumentException if {@code fields} has the wrong number of fields or a line
   *     break: {@code "expected 3 fields: 1 2"}
   * @throws IllegalStateException if closed: {@code "WHAT closed"}
   */
  public synchronized void append(String fields) throws IOException {
    Objects.requireNonNull(fields, "fields");
    if (fields.indexOf('\n') >= 0 || fields.split(" ", -1).length != format.fields()) {
      throw new IllegalArgumentException("expected " + format.fields() + " fields: " + fields);
    }
    checkOpen();
    ByteBuffer line = ByteBuffer.wrap((fields + " " + crc(fields) + "\n").getBytes(StandardCharsets.UTF_8));
    long before = channel.size();
    try {
      channel.position(before);
      writer.write(channel, line);
    } catch (IOException e) {
      try {
        // A half-written line would make the next entry unreadable: cut it off.
        channel.truncate(before);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Refuses use after {@link #close}, for users that check before deciding whether to append.
   *
   * @throws IllegalStateException {@code "WHAT closed"}
   */
  public synchronized void checkOpen() {
    if (closed) {
      throw new IllegalStateException(wording.what() + " closed");
    }
  }

  /** The file it is kept in (absolute). */
  public Path file() {
    return file;
  }

  /** Unlocks and closes the file; failures are logged, not thrown. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
    } catch (IOException e) {
      wording.log().log(System.Logger.Level.DEBUG, "releasing " + wording.lockName() + " lock: " + e);
    }
    try {
      channel.close();
    } catch (IOException e) {
      wording.log().log(System.Logger.Level.WARNING, "closing " + wording.what() + " " + file + ": " + e);
    }
  }

  @Override
  public String toString() {
    return "CheckedLineLog[" + file + "]";
  }

  private void load(Loader loader) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException(wording.what() + " " + file + " is too large to load: " + size + " bytes");
    }
    ByteBuffer all = ByteBuffer.allocate((int) size);
    channel.position(0);
    while (all.hasRemaining() && channel.read(all) >= 0) {
      // read until full
    }
    byte[] bytes = all.array();
    int headerEnd = indexOf(bytes, 0);
    if (headerEnd < 0) {
      // Empty, or the header itself was cut short when the file was created: start it again.
      if (!isTornHeader(bytes)) {
        throw notThisKind();
      }
      writeHeader();
      return;
    }
    if (!new String(bytes, 0, headerEnd, StandardCharsets.UTF_8).equals(format.header())) {
      throw notThisKind();
    }
    int lineNo = 1;
    int start = headerEnd + 1;
    while (start < bytes.length) {
      lineNo++;
      int end = indexOf(bytes, start);
      boolean last = end < 0 || end == bytes.length - 1;
      String problem = end < 0
          ? "incomplete"
          : parse(new String(bytes, start, end - start, StandardCharsets.UTF_8), loader);
      if (problem != null) {
        if (!last) {
          throw new IOException(wording.what() + " " + file + " line " + lineNo + " is corrupt: " + problem);
        }
        wording.log().log(System.Logger.Level.WARNING, wording.what() + " " + file + ": cutting off line " + lineNo
            + " (" + problem + "), " + wording.cutOffNote());
        channel.truncate(start);
        channel.force(false);
        return;
      }
      start = end + 1;
    }
  }

  /** Checks one line and hands its fields to the loader; returns what is wrong with it, or null. */
  private String parse(String line, Loader loader) {
    String[] f = line.split(" ", -1);
    int n = format.fields();
    if (f.length != n + 1) {
      return "expected " + (n + 1) + " fields, found " + f.length;
    }
    String[] fields = Arrays.copyOf(f, n);
    if (!crc(String.join(" ", fields)).equals(f[n])) {
      return "bad checksum";
    }
    return loader.load(fields);
  }

  private boolean isTornHeader(byte[] bytes) {
    byte[] h = format.header().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > h.length && !format.anyLengthTornHeader()) {
      return false;
    }
    return Arrays.equals(bytes, 0, Math.min(bytes.length, h.length), h, 0, Math.min(bytes.length, h.length));
  }

  private void writeHeader() throws IOException {
    channel.truncate(0);
    ByteBuffer h = ByteBuffer.wrap((format.header() + "\n").getBytes(StandardCharsets.UTF_8));
    channel.position(0);
    while (h.hasRemaining()) {
      channel.write(h);
    }
    channel.force(true);
  }

  private IOException notThisKind() {
    return new IOException(file + " is not a " + wording.what() + " (first line is not " + format.header() + ")");
  }

  private static String crc(String fields) {
    CRC32 c = new CRC32();
    c.update(fields.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", c.getValue());
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  // A new file's directory entry must reach the disk too, or a crash can lose the whole file.
  private static void forceDirectory(Path dir, System.Logger log) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.log(System.Logger.Level.DEBUG, "cannot force directory " + dir + ": " + e);
    }
  }
}
