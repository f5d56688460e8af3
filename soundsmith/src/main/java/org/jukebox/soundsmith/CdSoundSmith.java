package org.jukebox.soundsmith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jukebox.api.Song;
import org.jukebox.api.SongId;
import org.jukebox.api.SoundSmithInfo;
import org.jukebox.soundsmith.cd.CdDrive;
import org.jukebox.soundsmith.cd.Disc;
import org.jukebox.soundsmith.cd.DiscImage;
import org.jukebox.soundsmith.cd.DiscEvent;
import org.jukebox.soundsmith.cd.DiscInfo;
import org.jukebox.soundsmith.cd.DiscInfoSource;
import org.jukebox.soundsmith.cd.DiscLookupException;
import org.jukebox.soundsmith.cd.Toc;
import org.jukebox.soundsmith.internal.CdTrackSource;

/**
 * A SoundSmith that serves the audio CD in a {@link CdDrive}: one song per track. Clients see
 * the same interface as for MP3s; only {@link SoundSmithInfo#kind()} says {@code cd}.
 *
 * <p>When a disc is inserted, its tracks are put in the catalog at once under the names its CUE
 * sheet gives, if it is an image whose sheet has {@code TITLE}/{@code PERFORMER} lines, else
 * under generic names ("Track 3", album "Unknown disc 370fce16", the freedb ID), and the configured
 * {@link DiscInfoSource} is asked, on a thread of its own, for real ones; if it answers, the
 * songs are put again with its titles, artist, album, year and genre. A lookup that finds
 * nothing or fails leaves the generic names (a failure is logged). Ejecting the disc removes its
 * songs; swapping it does both in one catalog change. Each change bumps the catalog version.
 *
 * <p>Song ids are stable for a disc and track: the SoundSmith's id, a colon, the disc's
 * MusicBrainz ID and the track number ({@code alice-cd:xUp1F2NkfP8s8jaeFn_Av3jNEI4--t03}), so
 * the same disc in another drive or a later session is the same songs.
 *
 * <p>Streams: each track is {@code audio/basic} (Sun {@code .au}: a 24-byte header and
 * big-endian 16-bit stereo PCM at 44.1 kHz) unless the builder chose WAV; either way a stream
 * request may ask for the other format by adding {@code ?format=wav} or {@code ?format=au} to
 * its ticket URL. Range requests map to the right frames; only the frames asked for are read.
 * {@link Song#sizeBytes()} and {@link Song#duration()} are exact (duration to the millisecond).
 *
 * <p>Unless built with {@link Builder#sharedDrive()}, the SoundSmith owns its drive: it starts
 * it in {@link #start()} and closes it in {@link #close()}.
 *
 * <p>Thread-safe.
 */
public final class CdSoundSmith extends SoundSmithServer {
  private static final System.Logger LOG = System.getLogger(CdSoundSmith.class.getName());
  /** PCM bit rate of CD audio in kbit/s, rounded: 44,100 × 16 × 2 / 1000. */
  public static final int CD_BITRATE_KBPS = 1411;

  private final CdDrive drive;
  private final DiscInfoSource names;
  private final CdTrackSource.Format format;
  private final boolean ownsDrive;
  private final ExecutorService lookups;
  private final org.jukebox.soundsmith.cd.DiscListener listener = this::discChanged;
  private final Object discLock = new Object();
  /** Guarded by discLock: the disc served now, the names in use, and the ids in the catalog. */
  private Disc disc;
  private DiscInfo info;
  private final Set<SongId> served = new HashSet<>();

  private CdSoundSmith(Builder b) {
    super(SoundSmithInfo.KIND_CD, b.config);
    this.drive = b.drive;
    this.names = b.names;
    this.format = b.format;
    this.ownsDrive = b.ownsDrive;
    this.lookups = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "cd-soundsmith-lookup-" + b.config.id());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A CD SoundSmith over {@code drive} with generic names only, streaming {@code .au}; it owns
   * the drive. Not started.
   */
  public static CdSoundSmith create(SoundSmithConfig config, CdDrive drive) {
    return builder(config, drive).build();
  }

  /** Starts building a CD SoundSmith over {@code drive}. */
  public static Builder builder(SoundSmithConfig config, CdDrive drive) {
    return new Builder(config, drive);
  }

  /** The drive it serves. */
  public CdDrive drive() {
    return drive;
  }

  /** The disc served now, if any. */
  public Optional<Disc> disc() {
    synchronized (discLock) {
      return Optional.ofNullable(disc);
    }
  }

  /** The names the disc is served under (from a lookup, else from its CUE sheet); empty while generic. */
  public Optional<DiscInfo> discInfo() {
    synchronized (discLock) {
      return Optional.ofNullable(info);
    }
  }

  /** The song id of a track of a disc, as this SoundSmith gives it. */
  public SongId trackId(Toc toc, int track) {
    return songId(toc.musicBrainzId() + "-t" + String.format("%02d", track));
  }

