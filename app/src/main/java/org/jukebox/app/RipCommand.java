package org.jukebox.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.jukebox.soundsmith.cd.CdDrive;
import org.jukebox.soundsmith.cd.CdDrives;
import org.jukebox.soundsmith.cd.Disc;
import org.jukebox.soundsmith.cd.DiscInfoSource;
import org.jukebox.soundsmith.cddb.CddbDiscInfo;
import org.jukebox.soundsmith.cddb.CddbHttp;
import org.jukebox.soundsmith.cddb.XmcdDatabase;
import org.jukebox.soundsmith.rip.DiscReport;
import org.jukebox.soundsmith.rip.FileTemplate;
import org.jukebox.soundsmith.rip.Quality;
import org.jukebox.soundsmith.rip.RipDaemon;
import org.jukebox.soundsmith.rip.RipListener;
import org.jukebox.soundsmith.rip.RipProgress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jukebox rip}: the rip daemon. Rips the discs in its sources (drives, disc images,
 * folders of images) into tagged MP3 files in a library folder that an MP3 SoundSmith serves,
 * naming them from a CDDB server or a local xmcd database; keeps watching the sources for new
 * discs until stopped, or with {@code --once} rips what is there and exits (status 0 when every
 * track is in the library, 1 otherwise). Bad options are one line on standard error and exit
 * code 2.
 */
@Command(
    name = "rip",
    mixinStandardHelpOptions = true,
    description = {
      "Rips audio CDs (drives, CUE/WAV images, folders of images) into tagged MP3 files in a library folder,"
          + " resuming where it stopped. Runs in the background at low priority (start it under nice to make"
          + " the operating system agree)."
    })
public final class RipCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--source", required = true, paramLabel = "IMAGE|FOLDER|DEVICE",
      description = "A .cue file or folder of track WAVs, a folder of disc images, or a CD device (/dev/sr0,"
          + " read with cdparanoia). Repeatable.")
  List<String> sources = new ArrayList<>();

  @Option(names = "--library", required = true, paramLabel = "DIR",
      description = "The folder the MP3 files go to (served by `jukebox soundsmith mp3 DIR`).")
  Path library;

  @Option(names = "--cddb", paramLabel = "URL",
      description = "A CDDB server, e.g. http://gnudb.gnudb.org (its /~cddb/cddb.cgi is used).")
  URI cddb;

  @Option(names = "--cddb-cache", paramLabel = "DIR",
      description = "Where entries found on the CDDB server are kept (xmcd files); default <library>/.jukebox-rip/cddb.")
  Path cddbCache;

  @Option(names = "--xmcd", paramLabel = "DIR",
      description = "A local CDDB database of xmcd files in the freedb layout (category/discid), for offline use.")
  Path xmcd;

  @Option(names = "--quality", paramLabel = "KBPS|vbr|vbr:KBPS", defaultValue = "192",
      description = "Constant bit rate in kbit/s (default ${DEFAULT-VALUE}), or variable bit rate around a target.")
  String quality;

  @Option(names = "--template", paramLabel = "TEMPLATE", defaultValue = FileTemplate.DEFAULT,
      description = "File names: %%a artist, %%A disc artist, %%l album, %%t title, %%n track, %%N tracks, %%y year,"
          + " %%g genre, %%d disc id (default ${DEFAULT-VALUE}).")
  String template;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Tracks encoded at once (default ${DEFAULT-VALUE}: leave the machine to its users).")
  int threads;

  @Option(names = "--once", description = "Rip the discs there now, then exit (0 if every track was ripped).")
  boolean once;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RipDaemon.Builder builder;
    List<CdDrive> drives = new ArrayList<>();
    try {
      if (cddb != null && xmcd != null) {
        throw new IllegalArgumentException("give --cddb URL or --xmcd DIR, not both");
      }
      builder = RipDaemon.builder(library).quality(Quality.parse(quality)).template(FileTemplate.parse(template))
          .threads(threads).discInfo(discInfo()).listener(printer(out));
      for (String s : sources) {
        drives.add(CdDrives.open(s));
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("jukebox rip: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (once) {
      return ripOnce(builder.build(), drives, out, err);
    }
    drives.forEach(builder::ownDrive);
    RipDaemon daemon = builder.build();
    try {
      daemon.start();
    } catch (IOException | RuntimeException e) {
      err.println("jukebox rip: " + e.getMessage());
      err.flush();
      return 1;
    }
    out.println("ripping into " + daemon.library() + " from " + String.join(", ", sources) + "; Ctrl-C stops");
    out.flush();
    Daemons.runUntilStopped(daemon);
    return 0;
  }

  private DiscInfoSource discInfo() {
    if (xmcd != null) {
      return CddbDiscInfo.of(XmcdDatabase.open(xmcd));
    }
    if (cddb != null) {
      Path cache = cddbCache != null ? cddbCache
          : library.toAbsolutePath().resolve(RipDaemon.STATE_FOLDER).resolve("cddb");
      return CddbDiscInfo.of(CddbHttp.builder(cddb).cacheDir(cache).build());
    }
    return DiscInfoSource.NONE;
  }

  private static RipListener printer(PrintWriter out) {
    return new RipListener() {
      @Override
      public void progress(RipProgress p) {
        if (p.phase() != RipProgress.Phase.READING && p.phase() != RipProgress.Phase.VERIFYING) {
          synchronized (out) {
            out.println(p);
            out.flush();
          }
        }
      }

      @Override
      public void discFinished(DiscReport report) {
        synchronized (out) {
          out.println(report.summary());
          report.tracks().stream().filter(t -> !t.message().isEmpty())
              .forEach(t -> out.println("  " + t.message()));
          out.flush();
        }
      }
    };
  }

  private static int ripOnce(RipDaemon daemon, List<CdDrive> drives, PrintWriter out, PrintWriter err) {
    boolean complete = true;
    try (daemon) {
      daemon.start();
      List<CompletableFuture<DiscReport>> work = new ArrayList<>();
      for (CdDrive d : drives) {
        d.start();
        Optional<Disc> disc = d.disc();
        if (disc.isEmpty()) {
          out.println("no disc in " + d.name());
        } else {
          work.add(daemon.rip(disc.get()));
        }
      }
      for (CompletableFuture<DiscReport> f : work) {
        complete &= f.get().complete();
      }
    } catch (IOException | RuntimeException e) {
      err.println("jukebox rip: " + e.getMessage());
      return 1;
    } catch (ExecutionException e) {
      err.println("jukebox rip: " + e.getCause().getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("jukebox rip: interrupted");
      return 1;
    } finally {
      drives.forEach(CdDrive::close);
      out.flush();
      err.flush();
    }
    return complete ? 0 : 1;
  }
}
