package org.jukebox.soundsmith.cd;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real CD drive on Linux, read through {@code cdparanoia} found on the {@code PATH}: the
 * table of contents from {@code cdparanoia -Q -d DEVICE} (the table it prints on standard
 * error), audio from {@code cdparanoia -q -d DEVICE -r SPAN -} (raw little-endian PCM on
 * standard output, read as it comes). The drive is looked at every poll interval (5 s unless
 * set): a new table of contents is a disc inserted or swapped, none is an ejected disc.
 *
 * <p>cdparanoia addresses sectors from 0 at the end of the lead-in, so a track it lists as
 * beginning at sector {@code b} starts at frame {@code b + 150} of the {@link Toc}.
 *
 * <p>Thread-safe.
 */
public final class CdParanoiaDrive implements CdDrive {
  private static final System.Logger LOG = System.getLogger(CdParanoiaDrive.class.getName());
  /** How often the drive is looked at unless set. */
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
  /** What to tell a user without cdparanoia. */
  public static final String NOT_INSTALLED = "cdparanoia not found on PATH: install it (apt-get install cdparanoia)";
  /** How long a table-of-contents query may take (a drive spinning up takes seconds). */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);

  // "  3.    14147 [03:08.47]    14922 [03:18.72]    no   no  2"
  private static final Pattern TRACK_LINE =
      Pattern.compile("^\\s*(\\d+)\\.\\s+(\\d+)\\s+\\[[^\\]]*\\]\\s+(\\d+)\\s+\\[[^\\]]*\\].*$");

  private final String device;
  private final String path;
  private final Duration poll;
  private final DriveState state;
  private ScheduledExecutorService poller;

  /** Test seam: {@code path} is the {@code PATH} searched for the executable. */
  CdParanoiaDrive(String device, String path, Duration poll) {
    this.device = Objects.requireNonNull(device, "device");
    this.path = path == null ? "" : path;
    this.poll = poll;
    this.state = new DriveState(device);
  }

  /** The drive at {@code device} ({@code /dev/sr0}), looked at every 5 s. */
  public static CdParanoiaDrive create(String device) {
    return create(device, DEFAULT_POLL);
  }

  /**
   * The drive at {@code device}, looked at every {@code poll}.
   *
   * @throws IllegalArgumentException if the device is blank ({@code "device is blank"}) or the
   *     poll interval not positive ({@code "poll <= 0: PT0S"})
   */
  public static CdParanoiaDrive create(String device, Duration poll) {
    Objects.requireNonNull(device, "device");
    if (device.isBlank()) {
      throw new IllegalArgumentException("device is blank");
    }
    Objects.requireNonNull(poll, "poll");
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("poll <= 0: " + poll);
    }
    return new CdParanoiaDrive(device, System.getenv("PATH"), poll);
  }

  @Override
  public String name() {
    return device;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IOException {@value #NOT_INSTALLED}; {@code "no such device: /dev/sr9"}; or
   *     cdparanoia's own complaint about the drive
   */
  @Override
  public void start() throws IOException {
    Path exe = executable();
    if (!Files.exists(Path.of(device))) {
      throw new IOException("no such device: " + device);
    }
    state.markStarted();
    Optional<Disc> first = query(exe);
    synchronized (this) {
      state.setQuietly(first);
      poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdparanoia " + device);
        t.setDaemon(true);
        return t;
      });
      poller.scheduleWithFixedDelay(this::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Optional<Disc> disc() {
    return state.disc();
  }

  @Override
  public synchronized void refresh() throws IOException {
    if (state.closed()) {
      return;
    }
    state.set(query(executable()));
  }

  private void poll() {
    try {
      refresh();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, device + ": " + e.getMessage());
    }
  }

  /** The cdparanoia executable on the PATH. */
  Path executable() throws IOException {
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path exe = Path.of(dir, "cdparanoia");
      if (Files.isRegularFile(exe) && Files.isExecutable(exe)) {
        return exe;
      }
    }
    throw new IOException(NOT_INSTALLED);
  }

  /** Runs {@code cdparanoia -Q}: the disc in the drive, or empty if there is none. */
  private Optional<Disc> query(Path exe) throws IOException {
    Process p = new ProcessBuilder(exe.toString(), "-Q", "-d", device).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    String err;
    try {
      // -Q prints little; reading stderr to its end cannot block on a full pipe.
      err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(QUERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IOException(device + ": cdparanoia -Q did not finish within " + QUERY_TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(device + ": interrupted while querying the drive", e);
    } finally {
      p.destroyForcibly();
    }
    Optional<Toc> toc = parseToc(err);
    if (toc.isPresent()) {
      return Optional.of(new ParanoiaDisc(exe, toc.get()));
    }
    if (p.exitValue() != 0 && !looksEmpty(err)) {
      throw new IOException(device + ": cdparanoia cannot read the drive: " + lastLine(err));
    }
    return Optional.empty();
  }

  private static boolean looksEmpty(String err) {
    String e = err.toLowerCase(java.util.Locale.ROOT);
    return e.contains("no medium") || e.contains("is there an audio cd") || e.contains("no audio tracks")
        || e.contains("unable to open disc") || e.contains("no disc");
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return "no message";
  }

  /**
   * The table of contents in what {@code cdparanoia -Q} prints, or empty if it lists no track.
   *
   * @throws IOException if the table lists tracks that do not follow each other (a data track
   *     between audio tracks) or is otherwise not a disc
   */
  static Optional<Toc> parseToc(String text) throws IOException {
    List<int[]> tracks = new ArrayList<>();
    boolean inTable = false;
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("=====")) {
        inTable = true;
        continue;
      }
      if (!inTable) {
        continue;
      }
      if (line.startsWith("TOTAL")) {
        break;
      }
      Matcher m = TRACK_LINE.matcher(line);
      if (m.matches()) {
        tracks.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
      }
    }
    if (tracks.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < tracks.size(); i++) {
      if (i > 0 && tracks.get(i)[0] != tracks.get(i - 1)[0] + 1) {
        throw new IOException("cdparanoia lists audio tracks " + tracks.get(i - 1)[0] + " and " + tracks.get(i)[0]
            + " with a data track between: only audio CDs are served");
      }
      offsets.add(tracks.get(i)[2] + Toc.LEAD_IN_FRAMES);
    }
    int[] last = tracks.get(tracks.size() - 1);
    try {
      return Optional.of(Toc.of(tracks.get(0)[0], last[0], last[2] + last[1] + Toc.LEAD_IN_FRAMES, offsets));
    } catch (IllegalArgumentException e) {
      throw new IOException("cdparanoia's table of contents is not a disc: " + e.getMessage(), e);
    }
  }

  /**
   * The span argument for frames {@code first .. first+count-1}: track-relative sector offsets
   * ({@code 2[.10]-3[.74]}, the end inclusive), which cdparanoia resolves the same way whatever
   * the drive's lead-in addressing.
   */
  static String span(Toc toc, int first, int count) {
    int last = first + count - 1;
    int a = trackOf(toc, first);
    int b = trackOf(toc, last);
    return a + "[." + (first - toc.offset(a)) + "]-" + b + "[." + (last - toc.offset(b)) + "]";
  }

  private static int trackOf(Toc toc, int frame) {
    int t = toc.firstTrack();
    while (t < toc.lastTrack() && toc.offset(t + 1) <= frame) {
      t++;
    }
    return t;
  }

  @Override
  public void addListener(DiscListener listener) {
    state.addListener(listener);
  }

  @Override
  public void removeListener(DiscListener listener) {
    state.removeListener(listener);
  }

  @Override
  public void close() {
    if (!state.markClosed()) {
      return;
    }
    ScheduledExecutorService p;
    synchronized (this) {
      p = poller;
    }
    if (p != null) {
      p.shutdownNow();
      try {
        p.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "CdParanoiaDrive[" + device + "]";
  }

  /** The disc in the drive; each read runs cdparanoia. */
  private final class ParanoiaDisc implements Disc {
    private final Path exe;
    private final Toc toc;

    ParanoiaDisc(Path exe, Toc toc) {
      this.exe = exe;
      this.toc = toc;
    }

    @Override
    public Toc toc() {
      return toc;
    }

    @Override
    public String origin() {
      return device;
    }

    @Override
    public InputStream openPcm(int firstFrame, int frameCount) throws IOException {
      Disc.checkRange(toc, firstFrame, frameCount);
      if (frameCount == 0) {
        return InputStream.nullInputStream();
      }
      Path err = Files.createTempFile("cdparanoia", ".log");
      Process p;
      try {
        p = new ProcessBuilder(exe.toString(), "-q", "-d", device, "-r", span(toc, firstFrame, frameCount), "-")
            .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      } catch (IOException e) {
        Files.deleteIfExists(err);
        throw e;
      }
      return new ProcessStream(p, err, (long) frameCount * Toc.BYTES_PER_FRAME);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParanoiaDisc d && d.origin().equals(origin()) && d.toc.equals(toc);
    }

    @Override
    public int hashCode() {
      return device.hashCode() * 31 + toc.hashCode();
    }

    @Override
    public String toString() {
      return "Disc[" + device + ", " + toc.trackCount() + " tracks, " + toc.freedbId() + "]";
    }
  }

  /** cdparanoia's standard output; fails if it ends short, and ends the process when closed. */
  private final class ProcessStream extends FilterInputStream {
    private final Process process;
    private final Path err;
    private long left;
    private boolean closed;

    ProcessStream(Process process, Path err, long expected) {
      super(process.getInputStream());
      this.process = process;
      this.err = err;
      this.left = expected;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        String why;
        try {
          process.waitFor(5, TimeUnit.SECONDS);
          why = lastLine(Files.readString(err));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          why = "interrupted";
        }
        throw new IOException(device + ": cdparanoia stopped " + left + " bytes short: " + why);
      }
      left -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        super.close();
      } finally {
        process.destroy();
        Files.deleteIfExists(err);
      }
    }
  }
}
