package org.jukebox.soundsmith.cd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Picks a {@link CdDrive} for what a user names on the command line
 * ({@code jukebox soundsmith cd DEVICE|IMAGE|FOLDER}).
 *
 * <p>Thread-safe: static methods only.
 */
public final class CdDrives {
  private CdDrives() {}

  /**
   * The drive for {@code spec}: a device ({@code /dev/...}, or any path that is neither a
   * regular file nor a folder) is a real drive read through cdparanoia; a {@code .cue} file, or a
   * folder holding one CUE sheet or track WAVs, is a fixed disc image; any other folder is a
   * watched folder of images ({@link ImageFolderDrive}). Nothing is opened yet:
   * {@link CdDrive#start()} does.
   *
   * @throws IOException {@code "not a CD device, disc image or folder: /x"} if it is none of these
   */
  public static CdDrive open(String spec) throws IOException {
    Objects.requireNonNull(spec, "spec");
    if (spec.isBlank()) {
      throw new IllegalArgumentException("drive is blank");
    }
    Path p = Path.of(spec).toAbsolutePath().normalize();
    if (spec.startsWith("/dev/")) {
      return CdParanoiaDrive.create(spec);
    }
    if (Files.isDirectory(p)) {
      return isImage(p) ? image(p) : ImageFolderDrive.create(p);
    }
    if (Files.isRegularFile(p)) {
      if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".cue")) {
        return image(p);
      }
      throw new IOException("not a CD device, disc image or folder: " + p);
    }
    if (Files.exists(p)) {
      return CdParanoiaDrive.create(spec); // a device node outside /dev
    }
    throw new IOException("not a CD device, disc image or folder: " + p);
  }

  /**
   * A drive that holds one disc image for good: {@link CdDrive#start()} opens it (and fails with
   * the image's problem), and it never changes.
   */
  public static CdDrive image(Path image) {
    return new FixedImageDrive(image.toAbsolutePath().normalize());
  }

  /** Whether a folder is itself one disc (holds a CUE sheet or track WAVs), not a folder of discs. */
  static boolean isImage(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(f -> f.getFileName().toString().toLowerCase(Locale.ROOT))
          .anyMatch(n -> n.endsWith(".cue") || n.matches("(track)?[ _-]*\\d{1,2}([^0-9].*)?\\.wav"));
    }
  }

  /** One image, always in the drive. */
  private static final class FixedImageDrive implements CdDrive {
    private final Path image;
    private final DriveState state;

    FixedImageDrive(Path image) {
      this.image = image;
      this.state = new DriveState(image.toString());
    }

    @Override
    public String name() {
      return image.toString();
    }

    @Override
    public void start() throws IOException {
      state.markStarted();
      state.setQuietly(Optional.of(DiscImage.open(image)));
    }

    @Override
    public Optional<Disc> disc() {
      return state.disc();
    }

    @Override
    public void refresh() {}

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
      state.markClosed();
    }

    @Override
    public String toString() {
      return "ImageDrive[" + image + "]";
    }
  }
}
