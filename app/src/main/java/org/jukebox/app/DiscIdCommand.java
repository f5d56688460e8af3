package org.jukebox.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jukebox.soundsmith.cd.CdDrive;
import org.jukebox.soundsmith.cd.CdDrives;
import org.jukebox.soundsmith.cd.Disc;
import org.jukebox.soundsmith.cd.Toc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jukebox discid}: prints a disc's MusicBrainz and freedb IDs and the CDDB query line,
 * from a disc image, a drive, or a table of contents typed in, for checking a disc by hand.
 * Problems (a bad TOC, a bad image, no disc) are one line on standard error and exit code 1.
 */
@Command(
    name = "discid",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the MusicBrainz disc ID, the freedb/CDDB disc ID and the CDDB query line of a disc.",
      "The disc is a CUE sheet (or a folder of track WAVs), a drive (/dev/sr0, read with cdparanoia),"
          + " or a table of contents given with --toc."
    })
public final class DiscIdCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CUEFILE|DEVICE",
      description = "A .cue file, a folder of track WAVs, or a CD device.")
  String image;

  @Option(names = "--toc", paramLabel = "\"FIRST LAST LEADOUT OFFSET...\"",
      description = "The table of contents as numbers: first and last track, lead-out frame and each track's"
          + " start frame (150 for a first track with no hidden audio before it).")
  String toc;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((image == null) == (toc == null)) {
      err.println("jukebox discid: give a CUE file (or device) or --toc \"FIRST LAST LEADOUT OFFSET...\", not "
          + (image == null ? "neither" : "both"));
      return 2;
    }
    Toc t;
    try {
      t = toc != null ? Toc.parse(toc) : read(image);
    } catch (IllegalArgumentException | IOException e) {
      err.println("jukebox discid: " + e.getMessage());
      return 1;
    }
    out.println("MusicBrainz ID: " + t.musicBrainzId());
    out.println("freedb ID:      " + t.freedbId());
    out.println("CDDB query:     cddb query " + t.cddbQuery());
    out.println("TOC:            " + t);
    out.println("tracks:         " + t.trackCount() + " (" + t.firstTrack() + ".." + t.lastTrack() + "), "
        + clock(t.duration().toSeconds()));
    out.flush();
    return 0;
  }

  private static Toc read(String spec) throws IOException {
    try (CdDrive drive = CdDrives.open(spec)) {
      drive.start();
      return drive.disc().map(Disc::toc).orElseThrow(() -> new IOException("no disc in " + drive.name()));
    }
  }

  private static String clock(long seconds) {
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }
}
