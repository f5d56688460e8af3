package org.jukebox.security.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckedLineLogTest {
  private static final CheckedLineLog.Format FORMAT = new CheckedLineLog.Format("test-log 1", 2, false);

  @TempDir
  Path dir;

  private final CapturingLogger logger = new CapturingLogger();
  private final CheckedLineLog.Wording wording =
      new CheckedLineLog.Wording(logger, "test log", "test", "a write interrupted before it was acknowledged");
  private final List<String> loaded = new ArrayList<>();

  private Path file() {
    return dir.resolve("logs/test.log").toAbsolutePath();
  }

  /** Opens the test file, collecting each loaded entry; a line whose first field is "bad" is refused by the loader. */
  private CheckedLineLog open() throws IOException {
    return CheckedLineLog.open(file(), FORMAT, wording, this::load);
  }

  private String load(String[] fields) {
    if (fields[0].equals("bad")) {
      return "loader refuses bad";
    }
    loaded.add(String.join(" ", fields));
    return null;
  }

  private void writeEntries(String... entries) throws IOException {
    try (CheckedLineLog log = open()) {
      for (String e : entries) {
        log.append(e);
      }
    }
    loaded.clear();
  }

  @Test
  void appendedEntriesAreReloadedInOrderUnderAHeaderWithAChecksumEach() throws Exception {
    writeEntries("a 1", "b 2");
    List<String> lines = Files.readAllLines(file());
    assertEquals(3, lines.size());
    assertEquals("test-log 1", lines.get(0));
    assertTrue(lines.get(1).matches("a 1 [0-9a-f]{8}"), lines.get(1));
    try (CheckedLineLog log = open()) {
      assertEquals(List.of("a 1", "b 2"), loaded);
      assertEquals(file(), log.file());
    }
    assertTrue(logger.records.isEmpty(), logger.records.toString());
  }

  @Test
  void aTornLastLineIsCutOffWithAWarningAndTheNextEntryStartsCleanly() throws Exception {
    writeEntries("a 1");
    long intact = Files.size(file());
    Files.writeString(file(), "b 2 1234", StandardOpenOption.APPEND);
    try (CheckedLineLog log = open()) {
      assertEquals(List.of("a 1"), loaded);
      assertEquals(intact, Files.size(file()));
      log.append("c 3");
    }
    assertEquals(List.of("WARNING test log " + file() + ": cutting off line 3 (incomplete), "
        + "a write interrupted before it was acknowledged"), logger.records);
    loaded.clear();
    open().close();
    assertEquals(List.of("a 1", "c 3"), loaded);
  }

  @Test
  void aCompleteLastLineWithABadChecksumIsCutOff() throws Exception {
    writeEntries("a 1");
    Files.writeString(file(), "b 2 deadbeef\n", StandardOpenOption.APPEND);
    open().close();
    assertEquals(List.of("a 1"), loaded);
    assertEquals(2, Files.readAllLines(file()).size());
    assertEquals(List.of("WARNING test log " + file() + ": cutting off line 3 (bad checksum), "
        + "a write interrupted before it was acknowledged"), logger.records);
  }

  @Test
  void aCorruptLineBeforeTheLastIsRefusedAndTheFileLeftAsItWas() throws Exception {
    writeEntries("a 1", "b 2");
    List<String> lines = Files.readAllLines(file());
    lines.set(1, lines.get(1).replace("a 1", "a 9"));
    Files.write(file(), lines);
    byte[] before = Files.readAllBytes(file());
    IOException e = assertThrows(IOException.class, this::open);
    assertEquals("test log " + file() + " line 2 is corrupt: bad checksum", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file()));
    assertNotLocked();
  }

  @Test
  void aLineTheLoaderRefusesIsCorruptWithTheLoadersReason() throws Exception {
    writeEntries("bad 1", "b 2");
    IOException e = assertThrows(IOException.class, this::open);
    assertEquals("test log " + file() + " line 2 is corrupt: loader refuses bad", e.getMessage());
  }

  @Test
  void aLineWithTheWrongNumberOfFieldsIsCorrupt() throws Exception {
    writeEntries("a 1");
    Files.writeString(file(), "x y z 00000000\nb 2 00000000\n", StandardOpenOption.APPEND);
    IOException e = assertThrows(IOException.class, this::open);
    assertEquals("test log " + file() + " line 3 is corrupt: expected 3 fields, found 4", e.getMessage());
  }

  @Test
  void aFailedAppendLeavesTheFileAsItWasAndTheLogUsable() throws Exception {
    writeEntries("a 1");
    byte[] before = Files.readAllBytes(file());
    AtomicBoolean failNext = new AtomicBoolean();
    AtomicLong sizeAtFailure = new AtomicLong(-1);
    // A disk that fills up mid-line: half the line reaches the file, then the write fails.
    CheckedLineLog.LineWriter failing = (channel, line) -> {
      if (failNext.getAndSet(false)) {
        line.limit(line.limit() / 2);
        channel.write(line);
        sizeAtFailure.set(channel.size());
        throw new IOException("disk full (simulated)");
      }
      while (line.hasRemaining()) {
        channel.write(line);
      }
      channel.force(false);
    };
    try (CheckedLineLog log = CheckedLineLog.open(file(), FORMAT, wording, this::load, failing)) {
      failNext.set(true);
      IOException e = assertThrows(IOException.class, () -> log.append("b 2"));
      assertEquals("disk full (simulated)", e.getMessage());
      assertTrue(sizeAtFailure.get() > before.length, "half the line was written before the failure: " + sizeAtFailure);
      assertArrayEquals(before, Files.readAllBytes(file()));
      log.append("c 3");
    }
    loaded.clear();
    open().close();
    assertEquals(List.of("a 1", "c 3"), loaded);
  }

  @Test
  void theFileIsLockedWhileOpenAndReleasedOnClose() throws Exception {
    CheckedLineLog log = open();
    // First, before any other channel on the file opens and closes in this process (which may
    // drop the process's OS-level locks on it): another process cannot lock the file.
    assertEquals(OtherProcess.REFUSED, OtherProcess.tryLock(file()), "another process's tryLock");
    try (FileChannel other = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      assertThrows(OverlappingFileLockException.class, other::tryLock);
    }
    IOException e = assertThrows(IOException.class, this::open);
    assertEquals("test log " + file() + " is in use by another process", e.getMessage());
    log.append("a 1");
    log.close();
    log.close();
    assertNotLocked();
    assertEquals("test log closed", assertThrows(IllegalStateException.class, () -> log.append("b 2")).getMessage());
    assertEquals("test log closed", assertThrows(IllegalStateException.class, log::checkOpen).getMessage());
  }

  @Test
  void aFileOfAnotherKindIsRefusedAndLeftAsItWas() throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "hello\n");
    IOException e = assertThrows(IOException.class, this::open);
    assertEquals(file() + " is not a test log (first line is not test-log 1)", e.getMessage());
    assertEquals("hello\n", Files.readString(file()));
  }

  @Test
  void aHeaderCutShortIsWrittenAgain() throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "test-l");
    open().close();
    assertEquals("test-log 1\n", Files.readString(file()));
  }

  @Test
  void anUnterminatedFirstLineLongerThanTheHeaderIsRewrittenOnlyWhenTheFormatSaysSo() throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "test-log 1x");
    IOException e = assertThrows(IOException.class, this::open);
    assertEquals(file() + " is not a test log (first line is not test-log 1)", e.getMessage());
    CheckedLineLog.Format lenient = new CheckedLineLog.Format("test-log 1", 2, true);
    CheckedLineLog.open(file(), lenient, wording, this::load).close();
    assertEquals("test-log 1\n", Files.readString(file(), StandardCharsets.UTF_8));
  }

  @Test
  void anEntryOfTheWrongShapeIsRefusedBeforeWriting() throws Exception {
    try (CheckedLineLog log = open()) {
      long size = Files.size(file());
      assertEquals("expected 2 fields: a 1 x",
          assertThrows(IllegalArgumentException.class, () -> log.append("a 1 x")).getMessage());
      assertEquals("expected 2 fields: a\n1",
          assertThrows(IllegalArgumentException.class, () -> log.append("a\n1")).getMessage());
      assertEquals(size, Files.size(file()));
    }
  }

  private void assertNotLocked() throws IOException {
    try (FileChannel other = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = other.tryLock();
      assertNotNull(lock, "lock released");
      lock.release();
    }
  }

  /** Tries to lock a file from another JVM; exits 0 if it could, REFUSED if another process holds it. */
  static final class OtherProcess {
    static final int REFUSED = 3;

    public static void main(String[] args) throws IOException {
      try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        System.exit(ch.tryLock() == null ? REFUSED : 0);
      }
    }

    static int tryLock(Path file) throws IOException, InterruptedException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
          OtherProcess.class.getName(), file.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("lock probe did not finish in 60 s");
      }
      return p.exitValue();
    }
  }

  /** Records "LEVEL message" for each log call. */
  private static final class CapturingLogger implements System.Logger {
    final List<String> records = new ArrayList<>();

    @Override
    public String getName() {
      return "capture";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      records.add(level + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      records.add(level + " " + format);
    }
  }
}
