package org.jukebox.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.jukebox.api.EventKind;
import org.jukebox.api.ListeningEvent;
import org.jukebox.api.Song;

/**
 * Turns what a {@link Player} does into DJ events: {@code STARTED} when a song's audio starts,
 * {@code FINISHED} when it plays to the end, {@code SKIPPED} with the position when the user
 * goes to another song or stops before the end, {@code FAST_FORWARDED} with the position it
 * jumped from when the user seeks forward, {@code PAUSED} with the position. A failed song is
 * not the user's verdict and is not reported.
 *
 * <p>Made by {@link DjClient#reporter()}; add it with {@link Player#addListener}. The player
 * calls it on its event thread, one call at a time; every call only queues.
 */
public final class DjReporter implements PlayerListener {
  /** A forward jump of at least this much between two position reports is a seek, not playing. */
  static final Duration SEEK_JUMP = Duration.ofSeconds(3);

  private final Consumer<ListeningEvent> sink;
  private final Clock clock;
  private Song current;
  private Duration lastPosition = Duration.ZERO;
  private Instant lastPositionAt;
  private boolean paused;

  DjReporter(Consumer<ListeningEvent> sink, Clock clock) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void songStarted(Song song) {
    current = song;
    lastPosition = Duration.ZERO;
    lastPositionAt = clock.instant();
    paused = false;
    sink.accept(ListeningEvent.of(song.id(), EventKind.STARTED, song.duration()));
  }

  @Override
  public synchronized void songEnded(Song song, SongEnd how, Duration position) {
    Duration length = song.duration();
    switch (how) {
      case COMPLETED -> sink.accept(ListeningEvent.of(song.id(), EventKind.FINISHED, length));
      case SKIPPED, STOPPED -> sink.accept(ListeningEvent.at(song.id(), EventKind.SKIPPED, clamp(position, length), length));
      case FAILED -> { }
    }
    if (song.equals(current)) {
      current = null;
    }
  }

  @Override
  public synchronized void positionChanged(Song song, Duration position) {
    Instant now = clock.instant();
    if (song.equals(current) && lastPositionAt != null) {
      // Playing moves the position by about the time that passed; much more is a seek forward.
      Duration played = Duration.between(lastPositionAt, now);
      Duration expected = lastPosition.plus(played.isNegative() ? Duration.ZERO : played);
      if (position.minus(expected).compareTo(SEEK_JUMP) >= 0) {
        sink.accept(ListeningEvent.at(song.id(), EventKind.FAST_FORWARDED, clamp(lastPosition, song.duration()),
            song.duration()));
      }
    }
    if (!song.equals(current)) {
      current = song;
    }
    lastPosition = position;
    lastPositionAt = paused ? null : now;
  }

  @Override
  public synchronized void stateChanged(PlayerState state) {
    if (state == PlayerState.PAUSED && current != null && !paused) {
      paused = true;
      sink.accept(ListeningEvent.at(current.id(), EventKind.PAUSED, clamp(lastPosition, current.duration()),
          current.duration()));
    } else if (state == PlayerState.PLAYING && paused) {
      paused = false;
      lastPositionAt = clock.instant();
    }
  }

  /** Never past the end as the client knows it (the DJ refuses absurd positions). */
  private static Duration clamp(Duration position, Duration length) {
    if (position.isNegative()) {
      return Duration.ZERO;
    }
    return !length.isZero() && position.compareTo(length) > 0 ? length : position;
  }
}