  @Override
  protected void startIndexing() throws IOException {
    drive.addListener(listener);
    if (ownsDrive) {
      drive.start();
    }
    serve(drive.disc());
  }

  @Override
  protected void stopIndexing() {
    drive.removeListener(listener);
    lookups.shutdownNow();
    if (ownsDrive) {
      drive.close();
    }
    try {
      lookups.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void discChanged(DiscEvent event) {
    // Reconcile with what the drive holds now rather than trusting the event alone: the two
    // agree, and reading the drive's state keeps a late event from undoing a newer one.
    serve(drive.disc());
  }

  /** Makes the catalog hold exactly the tracks of {@code now}, under generic names, and looks names up. */
  private void serve(Optional<Disc> now) {
    Disc next = now.orElse(null);
    synchronized (discLock) {
      if (Objects.equals(disc, next)) {
        return;
      }
      disc = next;
      // An image's CUE sheet may name the disc itself; a disc database's answer still wins.
      info = next instanceof DiscImage image ? image.cueText().orElse(null) : null;
      List<CatalogChange> changes = new ArrayList<>();
      Set<SongId> ids = new HashSet<>();
      if (next != null) {
        for (int t = next.toc().firstTrack(); t <= next.toc().lastTrack(); t++) {
          CatalogChange c = change(next, t, info);
          ids.add(c.id());
          changes.add(c);
        }
      }
      for (SongId old : served) {
        if (!ids.contains(old)) {
          changes.add(CatalogChange.remove(old));
        }
      }
      served.clear();
      served.addAll(ids);
      apply(changes);
    }
    if (next != null && names != DiscInfoSource.NONE) {
      try {
        lookups.execute(() -> lookUp(next));
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  private void lookUp(Disc d) {
    Optional<DiscInfo> found;
    try {
      found = names.lookup(d.toc());
    } catch (DiscLookupException e) {
      LOG.log(System.Logger.Level.WARNING, "no names for disc " + d.toc().freedbId() + " (" + d.origin() + "): "
          + e.getMessage() + "; serving it as \"Unknown disc " + d.toc().freedbId() + "\"");
      return;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "disc lookup failed for " + d.toc().freedbId(), e);
      return;
    }
    if (found.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, () -> "disc " + d.toc().freedbId() + " (" + d.origin() + ") is not known; "
          + "serving generic names");
      return;
    }
    synchronized (discLock) {
      if (!d.equals(disc)) {
        return; // swapped meanwhile
      }
      info = found.get();
      List<CatalogChange> changes = new ArrayList<>();
      for (int t = d.toc().firstTrack(); t <= d.toc().lastTrack(); t++) {
        changes.add(change(d, t, info));
      }
      apply(changes);
    }
    LOG.log(System.Logger.Level.INFO, () -> "disc " + d.toc().freedbId() + " is \"" + found.get().album() + "\" by "
        + found.get().artist());
  }

  private CatalogChange change(Disc d, int track, DiscInfo names) {
    Toc toc = d.toc();
    CdTrackSource source = CdTrackSource.track(d, track, format);
    int index = track - toc.firstTrack();
    String title = names == null || names.trackTitle(index).isBlank() ? "Track " + track : names.trackTitle(index);
    String artist = names == null ? "" : names.trackArtist(index);
    String album = names == null || names.album().isBlank() ? "Unknown disc " + toc.freedbId() : names.album();
    Song song = new Song(trackId(toc, track), title, artist, album, track, 0, names == null ? 0 : names.year(),
        names == null ? "" : names.genre(), toc.duration(track), CD_BITRATE_KBPS, 44_100, false, source.length(),
        source.contentType());
    return CatalogChange.put(song, source);
  }

  /** Builds a {@link CdSoundSmith}. Not thread-safe. */
  public static final class Builder {
    private final SoundSmithConfig config;
    private final CdDrive drive;
    private DiscInfoSource names = DiscInfoSource.NONE;
    private CdTrackSource.Format format = CdTrackSource.Format.AU;
    private boolean ownsDrive = true;

    private Builder(SoundSmithConfig config, CdDrive drive) {
      this.config = Objects.requireNonNull(config, "config");
      this.drive = Objects.requireNonNull(drive, "drive");
    }

    /** Where disc names come from; none unless set (generic names). */
    public Builder names(DiscInfoSource source) {
      this.names = Objects.requireNonNull(source, "names");
      return this;
    }

    /** Streams WAV ({@code audio/wav}) by default instead of {@code .au}. */
    public Builder wav() {
      this.format = CdTrackSource.Format.WAV;
      return this;
    }

    /**
     * The drive is shared (with a rip daemon, say): whoever made it starts and closes it; the
     * SoundSmith only listens to it.
     */
    public Builder sharedDrive() {
      this.ownsDrive = false;
      return this;
    }

    /** The SoundSmith, not started. */
    public CdSoundSmith build() {
      return new CdSoundSmith(this);
    }
  }
}
